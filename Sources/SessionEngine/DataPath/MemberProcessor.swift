// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Policy
import ServicesCore
public import SessionTable
import Wire

/// The data path of one AMS member: takes the packets the owner rule (``PacketRouter``) gave it, in capture
/// order, and creates, updates and expires their sessions (SPEC.md §4).
///
/// A `~Copyable` value owned by exactly one thread: no locks, no reference counting per packet, and nothing
/// allocates per packet once the tables are large enough.
public struct MemberProcessor: ~Copyable {
    /// This member's sessions.
    public var shard: SessionShard
    public internal(set) var counters: MemberCounters
    /// This member's position in the bundle.
    public let memberIndex: Int
    /// The configuration's values below change only when a reload reconfigures the member
    /// (``reconfigure(to:serviceSets:)``), between two batches.
    var configuration: Timers
    /// The policy's verdict on new flows.
    var classifier: FlowClassifier
    /// Each service set's `max-flows` (Int.max: none), whether it bypasses over the limit, and how long its
    /// sessions may live, in nanoseconds (its session timeout; 0: no limit).
    var serviceSetLimits: [(maxFlows: Int, bypass: Bool, lifetime: UInt64, resetsNonSYN: Bool)]
    /// The inactivity timeouts sessions may have (index 0: the interface's; then every application's
    /// `inactivity-timeout` and `child-inactivity-timeout`, at most 255): a session keeps its index in
    /// `Session.auxiliary`, so a TCP session gets its own timeout back when its handshake completes.
    var inactivityTimeouts: [UInt32]
    /// Where the first fragment of a datagram went on this member (its session's slot), for the later
    /// fragments; which member they go to is the owner rule's (``PacketRouter``).
    var fragments: FragmentTable
    var nextNumber: UInt32
    var packetsSinceSweep: Int
    /// Per-batch scratch: each packet's flow hash (0: not this member's packet).
    var batchHashes: [UInt64]
    /// `false` when no timeout ends a session (`--no-expire`, SPEC.md §5): nothing is swept, and a session
    /// idle past its timeout is still found; only a new SYN replaces a closed one.
    let expires: Bool
    /// Gates opened by this member's ALG sessions, by gate ID (see ``GatewayDirector``), until their child
    /// arrives or they expire.
    var gateBook: [UInt32: PendingGate] = [:]
    /// The packet time the table was last expired to (``expireAll(upTo:)``): the time a command sees it at,
    /// from which a Next Gen session's `Timeout:` (seconds left) is counted.
    var standsAt: UInt64 = 0
    /// Where this member reports its sessions' opening and end (SPEC.md §8), if records are on: a handle on
    /// its ``SessionRecordRing`` (pointers, no reference), which its ``MemberLane`` keeps alive.
    var recorder: SessionRecordRing.Producer? {
        // The sessions' starts are kept from the moment records are on: every record carries its start.
        didSet { if recorder != nil { shard.startTrackingStarts() } }
    }

    /// A gate this member's control session opened: the child it admits becomes that session's child.
    struct PendingGate {
        var parentSlot: Int
        var parentNumber: UInt32
        /// Packet time at which the gate expires.
        var expires: UInt64
        /// The inactivity timeout of the child session, seconds (0: the usual one).
        var childTimeout: UInt32
    }

    /// Sessions created, deleted and refused per second of packet time (`show services sessions analysis`,
    /// `utilization`).
    struct Rates {
        /// Packet time at which the current second ends.
        var secondEnds: UInt64 = 0
        var created = 0
        var deleted = 0
        var refused = 0
        var lastCreated = 0
        var lastDeleted = 0
        var lastRefused = 0
        var peakCreated = 0
        var peakDeleted = 0

        /// Closes the seconds before `now`.
        mutating func roll(to now: UInt64) {
            let isNextSecond = now < secondEnds &+ 1_000_000_000
            lastCreated = isNextSecond ? created : 0
            lastDeleted = isNextSecond ? deleted : 0
            lastRefused = isNextSecond ? refused : 0
            peakCreated = max(peakCreated, created)
            peakDeleted = max(peakDeleted, deleted)
            created = 0
            deleted = 0
            refused = 0
            // Saturates: hostile captures carry timestamps near the end of time.
            let (end, overflow) = (now / 1_000_000_000 + 1).multipliedReportingOverflow(by: 1_000_000_000)
            secondEnds = overflow ? .max : end
        }
    }
    var rates = Rates()

