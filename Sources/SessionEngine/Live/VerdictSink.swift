// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

/// The ``PacketSink`` of an inline card (SPEC.md §6): each packet is processed at once by its member, on
/// the pump's thread, and what the card does with it recorded in frame order — also for the frames the pump
/// could not decode: a frame that is not IP (ARP, …) is forwarded, or nothing works across a bridge; any
/// other is dropped (still counted by name by the pump).
struct VerdictSink: PacketSink, ~Copyable {
    let lanes: [MemberLane]
    /// The verdicts of the frames pumped since ``reset()``, in frame order.
    private let verdicts: UnsafeMutableBufferPointer<PacketVerdict>
    private(set) var count = 0

    /// - Parameter capacity: the most frames pumped between two ``reset()``s.
    init(lanes: [MemberLane], capacity: Int) {
        self.lanes = lanes
        verdicts = .allocate(capacity: capacity)
        verdicts.initialize(repeating: .drop)
    }

    deinit { verdicts.deallocate() }

    static var takesUndecodedFrames: Bool { true }

    /// The verdict of the `index`th frame since ``reset()``.
    subscript(index: Int) -> PacketVerdict { verdicts[index] }

    /// Forgets the verdicts (their frames have been sent on or not).
    mutating func reset() { count = 0 }

    mutating func take(_ packet: SessionPacket, member: Int) {
        verdicts[count] = lanes[member].processor.process(packet)
        count &+= 1
    }

    mutating func takeUndecoded(_ error: WireError) {
        verdicts[count] = error == .notIP ? .forward : .drop
        count &+= 1
    }

    mutating func flush() {}

    mutating func settle(_ body: (MemberSessions?) -> Void) {
        body(MemberSessions(lanes: lanes))
    }
}
