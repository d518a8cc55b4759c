// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// One flow of a session as the control plane sees it: a value copied out of a member's table.
public struct FlowSnapshot: Sendable, Hashable {
    public var transport: IPProtocol
    public var source: IPAddress
    public var sourcePort: UInt16
    public var destination: IPAddress
    public var destinationPort: UInt16
    /// `false` for protocols printed without ports (ICMP, GRE, ESP, …).
    public var hasPorts: Bool
    public var state: FlowState
    public var role: FlowRole
    public var frames: UInt64
    public var bytes: UInt64
    /// The inactivity timeout in seconds that applies to the flow.
    public var timeout: UInt32

    public init(
        transport: IPProtocol, source: IPAddress, sourcePort: UInt16, destination: IPAddress,
        destinationPort: UInt16, hasPorts: Bool, state: FlowState, role: FlowRole, frames: UInt64, bytes: UInt64,
        timeout: UInt32
    ) {
        self.transport = transport
        self.source = source
        self.sourcePort = sourcePort
        self.destination = destination
        self.destinationPort = destinationPort
        self.hasPorts = hasPorts
        self.state = state
        self.role = role
        self.frames = frames
        self.bytes = bytes
        self.timeout = timeout
    }
}

/// One session (both flows and its header fields), copied out of a member's table for display.
public struct SessionSnapshot: Sendable, Hashable {
    /// The bundle-wide session ID (SPEC.md §1), in its card's form: MS-MPC's or Next Gen's larger numbers.
    public var id: UInt64
    public var serviceSet: String
    public var alg: ApplicationLayerProtocol
    public var flags: UInt32
    public var ipAction: Bool
    public var offload: Bool
    public var asymmetric: Bool
    /// The parent session of an ALG child, else `nil`.
    public var parentID: UInt64?
    /// The session timeout, printed by `extensive` only when one applies.
    public var sessionTimeout: UInt32?
    /// On a Next Gen bundle, the policy whose verdict the session's flow meets (`Policy name: P/ID`) — for an
    /// ALG child, its parent's, whose gate admitted it; `nil` on an MS-MPC bundle, or when no policy matches
    /// the flow (a rule-free service set, a flow discarded for matching nothing, a child whose parent is
    /// gone).
    public var policy: PolicyReference?
    public var initiator: FlowSnapshot
    public var responder: FlowSnapshot
    /// The class `count` counts the session in (SPEC.md §2.5); the Next Gen header prints it (`Valid`).
    public var validity: SessionValidity
    /// Whole seconds left before the session expires, at the packet time its tables stand at (0 when that
    /// time has passed, with `--no-expire`): the Next Gen header's `Timeout: T`.
    public var secondsLeft: UInt32

    public init(
        id: UInt64, serviceSet: String, alg: ApplicationLayerProtocol, flags: UInt32, ipAction: Bool, offload: Bool,
        asymmetric: Bool, parentID: UInt64?, sessionTimeout: UInt32?, policy: PolicyReference? = nil,
        initiator: FlowSnapshot, responder: FlowSnapshot, validity: SessionValidity = .valid, secondsLeft: UInt32 = 0
    ) {
        self.policy = policy
        self.validity = validity
        self.secondsLeft = secondsLeft
        self.id = id
        self.serviceSet = serviceSet
        self.alg = alg
        self.flags = flags
        self.ipAction = ipAction
        self.offload = offload
        self.asymmetric = asymmetric
        self.parentID = parentID
        self.sessionTimeout = sessionTimeout
        self.initiator = initiator
        self.responder = responder
    }
}

/// The sessions of one AMS member interface, in ascending session-ID order.
public struct MemberSnapshot: Sendable, Hashable {
    /// The member interface, e.g. `mams-0/0/0`.
    public var name: String
    /// The bundle it belongs to, e.g. `ams0`.
    public var bundle: String
    /// The card the bundle emulates: by its members' names (`mams-` or `vms-`).
    public var generation: ServicesGeneration { ServicesGeneration(memberName: name) }
    /// The sessions, when they were copied out (empty when only counts were asked for).
    public var sessions: [SessionSnapshot]
    /// Live sessions per service set, in configuration order (always filled).
    public var serviceSetCounts: [(serviceSet: String, sessions: Int)]
    /// The member's session statistics.
    public var analysis = SessionAnalysis()
    /// Bytes of session state (tables) and of compiled policy the member holds.
    public var sessionBytes = 0
    public var policyBytes = 0
    /// Share of the replay's data-path time the member's thread spent on the CPU, in percent.
    public var cpuUtilization = 0.0

    public init(
        name: String, bundle: String, sessions: [SessionSnapshot],
        serviceSetCounts: [(serviceSet: String, sessions: Int)]
    ) {
        self.name = name
        self.bundle = bundle
        self.sessions = sessions
        self.serviceSetCounts = serviceSetCounts
    }

    public static func == (lhs: MemberSnapshot, rhs: MemberSnapshot) -> Bool {
        lhs.name == rhs.name && lhs.bundle == rhs.bundle && lhs.sessions == rhs.sessions
            && lhs.serviceSetCounts.map(\.serviceSet) == rhs.serviceSetCounts.map(\.serviceSet)
            && lhs.serviceSetCounts.map(\.sessions) == rhs.serviceSetCounts.map(\.sessions)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(sessions)
    }

    /// The interface heading: `mams-0/0/0 (ams0)`.
    public var heading: String { "\(name) (\(bundle))" }
}