    /// How many packets ``process(batch:count:)`` prefetches for at once.
    public static let batchSize = 32

    /// The configuration values the data path reads, copied out of ``EngineConfiguration``.
    struct Timers: BitwiseCopyable {
        var inactivity: UInt32
        /// Non-TCP sessions' inactivity timeout (``EngineConfiguration/inactivityTimeout(isTCP:)``).
        var inactivityNonTCP: UInt32
        var open: UInt32
        var close: UInt32
        var sessionLimit: Int
        var bypassOverLimit: Bool

        /// The inactivity timeout of an established session of this transport.
        @inline(__always)
        func inactivity(isTCP: Bool) -> UInt32 { isTCP ? inactivity : inactivityNonTCP }
    }

    /// What a member takes from an ``EngineConfiguration``: worked out once here, for a new member and for
    /// a reload alike.
    struct Settings {
        var timers: Timers
        var classifier: FlowClassifier
        var serviceSetLimits: [(maxFlows: Int, bypass: Bool, lifetime: UInt64, resetsNonSYN: Bool)]
        var inactivityTimeouts: [UInt32]
        /// Some service set's sessions have a session timeout (an end).
        var hasSessionTimeout: Bool { serviceSetLimits.contains { $0.lifetime != 0 } }

        init(_ configuration: EngineConfiguration) {
            classifier = FlowClassifier(configuration)
            var timeouts = [configuration.inactivityTimeout]
            for policy in configuration.serviceSets {
                for application in policy.applications {
                    for timeout in [application.inactivityTimeout, application.childInactivityTimeout]
                    where timeout.map({ $0 > 0 && !timeouts.contains($0) }) ?? false && timeouts.count < 256 {
                        timeouts.append(timeout!)
                    }
                }
            }
            inactivityTimeouts = timeouts
            serviceSetLimits = configuration.serviceSets.indices.map { index in
                let policy = configuration.serviceSets[index]
                let lifetime = configuration.sessionTimeout(serviceSet: index).map { UInt64($0) * 1_000_000_000 } ?? 0
                return (
                    maxFlows: policy.maxFlows ?? Int.max, bypass: policy.bypassOverLimit, lifetime: lifetime,
                    resetsNonSYN: policy.resetsNonSYN)
            }
            timers = Timers(
                inactivity: configuration.inactivityTimeout,
                inactivityNonTCP: configuration.inactivityTimeout(isTCP: false), open: configuration.openTimeout,
                close: configuration.closeTimeout, sessionLimit: configuration.sessionLimit ?? Int.max,
                bypassOverLimit: configuration.bypassOverLimit)
        }
    }

    /// Creates member `memberIndex` of a bundle configured by `configuration`.
    ///
    /// - Parameters:
    ///   - expectedSessions: sessions to size the tables for up front.
    ///   - reservedSlots: address space to reserve for sessions (see `SessionShard.init`).
    ///   - seed: the flow-hash seed (random in production; it never shows in output).
    ///   - expires: `false` when no timeout ends a session (`--no-expire`).
    public init(
        memberIndex: Int, configuration: EngineConfiguration, expectedSessions: Int = 4096, reservedSlots: Int = 0,
        seed: UInt64, expires: Bool = true
    ) {
        self.memberIndex = memberIndex
        self.expires = expires
        let settings = Settings(configuration.asSeen(byMember: memberIndex))
        classifier = settings.classifier
        inactivityTimeouts = settings.inactivityTimeouts
        serviceSetLimits = settings.serviceSetLimits
        // The sessions' ends are kept only where a session timeout can end one. Decided from the local
        // `settings`: reading `serviceSetLimits` back before `self` (~Copyable) is whole crashed the release
        // build (Swift 6.3, in the shard's destruction), though the debug build ran.
        let tracksEnds = expires && settings.hasSessionTimeout
        self.configuration = settings.timers
        shard = SessionShard(
            expectedSessions: expectedSessions, reservedSlots: reservedSlots, seed: seed, tracksEnds: tracksEnds)
        fragments = FragmentTable()
        counters = MemberCounters()
        counters.sessionsCreatedByServiceSet = Array(repeating: 0, count: configuration.serviceSets.count)
        nextNumber = 1
        packetsSinceSweep = 0
        batchHashes = Array(repeating: 0, count: Self.batchSize)
    }

