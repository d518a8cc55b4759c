// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
public import PacketRing
public import ServicesCore
import Wire

/// The ``PacketDriver`` of `ams run` on Linux interfaces (SPEC.md §6): the rings of a ``LiveFrameSource``,
/// the one ``FramePump`` and the members, inline on the engine thread.
///
/// - **Monitor**: packets go to their members in batches (``MemberBatches``, as the shell's stepped
///   replay); nothing is sent.
/// - **Inline**: each packet is processed at once (``VerdictSink``) and its frame, still in its ring, is
///   sent by its verdict: forwarded out of the peer interface (the service set's other side), dropped, or
///   answered — a TCP reset or an ICMP port unreachable (``RejectAnswer``) sent back out of the interface
///   it came in on.
public struct LiveDriver: PacketDriver, ~Copyable {
    public var configuration: EngineConfiguration { engine.configuration }
    public let mode: LinuxInterfaces.Mode
    private var source: LiveFrameSource
    /// The pump and the members (monitor: in batches); where a reload is applied.
    private var engine: InlineEngine
    private var verdicts: VerdictSink
    private var waiter: RingPoll
    /// The rings' descriptors, for ``waiter`` (with the engine loop's mailbox once ``wake(on:)`` names it).
    private let ringDescriptors: [Int32]
    /// Per ring, the ring its frames are forwarded to (inline: the service set's other interface); -1: none.
    private let peers: [Int]
    /// The frames forwarded by the last run, sent out of ring ``outgoingRing`` together (-1: none yet).
    private var outgoing: SendBatch
    private var outgoingRing = -1
    /// Where a reject answer is built.
    private let answer: UnsafeMutableBufferPointer<UInt8>
    /// Wall-clock time the idle engine was moved to (``tick(wallClock:)``).
    private var tickedTo: UInt64 = 0
    public private(set) var liveCounters = LiveForwardingCounters()

    /// Opens the rings of `interfaces` (by default the configuration's `linux-interfaces`) in `mode` (by
    /// default the configuration's) and sets up the members of `configuration`.
    ///
    /// - Throws: ``PacketRingError`` for the first interface that cannot be opened.
    public init(
        configuration: EngineConfiguration, interfaces: [LiveInterface]? = nil, mode: LinuxInterfaces.Mode? = nil,
        seed: UInt64 = UInt64.random(in: 1...UInt64.max), records: SessionRecording? = nil
    ) throws(PacketRingError) {
        let interfaces = interfaces ?? configuration.liveInterfaces
        let mode = mode ?? configuration.liveMode ?? .monitor
        self.mode = mode
        source = try LiveFrameSource(interfaces: interfaces, mode: mode)
        engine = InlineEngine(
            configuration: configuration,
            expectedFlows: max(ReplayOptions.defaultExpectedSessions, 2 * (configuration.sessionCapacity ?? 0)),
            seed: seed, interfaceSides: source.interfaceSides, interfaceServiceSets: source.interfaceServiceSets,
            records: records)
        verdicts = VerdictSink(lanes: engine.memberTables.lanes, capacity: source.capacity)
        outgoing = SendBatch(capacity: source.capacity)
        var descriptors: [Int32] = []
        for ring in 0..<source.rings.count { descriptors.append(source.rings[ring].fileDescriptor) }
        ringDescriptors = descriptors
        waiter = RingPoll(descriptors)
        peers = interfaces.indices.map { index in
            guard mode == .inline else { return -1 }
            let interface = interfaces[index]
            return interfaces.firstIndex { $0.serviceSet == interface.serviceSet && $0.side != interface.side } ?? -1
        }
        answer = .allocate(capacity: RejectAnswer.maximumLength)
        answer.initialize(repeating: 0)
    }

    deinit { answer.deallocate() }

    public mutating func pump(waitingAtMost milliseconds: Int32) -> PumpOutcome {
        var frames = pumpReady()
        if frames == 0 && milliseconds > 0 && waiter.wait(milliseconds: milliseconds) { frames = pumpReady() }
        return .pumped(frames: frames)
    }

    /// Pumps the frames ready in the rings (at most the source's capacity), sends them on by their verdicts
    /// (inline) and gives them back to the rings; returns how many.
    private mutating func pumpReady() -> Int {
        let before = engine.framesRead
        switch mode {
        case .monitor:
            _ = engine.run(from: &source, step: nil)
        case .inline:
            verdicts.reset()
            _ = engine.run(from: &source, into: &verdicts)
            sendByVerdicts()
        }
        source.release()
        return Int(engine.framesRead &- before)
    }

