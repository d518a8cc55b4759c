// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
import PacketCapture
public import PacketRing
import Wire

/// A ``FrameSource`` over the rings of the configured Linux interfaces (SPEC.md §6): frames are lent in
/// place from the rings, with the ring's timestamp as packet time, and stay in the rings (the inline driver
/// sends them on from there) until ``release()``.
///
/// ``FrameInfo/interface`` numbers a ring and a direction: `2 × ring` for the frames the interface received,
/// `2 × ring + 1` for those it sent — seen only by a monitor on a service set's one interface (a bridge
/// port, a tap), where they are the other side's (``interfaceSides``). With both sides configured each
/// ring captures only what comes in.
public struct LiveFrameSource: FrameSource, ~Copyable {
    /// One ring per interface, in the order of ``interfaces``.
    public var rings: PacketRings
    public let interfaces: [LiveInterface]
    /// The side and the service set of each ``FrameInfo/interface`` number, for the ``FramePump``.
    public let interfaceSides: [PacketSide]
    public let interfaceServiceSets: [UInt8]
    /// The most frames lent between two ``release()``s.
    public let capacity: Int

    /// A frame lent since the last ``release()``: its ring and where it lies.
    struct Lent: BitwiseCopyable {
        var ring: Int
        var frame: RingFrame
    }
    private let lent: UnsafeMutableBufferPointer<Lent>
    /// Frames lent (and taken by the body) since the last ``release()``.
    public private(set) var lentCount = 0
    /// A frame the body declined: lent first by the next call.
    private var declined: Lent?
    /// The ring the next call starts with, so no ring starves the others.
    private var nextRing = 0

    /// Opens a ring on each interface: TPACKET_V3 for `monitor`, TPACKET_V2 for `inline`.
    ///
    /// - Parameter capacity: frames lent at most between two ``release()``s (far fewer than an inline ring's
    ///   4,095 usable frames; at most 64 of them super-frames, read whole from the socket). 256: a busy
    ///   inline card sends a batch with a system call per interface (iperf3 through a veth pair, offloads
    ///   off: 3.5 Gbit/s with 256, 3.2 with 64, 3.1 with 32).
    /// - Throws: the first ring that fails, naming its interface (missing, not root).
    public init(interfaces: [LiveInterface], mode: LinuxInterfaces.Mode, capacity: Int = 256) throws(PacketRingError) {
        // A monitor on a service set's one interface sees both directions on it; otherwise each ring
        // captures what comes in on it only.
        let alone = interfaces.map { interface in
            mode == .monitor && interfaces.filter { $0.serviceSet == interface.serviceSet }.count == 1
        }
        rings = try PacketRings(count: interfaces.count) { (index) throws(PacketRingError) in
            try PacketRing(
                interface: interfaces[index].name, kind: mode == .inline ? .inline : .monitor,
                capturesOutgoing: alone[index])
        }
        self.interfaces = interfaces
        var sides: [PacketSide] = []
        var serviceSets: [UInt8] = []
        for interface in interfaces {
            let other: PacketSide = interface.side == .inside ? .outside : .inside
            sides += [interface.side, other]
            serviceSets += [interface.serviceSet, interface.serviceSet]
        }
        interfaceSides = sides
        interfaceServiceSets = serviceSets
        self.capacity = capacity
        lent = .allocate(capacity: capacity)
    }

    deinit { lent.deallocate() }

    /// Lends the frames ready in the rings, ring after ring, at most ``capacity`` of them since the last
    /// ``release()``; `.paused` when none is ready (or the capacity is reached): more will come.
    public mutating func lend(_ body: (_ bytes: Span<UInt8>, _ frame: FrameInfo) -> Bool) -> FrameSourceEnd {
        if let held = declined {
            declined = nil
            guard lendOne(held, body) else { return .paused }
        }
        let count = rings.count
        guard count > 0 else { return .paused }
        for step in 0..<count {
            let ring = (nextRing + step) % count
            while lentCount < capacity, let frame = rings[ring].take() {
                guard lendOne(Lent(ring: ring, frame: frame), body) else { return .paused }
            }
        }
        nextRing = (nextRing + 1) % count
        return .paused
    }

    /// Lends one frame; `false` if the body declined it (it is then held for the next call).
    private mutating func lendOne(_ entry: Lent, _ body: (Span<UInt8>, FrameInfo) -> Bool) -> Bool {
        let info = FrameInfo(
            timestamp: entry.frame.timestamp, linkType: .ethernet,
            interface: UInt32(entry.ring &* 2 &+ (entry.frame.isOutgoing ? 1 : 0)), originalLength: entry.frame.length)
        let taken = rings[entry.ring].withBytes(of: entry.frame) { bytes in body(bytes, info) }
        guard taken else {
            declined = entry
            return false
        }
        lent[lentCount] = entry
        lentCount &+= 1
        return true
    }

    /// The `index`th frame lent since the last ``release()``: its ring and where it lies.
    func lentFrame(_ index: Int) -> Lent { lent[index] }

    /// Gives every frame lent back to its ring's kernel (kept while a declined frame waits to be lent).
    public mutating func release() {
        guard declined == nil else { return }
        for ring in 0..<rings.count { rings[ring].releaseTaken() }
        lentCount = 0
    }
}