    /// Bytes of session state held by this member (slots, index and fragment table).
    public var storageBytes: Int { shard.storageBytes + fragments.storageBytes }

    // MARK: - Per packet

    /// Processes the first `count` packets of `packets`, in order (see ``process(batch:)``).
    public mutating func process(batch packets: borrowing [SessionPacket], count: Int) {
        process(batch: packets.span.extracting(0..<count))
    }

    /// Processes `packets`, in order.
    ///
    /// For every ``batchSize`` packets, first each packet's flow hash is computed and the memory its lookup
    /// will need is touched, so the cache misses of the group overlap; then the packets are processed in
    /// order, exactly as ``process(_:at:)`` would one by one.
    public mutating func process(batch packets: Span<SessionPacket>) {
        let count = packets.count
        var start = 0
        while start < count {
            let end = min(count, start + Self.batchSize)
            for i in start..<end {
                let packet = packets[i]
                guard !packet.isLaterFragment else {
                    batchHashes[i - start] = 0
                    continue
                }
                let hash = flowHash(packet)
                batchHashes[i - start] = hash
                shard.prefetchIndex(hash: hash)
            }
            for i in 0..<(end - start) where batchHashes[i] != 0 {
                shard.prefetchSession(hash: batchHashes[i])
            }
            for i in start..<end { process(packets[i], at: packets[i].time, hash: batchHashes[i - start]) }
            start = end
        }
    }

    /// Processes one packet, routed to this member and marked by a ``GatewayDirector``, at its packet time,
    /// and says what the card does with it (inline, SPEC.md §6).
    @discardableResult
    public mutating func process(_ packet: SessionPacket) -> PacketVerdict {
        process(packet, at: packet.time, hash: packet.isLaterFragment ? 0 : flowHash(packet))
    }

    /// The hash of the packet's flow in this member's table (seeded; see `FlowHasher`).
    @inline(__always)
    func flowHash(_ packet: SessionPacket) -> UInt64 {
        shard.hash(
            packet.source, packet.sourcePort, packet.destination, packet.destinationPort,
            transport: packet.transport, serviceSet: packet.serviceSet)
    }

    /// Processes one packet whose flow hash is `hash` (computed by ``flowHash(_:)``); returns what the card
    /// does with it (a replay ignores it).
    @discardableResult
    private mutating func process(_ packet: SessionPacket, at now: UInt64, hash: UInt64) -> PacketVerdict {
        packetsSinceSweep &+= 1
        if packetsSinceSweep >= 64 && expires {
            packetsSinceSweep = 0
            let swept = sweep(upTo: now, budget: 32)
            counters.sessionsExpired &+= UInt64(swept)
            rates.deleted &+= swept
        }
        if now >= rates.secondEnds {
            rates.roll(to: now)
            if !gateBook.isEmpty { forgetExpiredGates(at: now) }
        }
        if packet.isLaterFragment { return processLaterFragment(packet, at: now) }
        let serviceSet = packet.serviceSet
        if serviceSet == FlowClassifier.noServiceSet {
            counters.engineDrops[DropReason.noServiceSet.rawValue] &+= 1
            return .drop
        }
        if let found = shard.lookup(
            hash: hash, source: packet.source, sourcePort: packet.sourcePort, destination: packet.destination,
            destinationPort: packet.destinationPort, transport: packet.transport, serviceSet: serviceSet)
        {
            let session = shard[found.slot]
            if expires && shard.isExpired(slot: found.slot, at: now) {
                if recorder != nil {
                    record(.close, reason: Self.expiryReason(session, end: shard.end(slot: found.slot)), slot: found.slot, at: now)
                }
                shard.remove(slot: found.slot)
                counters.sessionsExpired &+= 1
                rates.deleted &+= 1
            } else if packet.transport == .tcp && found.role == .initiator && packet.tcpFlags.opensConnection
                && session.phase.isClosing
            {
                record(.close, reason: .replaced, slot: found.slot, at: now)
                shard.remove(slot: found.slot)
                counters.sessionsReplaced &+= 1
                rates.deleted &+= 1
            } else {
                let verdict = account(packet, slot: found.slot, isInitiator: found.role == .initiator, at: now)
                if !packet.gateMark.isEmpty && !applyMark(packet, slot: found.slot, at: now) { return .drop }
                return verdict
            }
        }
        if packet.gateMark.quotesFlow {
            // An ICMP error whose flow has no session is not legitimate: dropped (README.md, *ALGs*: ICMP).
            counters.engineDrops[DropReason.icmpErrorWithoutFlow.rawValue] &+= 1
            return .drop
        }
        let (slot, verdict) = create(packet, hash: hash, serviceSet: serviceSet, at: now)
        if let slot, !packet.gateMark.isEmpty, !packet.gateMark.isEchoRequest, !packet.gateMark.isEchoReply {
            applyGateMark(packet.gateMark, slot: slot, at: now)
        }
        return verdict
    }

