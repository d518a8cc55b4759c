// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore
public import SessionTable
public import Wire

/// The data path of one AMS member: takes decoded packets in capture order, keeps the ones this member
/// owns, and creates, updates and expires their sessions (SPEC.md §4).
///
/// A `~Copyable` value owned by exactly one thread: no locks, no reference counting per packet, and nothing
/// allocates per packet once the tables are large enough.
public struct MemberProcessor: ~Copyable {
    /// This member's sessions.
    public var shard: SessionShard
    public private(set) var counters: MemberCounters
    /// This member's position in the bundle.
    public let memberIndex: Int
    let selector: MemberSelector
    let configuration: Timers
    var steering: SteeringTable
    var fragments: FragmentTable
    var nextNumber: UInt32
    var packetsSinceSweep: Int

    /// The configuration values the data path reads, copied out of ``EngineConfiguration``.
    struct Timers: BitwiseCopyable {
        var inactivity: UInt32
        var open: UInt32
        var close: UInt32
        var sessionLimit: Int
        var bypassOverLimit: Bool
        var ingressIsSource: Bool
        var egressIsDestination: Bool
    }

    /// Creates member `memberIndex` of a bundle configured by `configuration`.
    ///
    /// - Parameters:
    ///   - expectedSessions: room to reserve up front.
    ///   - seed: the flow-hash seed (random in production; it never shows in output).
    public init(memberIndex: Int, configuration: EngineConfiguration, expectedSessions: Int = 4096, seed: UInt64) {
        self.memberIndex = memberIndex
        selector = MemberSelector(memberCount: configuration.members.count)
        self.configuration = Timers(
            inactivity: configuration.inactivityTimeout, open: configuration.openTimeout,
            close: configuration.closeTimeout, sessionLimit: configuration.sessionLimit ?? Int.max,
            bypassOverLimit: configuration.bypassOverLimit,
            ingressIsSource: configuration.ingressKey == .sourceIP,
            egressIsDestination: configuration.egressKey == .destinationIP)
        shard = SessionShard(expectedSessions: expectedSessions, seed: seed)
        steering = SteeringTable(
            expectedFlows: configuration.members.count > 1 ? expectedSessions : 16,
            staleAfterSeconds: configuration.longestTimeout)
        fragments = FragmentTable()
        counters = MemberCounters()
        nextNumber = 1
        packetsSinceSweep = 0
    }

    /// Bytes of session state held by this member (slots, index, steering and fragment tables).
    public var storageBytes: Int { shard.storageBytes + steering.storageBytes + fragments.storageBytes }

    /// Counts a frame that was read but could not be decoded.
    public mutating func countUndecodable(_ error: WireError) {
        counters.wireDrops[error.counterIndex] &+= 1
    }

    /// Counts a frame read from the capture.
    public mutating func countFrame() { counters.frames &+= 1 }

    // MARK: - Per packet

    /// Processes one decoded packet seen at packet time `now` (nanoseconds, never decreasing).
    public mutating func process(_ packet: DecodedPacket, at now: UInt64) {
        packetsSinceSweep &+= 1
        if packetsSinceSweep >= 64 {
            packetsSinceSweep = 0
            counters.sessionsExpired &+= UInt64(shard.sweep(upTo: now, budget: 32))
        }
        let ownerAsInitiator = selector.member(for: configuration.ingressIsSource ? packet.source : packet.destination)
        let ownerAsResponder = selector.member(
            for: configuration.egressIsDestination ? packet.destination : packet.source)
        if ownerAsInitiator != memberIndex && ownerAsResponder != memberIndex { return }

        if packet.isLaterFragment {
            processLaterFragment(packet, at: now, designated: ownerAsInitiator == memberIndex)
            return
        }
        let serviceSet: UInt8 = 0
        let hash = shard.hash(
            packet.source, packet.sourcePort, packet.destination, packet.destinationPort,
            transport: packet.transport, serviceSet: serviceSet)
        if ownerAsInitiator != ownerAsResponder {
            let owner = steering.owner(
                of: hash, proposed: ownerAsInitiator, now: UInt32(truncatingIfNeeded: now / 1_000_000_000))
            if owner != memberIndex {
                if packet.isFragment { fragments.record(packet, owner: .otherMember, now: now) }
                return
            }
        }

        if let found = shard.lookup(
            hash: hash, source: packet.source, sourcePort: packet.sourcePort, destination: packet.destination,
            destinationPort: packet.destinationPort, transport: packet.transport, serviceSet: serviceSet)
        {
            let session = shard[found.slot]
            if session.isExpired(at: now) {
                shard.remove(slot: found.slot)
                counters.sessionsExpired &+= 1
            } else if packet.transport == .tcp && found.role == .initiator && Self.isOpeningSYN(packet.tcpFlags)
                && (session.phase == .closing || session.phase == .closed)
            {
                shard.remove(slot: found.slot)
                counters.sessionsReplaced &+= 1
            } else {
                account(packet, slot: found.slot, isInitiator: found.role == .initiator, at: now)
                return
            }
        }
        create(packet, hash: hash, serviceSet: serviceSet, at: now)
    }

