// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

/// The one frame loop of the engine: frames from a ``FrameSource`` are decoded, given their service set,
/// marked by the ALG director (``GatewayDirector``), routed by the owner rule (``PacketRouter``) and handed
/// to a ``PacketSink`` by member.
///
/// Every way of running the engine is this loop with another sink (ARCHITECTURE.md, *One packet's
/// journey*): inline (members run on the pump's thread: one member, `--sequential`, the shell's stepped
/// replay), dispatched (the default: batches to the members' lanes, run by the ``ReplayCrew``) and
/// independent (every member runs its own pump over the whole capture and keeps its own packets).
///
/// Packets are routed in groups of ``groupSize``: the candidates and steering prefetches of the whole group
/// first, then the decisions of the packets that need one, in capture order, then the hand-over — so the
/// steering table's cache misses overlap, and no branch depends on which packets needed a decision. When a
/// decision fills the steering table to half, the packets up to it are handed over and the sink settled,
/// and the table is rebuilt from the members' sessions (``PacketRouter/rebuildSteering(now:from:)``).
struct FramePump: ~Copyable {
    static let groupSize = 32

    /// Service set by VLAN, decided once here for the director, the router and the members.
    private(set) var classifier: FlowClassifier
    /// The side of the card each interface of the source is on (by ``FrameInfo/interface``); empty, or an
    /// interface past its end, for a source that does not know (a capture): the owner rule then guesses.
    let interfaceSides: [PacketSide]
    /// The service set of each interface of the source that has one (a configured Linux interface, SPEC.md
    /// §6), by ``FrameInfo/interface``; frames of the other interfaces, or of a source without any (a
    /// capture), go by their outer VLAN.
    let interfaceServiceSets: [UInt8]
    var director: GatewayDirector
    var router: PacketRouter
    /// Frames read, and the frames that could not be decoded, by reason.
    var counters = MemberCounters()
    /// Packet time of the first frame and of the last, and the packet time reached (never decreasing,
    /// even when a capture's frames are slightly out of order), nanoseconds since the epoch.
    private(set) var firstTimestamp: UInt64?
    private(set) var lastTimestamp: UInt64 = 0
    private(set) var now: UInt64 = 0

    private let pending: UnsafeMutableBufferPointer<SessionPacket>
    private let routes: UnsafeMutableBufferPointer<PacketRouter.Route>
    /// The indices, in order, of the group's packets whose member the router must decide.
    private let undecided: UnsafeMutableBufferPointer<Int>

    /// - Parameters:
    ///   - expectedFlows: flows to size the steering table for.
    ///   - keepsEveryFlow: no timeout ends a session (`--no-expire`).
    ///   - interfaceSides: the side of each of the source's interfaces, where it knows them (SPEC.md §6).
    ///   - interfaceServiceSets: the service set of each of the source's interfaces that has one.
    ///   - shard: the shard whose members alone the sink runs (`--member-shard`), for the owner rule.
    init(
        configuration: EngineConfiguration, expectedFlows: Int, seed: UInt64, keepsEveryFlow: Bool = false,
        interfaceSides: [PacketSide] = [], interfaceServiceSets: [UInt8] = [], shard: MemberShard? = nil
    ) {
        classifier = FlowClassifier(configuration)
        self.interfaceSides = interfaceSides
        self.interfaceServiceSets = interfaceServiceSets
        director = GatewayDirector(configuration: configuration)
        router = PacketRouter(
            configuration: configuration, expectedFlows: expectedFlows, seed: seed, keepsEveryFlow: keepsEveryFlow,
            shard: shard)
        pending = .allocate(capacity: Self.groupSize)
        pending.initialize(repeating: SessionPacket())
        routes = .allocate(capacity: Self.groupSize)
        routes.initialize(repeating: PacketRouter.Route(proposed: 0, other: 0, hash: 0, needsDecision: false))
        undecided = .allocate(capacity: Self.groupSize)
        undecided.initialize(repeating: 0)
    }

    /// Takes a new configuration (a reload, between two runs): the classifier, the ALG director and the owner
    /// rule are made anew — the director's channels and open gates are forgotten — and the steering table is
    /// rebuilt from `sessions`, the members' sessions already re-decided by it, so every flow keeps its
    /// member. The counters and the packet time go on.
    mutating func reconfigure(
        _ configuration: EngineConfiguration, expectedFlows: Int, seed: UInt64, keepsEveryFlow: Bool,
        sessions: MemberSessions
    ) {
        classifier = FlowClassifier(configuration)
        director = GatewayDirector(configuration: configuration)
        router = PacketRouter(
            configuration: configuration, expectedFlows: expectedFlows, seed: seed, keepsEveryFlow: keepsEveryFlow,
            shard: router.shard)
        router.rebuildSteering(now: now, from: sessions)
    }

    deinit {
        pending.deallocate()
        routes.deallocate()
        undecided.deallocate()
    }