    /// What the ALGs marked on a packet of the session in `slot`, already accounted: ICMP echo pairing, or
    /// gates (see ``applyGateMark(_:slot:at:)``). Returns `false` if the ICMP ALG drops the packet (an echo
    /// reply that answers no request).
    private mutating func applyMark(_ packet: SessionPacket, slot: Int, at now: UInt64) -> Bool {
        let mark = packet.gateMark
        guard mark.isEchoRequest || mark.isEchoReply else {
            applyGateMark(mark, slot: slot, at: now)
            return true
        }
        let session = shard[slot]
        guard session.pairsEchoes else { return true }
        // The ICMP ALG pairs replies with requests, at most 20 waiting (README.md, *ALGs*: ICMP); a packet it
        // drops still counts on its flow.
        var window = session.echoWindow
        let isPaired = mark.isEchoRequest ? window.request(mark.echoSequence) : window.reply(mark.echoSequence)
        shard[slot].echoWindow = window
        let state = shard[slot].initiatorState
        if !isPaired && state != .drop && state != .reject {
            counters.echoDropped &+= 1
            counters.packetsDropped &+= 1
            return false
        }
        return true
    }

    /// Carries out what the ALG found on a packet of the session in `slot`: gates it opened, refusals.
    private mutating func applyGateMark(_ mark: GateMark, slot: Int, at now: UInt64) {
        if mark.isRefused { counters.gatewayRefusals &+= 1 }
        if mark.usesGate, let gate = gateBook.removeValue(forKey: mark.id) {
            // The announced flow already had a session: the ALG found an existing session (flag 0x1).
            if shard[gate.parentSlot].number == gate.parentNumber { shard[gate.parentSlot].algFlags |= 0x1 }
        }
        guard mark.openedCount > 0 else { return }
        let parent = shard[slot]
        let flow = SessionPacket(
            parent.transport, from: parent.source, parent.sourcePort, to: parent.destination, parent.destinationPort,
            time: now)
        let profile = classifier.decide(flow, serviceSet: parent.serviceSet).profile
        let gateSeconds = profile?.gateSeconds ?? ApplicationProfile.defaultGateTimeout
        let pending = PendingGate(
            parentSlot: slot, parentNumber: parent.number, expires: now &+ UInt64(gateSeconds) &* 1_000_000_000,
            childTimeout: profile?.childInactivityTimeout ?? 0)
        for offset in 0..<UInt32(mark.openedCount) { gateBook[mark.id &+ offset] = pending }
        counters.gatesOpened &+= UInt64(mark.openedCount)
    }

    /// The live parent of a packet that uses a gate, taking the gate out of the book.
    private mutating func parent(admitting packet: SessionPacket, at now: UInt64) -> PendingGate? {
        guard packet.gateMark.usesGate, let gate = gateBook.removeValue(forKey: packet.gateMark.id),
            now < gate.expires, shard[gate.parentSlot].number == gate.parentNumber
        else { return nil }
        return gate
    }

    /// A fragment without a transport header: it counts on the session its first fragment found here.
    private mutating func processLaterFragment(_ packet: SessionPacket, at now: UInt64) -> PacketVerdict {
        if let entry = fragments.lookup(packet, now: now) {
            let slot = Int(entry.slot)
            if entry.number != 0 && slot < shard.slotCount && shard[slot].number == entry.number {
                return account(packet, slot: slot, isInitiator: entry.isInitiator, at: now)
            }
        }
        counters.engineDrops[DropReason.fragmentWithoutFirst.rawValue] &+= 1
        return .drop
    }