    /// Sends each frame lent by the last run by its verdict, in frame order: the frames forwarded out of one
    /// interface one after the other leave with one system call, sent before any other.
    private mutating func sendByVerdicts() {
        defer { sendOutgoing() }
        // Every frame lent has its verdict: a packet's from its member, an undecoded frame's from the sink.
        let count = min(verdicts.count, source.lentCount)
        liveCounters.unmatched &+= UInt64(max(verdicts.count, source.lentCount) - count)
        for index in 0..<count {
            let entry = source.lentFrame(index)
            switch verdicts[index] {
            case .forward:
                let peer = peers[entry.ring]
                if peer != outgoingRing { sendOutgoing() }
                outgoingRing = peer
                if peer < 0 || !outgoing.append(entry.frame, from: source.rings[entry.ring]) {
                    liveCounters.sendFailures &+= 1
                }
            case .drop:
                liveCounters.dropped &+= 1
            case .reject:
                liveCounters.rejected &+= 1
                sendOutgoing()
                var output = unsafe answer.mutableSpan
                let length = source.rings[entry.ring].withBytes(of: entry.frame) { bytes in
                    RejectAnswer.build(answering: bytes, linkType: .ethernet, into: &output)
                }
                guard length > 0 else { continue }
                let sent = source.rings[entry.ring].send(unsafe answer.span.extracting(0..<length))
                if sent { liveCounters.answersSent &+= 1 } else { liveCounters.sendFailures &+= 1 }
            }
        }
    }

    /// Sends the frames of ``outgoing`` out of ``outgoingRing``.
    private mutating func sendOutgoing() {
        guard outgoing.count > 0, outgoingRing >= 0 else { return }
        let count = outgoing.count
        let refused = source.rings[outgoingRing].send(&outgoing)
        liveCounters.forwarded &+= UInt64(count - refused)
        liveCounters.sendFailures &+= UInt64(refused)
    }

    public mutating func tick(wallClock: UInt64) {
        publishRingStatistics()
        guard wallClock > now else { return }
        tickedTo = wallClock
        engine.memberTables.expireAll(upTo: wallClock)
        if let first = engine.firstTimestamp { engine.memberTables.elapsed = wallClock &- first }
    }

    /// Reads the kernel's ring counters into the tables, for `show services sessions analysis` (once a tick).
    private mutating func publishRingStatistics() {
        var snapshots: [LiveInterfaceSnapshot] = []
        for (index, ring) in ringStatistics().enumerated() {
            let side = index < source.interfaces.count && source.interfaces[index].side == .outside ? "outside" : "inside"
            snapshots.append(LiveInterfaceSnapshot(
                name: ring.interface, side: side, framesReceived: ring.statistics.packets,
                ringDrops: ring.statistics.drops, ringFreezes: ring.statistics.freezes))
        }
        engine.memberTables.liveInterfaces = snapshots
        if mode == .inline {
            engine.memberTables.liveForwarding = liveCounters
        }
    }

    /// The members' tables at the time reached (packet time, or the wall clock of the last idle tick).
    public var tables: MemberTables {
        engine.memberTables.standing(at: now, frames: engine.framesRead, since: engine.firstTimestamp)
    }

    public var counters: MemberCounters { engine.counters }

    public var now: UInt64 { max(engine.now, tickedTo) }

    /// Takes a reloaded configuration (``InlineEngine/reconfigure(_:)``) if it reads the same Linux
    /// interfaces in the same mode: the rings stay open, so another set of interfaces needs a restart.
    public mutating func reconfigure(
        _ configuration: EngineConfiguration
    ) throws(ReconfigurationError) -> ReconfigurationOutcome {
        guard configuration.liveInterfaces == engine.configuration.liveInterfaces,
            configuration.liveMode == engine.configuration.liveMode
        else {
            throw ReconfigurationError(
                "the new configuration changes the linux-interfaces or their mode: that needs a restart of ams run")
        }
        return try engine.reconfigure(configuration)
    }

    /// Polls the engine loop's mailbox with the rings, so that a command does not wait for traffic.
    public mutating func wake(on descriptor: Int32) {
        waiter = RingPoll(ringDescriptors + [descriptor])
    }

    /// The kernel's counts of each ring (frames, drops for a full ring), in the order of the interfaces.
    public mutating func ringStatistics() -> [(interface: String, statistics: RingStatistics)] {
        var result: [(interface: String, statistics: RingStatistics)] = []
        for ring in 0..<source.rings.count {
            source.rings[ring].readStatistics()
            result.append((source.rings[ring].interfaceName, source.rings[ring].statistics))
        }
        return result
    }
}