    /// Pumps the frames of `source` into `sink`: those up to `step` nanoseconds of packet time past the
    /// time reached — before the first frame, past the first frame — or, with `step` `nil`, all of them.
    /// Every packet taken is handed to its member before this returns. With a `step`, the time reached
    /// moves to its end even where the frames run out before it — but not where the source paused on its
    /// own (an interrupted step, ``InterruptibleSource``): the time reached is then the last frame's.
    mutating func run<Source: FrameSource & ~Copyable, Sink: PacketSink & ~Copyable>(
        from source: inout Source, into sink: inout Sink, step: UInt64?
    ) -> FrameSourceEnd {
        // The per-frame state lives in locals during the loop, where it can stay in registers, and goes
        // back into `self` after it.
        var now = self.now
        var last = lastTimestamp
        var frames = counters.frames
        var longerThanOriginal = counters.framesLongerThanOriginal
        var count = 0
        var isFirst = firstTimestamp == nil
        var stop = isFirst ? nil : step.map { Self.adding(now, $0) }
        var stopAt = stop ?? .max
        var isPastStep = false
        let pending = self.pending
        let sides = interfaceSides
        let serviceSets = interfaceServiceSets
        // A local copy: `classifier` changes only on a reload, never during a run.
        let classifier = self.classifier
        let end = source.lend { bytes, frame in
            if isFirst {
                isFirst = false
                firstTimestamp = frame.timestamp
                now = frame.timestamp
                stop = step.map { Self.adding(frame.timestamp, $0) }
                stopAt = stop ?? .max
            }
            if frame.timestamp > stopAt {
                isPastStep = true
                return false
            }
            if frame.timestamp > now { now = frame.timestamp }
            last = frame.timestamp
            frames &+= 1
            longerThanOriginal &+= bytes.count > frame.originalLength ? 1 : 0
            do throws(WireError) {
                let decoded = try DecodedPacket(parsing: bytes, linkType: frame.linkType)
                let interface = Int(frame.interface)
                // The one rule of a packet's service set: its interface's, if it has one; else its VLAN's.
                let serviceSet =
                    interface < serviceSets.count
                    ? serviceSets[interface] : classifier.serviceSet(vlan: decoded.outerVLAN)
                pending[count] = SessionPacket(
                    decoded, time: now, serviceSet: serviceSet,
                    side: interface < sides.count ? sides[interface] : .unknown)
                director.markIfWatched(&pending[count], decoded: decoded, frame: bytes)
                count &+= 1
                if count == Self.groupSize {
                    route(count, into: &sink)
                    count = 0
                }
            } catch {
                counters.wireDrops[error.counterIndex] &+= 1
                if case .unsupportedLinkType = error { counters.unsupportedLinkType = frame.linkType }
                if Sink.takesUndecodedFrames {
                    // The sink hears of every frame in frame order: the packets before this one first.
                    route(count, into: &sink)
                    count = 0
                    sink.takeUndecoded(error)
                }
            }
            return true
        }
        route(count, into: &sink)
        sink.flush()
        self.now = now
        lastTimestamp = last
        counters.frames = frames
        counters.framesLongerThanOriginal = longerThanOriginal
        var isPausedBySource = false
        if case .paused = end { isPausedBySource = !isPastStep }
        if let stop, stop > self.now, !isPausedBySource { self.now = stop }
        return end
    }

    /// `a + b`, saturating at the end of time.
    private static func adding(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }

    /// Routes the first `count` packets of the group and hands them over: candidates and steering prefetches first; then
    /// the router decides, in capture order, for the packets that need it (their member replaces
    /// `proposed`); then every packet goes to its member. Whether a packet needs a decision is a coin toss
    /// with two members, so the loops select rather than branch on it.
    private mutating func route<Sink: PacketSink & ~Copyable>(_ count: Int, into sink: inout Sink) {
        guard count > 0 else { return }
        if router.candidates.memberCount == 1 {
            // One member owns everything: nothing to decide, and the group goes over as it is.
            sink.take(group: Span(_unsafeElements: UnsafeBufferPointer(rebasing: pending[0..<count])), member: 0)
            return
        }
        var undecidedCount = 0
        for i in 0..<count {
            let route = router.prepare(pending[i])
            routes[i] = route
            router.prefetch(route.hash)
            undecided[undecidedCount] = i
            undecidedCount &+= route.needsDecision ? 1 : 0
        }
        var handedOver = 0
        for k in 0..<undecidedCount {
            let i = undecided[k]
            routes[i].proposed = router.member(for: pending[i], route: routes[i], at: pending[i].time)
            if router.needsRebuild {
                // The steering table is half full: it is rebuilt from the members' sessions once they have
                // every packet up to this one — at this packet in every mode, so that the flows it forgets
                // (refused, gone) are the same whichever way the members run.
                for j in handedOver...i { sink.take(pending[j], member: routes[j].proposed) }
                handedOver = i + 1
                let now = pending[i].time
                sink.settle { sessions in router.rebuildSteering(now: now, from: sessions) }
            }
        }
        for i in handedOver..<count { sink.take(pending[i], member: routes[i].proposed) }
    }
}