    /// Adds the packet to the session in `slot` and moves its TCP phase on; returns what the session's state
    /// in the packet's direction does with it.
    @discardableResult
    private mutating func account(_ packet: SessionPacket, slot: Int, isInitiator: Bool, at now: UInt64)
        -> PacketVerdict
    {
        counters.packets &+= 1
        counters.bytes &+= UInt64(packet.ipLength)
        let timers = configuration
        let flags = packet.tcpFlags
        let isTCP = packet.transport == .tcp
        let bytes = UInt64(packet.ipLength)
        // Modify in place: the session is 96 bytes, no copy needed.
        var verdict = PacketVerdict.forward
        var isEstablished = false
        // A change of state the phase machine made, for the counts by state (SessionShard).
        var moved: (serviceSet: UInt8, from: SessionValidity, to: SessionValidity)?
        withSession(slot) { session in
            verdict = PacketVerdict(isInitiator ? session.initiatorState : session.responderState)
            session.lastSeen = now
            if isInitiator {
                session.initiatorFrames &+= 1
                session.initiatorBytes &+= bytes
            } else {
                session.responderFrames &+= 1
                session.responderBytes &+= bytes
            }
            if isTCP, let left = Self.advance(&session, flags: flags, isInitiator: isInitiator, timers: timers) {
                isEstablished = session.phase == .established
                let (from, to) = (session.validity(in: left), session.validity)
                if from != to { moved = (session.serviceSet, from, to) }
            }
        }
        if let moved { shard.revalidate(serviceSet: moved.serviceSet, from: moved.from, to: moved.to) }
        // The handshake completed: the session's own inactivity timeout, if it has one, applies.
        if isEstablished && shard[slot].auxiliary != 0 {
            shard[slot].timeout = inactivityTimeouts[Int(shard[slot].auxiliary)]
        }
        if verdict != .forward { counters.packetsDropped &+= 1 }
        if packet.isFragment && !packet.isLaterFragment {
            fragments.record(
                packet, member: memberIndex, slot: slot, number: shard[slot].number, isInitiator: isInitiator,
                now: now)
        }
        return verdict
    }

    @inline(__always)
    private mutating func withSession(_ slot: Int, _ body: (inout Session) -> Void) {
        body(&shard[slot])
    }

    /// The TCP phase machine: handshake within the open timeout, FIN/RST start the close timeout; the
    /// completed handshake sets the interface's inactivity timeout (the caller applies the session's own,
    /// if it has one). Returns the phase the session left, `nil` if the packet did not change it.
    @discardableResult
    static func advance(_ session: inout Session, flags: TCPFlags, isInitiator: Bool, timers: Timers) -> SessionPhase? {
        let phase = session.phase
        guard phase != .active else { return nil }
        if flags.contains(.rst) {
            session.phase = .reset
            session.timeout = timers.close
        } else if flags.contains(.fin) {
            // A FIN after a RST leaves the session reset.
            session.phase = phase == .closing ? .closed : (phase == .reset ? .reset : .closing)
            session.timeout = timers.close
        } else {
            switch phase {
            case .synSent where !isInitiator && flags.contains(.syn) && flags.contains(.ack):
                session.phase = .synReceived
            case .synReceived where isInitiator && flags.contains(.ack) && !flags.contains(.syn):
                session.phase = .established
                session.timeout = timers.inactivity
            default:
                break
            }
        }
        return session.phase != phase ? phase : nil
    }

    /// The index of `timeout` in ``inactivityTimeouts`` (0 when it is the interface's or not listed).
    func timeoutClass(_ timeout: UInt32?) -> UInt8 {
        guard let timeout, timeout > 0 else { return 0 }
        return UInt8(truncatingIfNeeded: inactivityTimeouts.firstIndex(of: timeout) ?? 0)
    }

