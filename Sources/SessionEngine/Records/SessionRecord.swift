// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore
public import SessionTable
public import Wire

/// What a member reports of a session's life to the exporters (SPEC.md §8): its opening, and its end with
/// the reason and the counters each way.
///
/// A fixed-size `BitwiseCopyable` value written by the data path into the member's ``SessionRecordRing``:
/// no allocation, no reference. Every record carries its session's ``start``, which the member keeps beside
/// the session while records are on (``SessionShard/start(slot:)``), so a close record stands alone: no
/// consumer needs to join it with the open record.
public struct SessionRecord: Sendable, BitwiseCopyable, Equatable {
    /// Which end of the session's life the record reports.
    public enum Kind: UInt8, Sendable, BitwiseCopyable {
        /// The session was created (by its first packet).
        case open
        /// The session was removed from its member's table.
        case close
    }

    /// Why a session ended (SPEC.md §8's reasons, and two the engine also has).
    public enum CloseReason: UInt8, Sendable, BitwiseCopyable, CaseIterable {
        /// Not a close record.
        case none
        /// Idle past its inactivity (or open) timeout.
        case idle
        /// FIN seen, then idle past the close timeout.
        case fin
        /// RST seen, then idle past the close timeout.
        case rst
        /// `clear services sessions` (or its parent was cleared).
        case cleared
        /// Its service set's `session-timeout` ran out (SPEC.md §2.12): the limit on its life.
        case limit
        /// The engine stopped with the session open: the end of a replay, `ams run` stopped.
        case shutdown
        /// A new SYN of the same 5-tuple replaced the session after FIN or RST (TCP port reuse).
        case replaced
        /// A configuration reload ended it: its new verdict differs, or its service set is gone.
        case reload

        /// The reason's name in the records (`idle`, `fin`, …; `none` for an open record).
        public var name: String {
            switch self {
            case .none: "none"
            case .idle: "idle"
            case .fin: "fin"
            case .rst: "rst"
            case .cleared: "cleared"
            case .limit: "limit"
            case .shutdown: "shutdown"
            case .replaced: "replaced"
            case .reload: "reload"
            }
        }
    }

    public var kind: Kind
    /// `.none` for an open record.
    public var reason: CloseReason
    /// The member's index in the engine (configuration order, bundle after bundle).
    public var member: UInt16
    /// The service set's index in the engine's configuration.
    public var serviceSet: UInt8
    public var alg: ApplicationLayerProtocol
    public var transport: IPProtocol
    /// ALG flags (SPEC.md §1) as the session had them.
    public var algFlags: UInt8
    /// The initiator flow's ports (ICMP: the echo identifier as both, as the session keeps them).
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// The bundle-wide session ID (``SessionID``).
    public var id: UInt64
    /// The parent's session ID; 0 when the session is no ALG child.
    public var parentID: UInt64
    /// The initiator flow's addresses.
    public var source: IPAddress
    public var destination: IPAddress
    /// Packet time, nanoseconds since the epoch: an open record's is its first packet's; a close record's
    /// the last packet seen in either direction.
    public var time: UInt64
    /// Packets and bytes (IP length) each way as the session counted them; at open, the first packet.
    public var initiatorPackets: UInt64
    public var initiatorBytes: UInt64
    public var responderPackets: UInt64
    public var responderBytes: UInt64
    /// The session's phase, flows' states and the timeout that applied (seconds), as the member last held
    /// it: what `show services sessions` prints of it (``MemberTables/restoring(_:configuration:)``). The
    /// initiator flow's state (`Forward`, `Watch`, `Drop`, `Reject`) is what the policy (or a limit, or
    /// `tcp-non-syn`) made of the session: the syslog rule line's verdict.
    public var phase: SessionPhase
    public var initiatorState: FlowState
    public var responderState: FlowState
    public var timeout: UInt32
    /// Packet time, nanoseconds since the epoch, at which the member wrote the record: an open record's
    /// first packet; for a close, the packet or sweep that ended the session, or the time the table stood
    /// at (`cleared`, `reload`, `shutdown`: where the replay ended).
    public var recordedAt: UInt64
    /// Packet time, nanoseconds since the epoch, of the session's first packet; `UInt64.max` when not known
    /// (a session its member held before records were on).
    public var start: UInt64

    /// ``start``, `nil` when not known.
    public var knownStart: UInt64? { start == .max ? nil : start }

    /// The record of `session` of member `member`, which began at `start` (`UInt64.max`: not known): `kind`, and for a
    /// close its `reason`, written at packet time `now` (`nil`: the session's last packet).
    public init(
        _ kind: Kind, reason: CloseReason = .none, session: Session, start: UInt64, member: Int, at now: UInt64? = nil
    ) {
        self.kind = kind
        self.reason = reason
        self.member = UInt16(truncatingIfNeeded: member)
        serviceSet = session.serviceSet
        alg = session.alg
        transport = session.transport
        algFlags = session.algFlags
        sourcePort = session.sourcePort
        destinationPort = session.destinationPort
        id = SessionID.make(member: member, number: session.number)
        parentID = session.parentNumber == 0 ? 0 : SessionID.make(member: member, number: session.parentNumber)
        source = session.source
        destination = session.destination
        time = session.lastSeen
        initiatorPackets = session.initiatorFrames
        initiatorBytes = session.initiatorBytes
        responderPackets = session.responderFrames
        responderBytes = session.responderBytes
        phase = session.phase
        initiatorState = session.initiatorState
        responderState = session.responderState
        timeout = session.timeout
        recordedAt = now ?? session.lastSeen
        self.start = start
    }

    /// The session as its member held it when it wrote the record: the inverse of
    /// ``init(_:reason:session:start:member:at:)`` (an ICMP session's echo window and a session's inactivity-timeout
    /// class are not recorded, nor kept here).
    public var session: Session {
        var session = Session()
        session.source = source
        session.destination = destination
        session.sourcePort = sourcePort
        session.destinationPort = destinationPort
        session.transport = transport
        session.serviceSet = serviceSet
        session.initiatorBytes = initiatorBytes
        session.responderBytes = responderBytes
        session.initiatorFrames = initiatorPackets
        session.responderFrames = responderPackets
        session.lastSeen = time
        session.number = SessionID.decode(id).number
        session.link = parentID == 0 || session.isICMP ? 0 : SessionID.decode(parentID).number
        session.timeout = timeout
        session.phase = phase
        session.initiatorState = initiatorState
        session.responderState = responderState
        session.alg = alg
        session.algFlags = algFlags
        return session
    }
}

extension SessionPhase {
    /// The phase's name in the records: `active`, `syn-sent`, `syn-received`, `established`, `closing`,
    /// `closed`, `reset`.
    public var name: String {
        switch self {
        case .active: "active"
        case .synSent: "syn-sent"
        case .synReceived: "syn-received"
        case .established: "established"
        case .closing: "closing"
        case .closed: "closed"
        case .reset: "reset"
        }
    }

    /// The phase named `name` (``name``), if any.
    public init?(name: some StringProtocol) {
        guard let phase = (0...6).lazy.compactMap({ SessionPhase(rawValue: $0) }).first(where: { $0.name == name }) else {
            return nil
        }
        self = phase
    }
}