    @inline(__always)
    static func isOpeningSYN(_ flags: TCPFlags) -> Bool {
        flags.contains(.syn) && !flags.contains(.ack)
    }

    private mutating func processLaterFragment(_ packet: DecodedPacket, at now: UInt64, designated: Bool) {
        switch fragments.owner(of: packet, now: now) {
        case .session(let slot, let number, let isInitiator)
        where slot < shard.slotCount && shard[slot].number == number:
            account(packet, slot: slot, isInitiator: isInitiator, at: now)
        case .otherMember:
            return
        default:
            // Count the orphan once, on the member that would own it as an initiator.
            if designated { counters.engineDrops[DropReason.fragmentWithoutFirst.rawValue] &+= 1 }
        }
    }

    /// Adds the packet to the session in `slot` and moves its TCP phase on.
    private mutating func account(_ packet: DecodedPacket, slot: Int, isInitiator: Bool, at now: UInt64) {
        counters.packets &+= 1
        counters.bytes &+= UInt64(packet.ipLength)
        let timers = configuration
        let flags = packet.tcpFlags
        let isTCP = packet.transport == .tcp
        let bytes = UInt64(packet.ipLength)
        // Modify in place: the session is 96 bytes, no copy needed.
        withSession(slot) { session in
            session.lastSeen = now
            if isInitiator {
                session.initiatorFrames &+= 1
                session.initiatorBytes &+= bytes
            } else {
                session.responderFrames &+= 1
                session.responderBytes &+= bytes
            }
            if isTCP { Self.advance(&session, flags: flags, isInitiator: isInitiator, timers: timers) }
        }
        if packet.isFragment && !packet.isLaterFragment {
            fragments.record(
                packet, owner: .session(slot: slot, number: shard[slot].number, isInitiator: isInitiator), now: now)
        }
    }

    @inline(__always)
    private mutating func withSession(_ slot: Int, _ body: (inout Session) -> Void) {
        body(&shard[slot])
    }

    /// The TCP phase machine: handshake within the open timeout, FIN/RST start the close timeout.
    static func advance(_ session: inout Session, flags: TCPFlags, isInitiator: Bool, timers: Timers) {
        guard session.phase != .active else { return }
        if flags.contains(.rst) {
            session.phase = .closed
            session.timeout = timers.close
            return
        }
        if flags.contains(.fin) {
            session.phase = session.phase == .closing ? .closed : .closing
            session.timeout = timers.close
            return
        }
        switch session.phase {
        case .synSent where !isInitiator && flags.contains(.syn) && flags.contains(.ack):
            session.phase = .synReceived
        case .synReceived where isInitiator && flags.contains(.ack) && !flags.contains(.syn):
            session.phase = .established
            session.timeout = timers.inactivity
        default:
            break
        }
    }