    /// Creates a session for the first packet of a flow; its slot, or `nil` if it was refused, and what the
    /// card does with the packet.
    private mutating func create(_ packet: SessionPacket, hash: UInt64, serviceSet: UInt8, at now: UInt64)
        -> (slot: Int?, verdict: PacketVerdict)
    {
        var session = Session()
        session.source = packet.source
        session.destination = packet.destination
        session.sourcePort = packet.sourcePort
        session.destinationPort = packet.destinationPort
        session.transport = packet.transport
        session.serviceSet = serviceSet
        session.lastSeen = now
        session.initiatorFrames = 1
        session.initiatorBytes = UInt64(packet.ipLength)
        let decision = classifier.decide(packet, serviceSet: serviceSet)
        session.timeout = decision.inactivityTimeout ?? configuration.inactivity(isTCP: packet.transport == .tcp)
        if !session.isICMP { session.auxiliary = timeoutClass(decision.inactivityTimeout) }
        session.alg = decision.alg
        session.initiatorState = decision.state
        session.responderState = decision.state
        // `tcp-non-syn drop-flow-send-rst`: the first packet is answered with a reset.
        var resetsNonSYN = false
        if packet.transport == .tcp && decision.action == .accept {
            if packet.tcpFlags.opensConnection {
                session.phase = .synSent
                session.timeout = configuration.open
            } else {
                // tcp-non-syn drop-flow (the Junos default): the session is visible, its packets dropped.
                session.phase = .active
                session.initiatorState = .drop
                session.responderState = .drop
                resetsNonSYN = Int(serviceSet) < serviceSetLimits.count && serviceSetLimits[Int(serviceSet)].resetsNonSYN
            }
        }
        // An echo reply that opens its session answers no request: the ICMP ALG drops it.
        var isUnpairedReply = false
        if !packet.gateMark.isEmpty && session.pairsEchoes {
            if packet.gateMark.isEchoRequest {
                session.echoWindow = EchoWindow(firstRequest: packet.gateMark.echoSequence)
            } else if packet.gateMark.isEchoReply {
                isUnpairedReply = true
            }
        }
        let gate = !packet.gateMark.isEmpty && packet.gateMark.usesGate ? parent(admitting: packet, at: now) : nil
        if let gate {
            // An ALG child (SPEC.md §1): the parent's ALG, forwarded without inspection.
            let parent = shard[gate.parentSlot]
            session.alg = parent.alg
            session.link = parent.number
            session.initiatorState = .forward
            session.responderState = .forward
            // Its own timeouts: child-inactivity-timeout (or the interface's), a TCP handshake within the
            // open timeout, whatever the policy would have said of the flow on its own.
            session.auxiliary = timeoutClass(gate.childTimeout)
            if packet.transport == .tcp && packet.tcpFlags.opensConnection {
                session.phase = .synSent
                session.timeout = configuration.open
            } else {
                session.phase = .active
                session.timeout = gate.childTimeout > 0 ? gate.childTimeout : configuration.inactivity(isTCP: packet.transport == .tcp)
            }
        }
        let limit = serviceSetLimits[Int(serviceSet)]
        if shard.count >= configuration.sessionLimit || shard.count(serviceSet: serviceSet) >= limit.maxFlows {
            guard configuration.bypassOverLimit || limit.bypass else {
                // Counted under the limit that refused it: the member's first, then the service set's.
                let reason = shard.count >= configuration.sessionLimit ? DropReason.sessionLimit : .maxFlows
                counters.engineDrops[reason.rawValue] &+= 1
                rates.refused &+= 1
                // The ALG could not create its child: the parent shows flag 0x2 (SPEC.md §1).
                if let gate { shard[gate.parentSlot].algFlags |= 0x2 }
                return (nil, .drop)
            }
            session.initiatorState = .bypass
            session.responderState = .bypass
            if gate != nil { session.algFlags = 0x2 }
        }
        guard nextNumber != 0 else {
            // All 2³² − 1 session numbers of this member are spent (they are never reused): no session; an
            // ALG child's parent shows flag 0x4, no free session ID (SPEC.md §1).
            counters.engineDrops[DropReason.noFreeSessionID.rawValue] &+= 1
            rates.refused &+= 1
            if let gate { shard[gate.parentSlot].algFlags |= 0x4 }
            return (nil, .drop)
        }
        session.number = nextNumber
        nextNumber &+= 1
        let slot = shard.insert(session, hash: hash, end: Self.end(createdAt: now, lifetime: limit.lifetime), start: now)
        record(.open, slot: slot)
        counters.sessionsCreated &+= 1
        if Int(serviceSet) < counters.sessionsCreatedByServiceSet.count {
            counters.sessionsCreatedByServiceSet[Int(serviceSet)] &+= 1
        }
        rates.created &+= 1
        var verdict = PacketVerdict(session.initiatorState)
        if verdict != .forward {
            counters.slowPathDiscard &+= 1
            counters.packetsDropped &+= 1
            if resetsNonSYN && gate == nil { verdict = .reject }
        } else {
            counters.slowPathForward &+= 1
            if isUnpairedReply {
                counters.echoDropped &+= 1
                counters.packetsDropped &+= 1
                verdict = .drop
            }
        }
        counters.packets &+= 1
        counters.bytes &+= UInt64(packet.ipLength)
        if packet.isFragment {
            fragments.record(packet, member: memberIndex, slot: slot, number: session.number, now: now)
        }
        if gate != nil { counters.childSessions &+= 1 }
        return (slot, verdict)
    }