    /// Creates a session for the first packet of a flow.
    private mutating func create(_ packet: DecodedPacket, hash: UInt64, serviceSet: UInt8, at now: UInt64) {
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
        session.timeout = configuration.inactivity
        let application = Self.application(of: packet)
        session.alg = application.alg
        session.initiatorState = application.state
        session.responderState = application.state
        if packet.transport == .tcp {
            if Self.isOpeningSYN(packet.tcpFlags) {
                session.phase = .synSent
                session.timeout = configuration.open
            } else {
                // tcp-non-syn drop-flow (the Junos default): the session is visible, its packets dropped.
                session.phase = .active
                session.initiatorState = .drop
                session.responderState = .drop
            }
        }
        if shard.count >= configuration.sessionLimit {
            guard configuration.bypassOverLimit else {
                counters.engineDrops[DropReason.sessionLimit.rawValue] &+= 1
                return
            }
            session.initiatorState = .bypass
            session.responderState = .bypass
        }
        session.number = nextNumber
        nextNumber &+= 1
        let slot = shard.insert(session, hash: hash)
        counters.sessionsCreated &+= 1
        counters.packets &+= 1
        counters.bytes &+= UInt64(packet.ipLength)
        if packet.isFragment {
            fragments.record(packet, owner: .session(slot: slot, number: session.number, isInitiator: true), now: now)
        }
    }

    /// The predefined `junos-*` application a first packet matches, and the state of its flows (SPEC.md §3).
    ///
    /// ALG control flows are `Watch`; everything else is `Forward`.
    @inline(__always)
    static func application(of packet: DecodedPacket) -> (alg: ApplicationLayerProtocol, state: FlowState) {
        switch packet.transport {
        case .tcp:
            switch packet.destinationPort {
            case 21: return (.ftp, .watch)
            case 554: return (.rtsp, .watch)
            case 1521: return (.sqlnet, .watch)
            case 1723: return (.pptp, .watch)
            default: return (.none, .forward)
            }
        case .udp:
            if packet.destinationPort == 69 { return (.tftp, .watch) }
            if (33435...33450).contains(packet.destinationPort) && packet.timeToLive <= 30 {
                return (.traceroute, .forward)
            }
            return (.none, .forward)
        case .icmp:
            return (.icmp, .forward)
        case .icmpv6:
            return (.icmpv6, .forward)
        default:
            return (.none, .forward)
        }
    }

    // MARK: - Control plane

    /// Removes every session whose deadline is at or before `now`.
    public mutating func expireAll(upTo now: UInt64) {
        counters.sessionsExpired &+= UInt64(shard.sweep(upTo: now, budget: shard.slotCount))
    }

    /// Copies this member's sessions out for display, in ascending session-ID order.
    public func snapshot(name: String, configuration: EngineConfiguration) -> MemberSnapshot {
        var live: [Session] = []
        live.reserveCapacity(shard.count)
        for slot in 0..<shard.slotCount where shard[slot].number != 0 { live.append(shard[slot]) }
        live.sort { $0.number < $1.number }
        let sessions = live.map { session in
            Self.snapshot(of: session, member: memberIndex, configuration: configuration)
        }
        return MemberSnapshot(name: name, bundle: configuration.bundle, sessions: sessions)
    }

    static func snapshot(of session: Session, member: Int, configuration: EngineConfiguration) -> SessionSnapshot {
        let hasPorts = session.transport.hasPorts
        let initiator = FlowSnapshot(
            transport: session.transport, source: session.source, sourcePort: session.sourcePort,
            destination: session.destination, destinationPort: session.destinationPort, hasPorts: hasPorts,
            state: session.initiatorState, role: .initiator, frames: session.initiatorFrames,
            bytes: session.initiatorBytes, timeout: session.timeout)
        let responder = FlowSnapshot(
            transport: session.transport, source: session.destination, sourcePort: session.destinationPort,
            destination: session.source, destinationPort: session.sourcePort, hasPorts: hasPorts,
            state: session.responderState, role: .responder, frames: session.responderFrames,
            bytes: session.responderBytes, timeout: session.timeout)
        let serviceSets = configuration.serviceSets
        let serviceSet = Int(session.serviceSet) < serviceSets.count ? serviceSets[Int(session.serviceSet)] : "?"
        return SessionSnapshot(
            id: SessionID.make(member: member, number: session.number), serviceSet: serviceSet, alg: session.alg,
            flags: UInt32(session.algFlags), ipAction: false, offload: false, asymmetric: false,
            parentID: session.link == 0 ? nil : SessionID.make(member: member, number: session.link),
            sessionTimeout: nil, initiator: initiator, responder: responder)
    }
}