    // MARK: - Control plane

    /// Removes every session whose deadline is at or before `now` (nothing when sessions do not expire),
    /// and closes the seconds of packet time before `now` for the per-second rates: a member sees only its
    /// own packets, so its clock moves on here too.
    public mutating func expireAll(upTo now: UInt64) {
        standsAt = now
        if now >= rates.secondEnds { rates.roll(to: now) }
        guard expires else { return }
        let swept = sweep(upTo: now, budget: shard.slotCount)
        counters.sessionsExpired &+= UInt64(swept)
        rates.deleted &+= swept
        if !gateBook.isEmpty { forgetExpiredGates(at: now) }
    }

    /// Sweeps up to `budget` slots for sessions expired by `now` (``SessionShard/sweep(upTo:budget:)``),
    /// reporting each one's end if records are on; the number removed.
    private mutating func sweep(upTo now: UInt64, budget: Int) -> Int {
        guard let recorder else { return shard.sweep(upTo: now, budget: budget) }
        let member = memberIndex
        return shard.sweep(upTo: now, budget: budget) { session, end, start in
            recorder.push(
                SessionRecord(
                    .close, reason: Self.expiryReason(session, end: end), session: session, start: start, member: member,
                    at: now))
        }
    }

    /// Reports the session in `slot` to the exporters, if records are on: `kind`, and for a close its
    /// `reason`, written at packet time `now` (`nil`: its last packet). The one way a member writes a record
    /// of a session still in its table (a sweep reports those it removes itself).
    @inline(__always)
    func record(_ kind: SessionRecord.Kind, reason: SessionRecord.CloseReason = .none, slot: Int, at now: UInt64? = nil) {
        recorder?.push(
            SessionRecord(kind, reason: reason, session: shard[slot], start: shard.start(slot: slot), member: memberIndex, at: now))
    }

    /// Why an expired session ended: its session timeout (`limit`) if its end came no later than its
    /// inactivity deadline, else `rst` or `fin` if its phase says it was closed that way (the close timeout
    /// ran out), else `idle`.
    static func expiryReason(_ session: Session, end: UInt64) -> SessionRecord.CloseReason {
        if end != .max && end <= session.inactivityDeadline { return .limit }
        switch session.phase {
        case .reset: return .rst
        case .closing, .closed: return .fin
        default: return .idle
        }
    }

    /// The end a session timeout of `lifetime` nanoseconds (0: none) sets for a session created at `created`:
    /// this long after its creation, whatever its activity; `.max` for none (or past the end of time).
    @inline(__always)
    static func end(createdAt created: UInt64, lifetime: UInt64) -> UInt64 {
        guard lifetime != 0 else { return .max }
        let (sum, overflow) = created.addingReportingOverflow(lifetime)
        return overflow ? .max : sum
    }

    /// Reports every session still held as ended by `shutdown` (the end of a replay, `ams run` stopped),
    /// leaving them in the table; the number reported. Nothing without records.
    public func recordShutdown() -> Int {
        guard let recorder else { return 0 }
        var reported = 0
        for slot in 0..<shard.slotCount where shard[slot].number != 0 {
            record(.close, reason: .shutdown, slot: slot, at: standsAt)
            reported += 1
        }
        return reported
    }

    /// Forgets the gates that expired by `now`, or whose parent is gone.
    private mutating func forgetExpiredGates(at now: UInt64) {
        for (id, gate) in gateBook where now >= gate.expires || shard[gate.parentSlot].number != gate.parentNumber {
            gateBook[id] = nil
        }
    }
}
