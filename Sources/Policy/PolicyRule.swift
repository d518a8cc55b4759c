// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore
public import Wire

/// Which traffic a stateful-firewall rule looks at (`match-direction`).
public enum MatchDirection: Sendable, Hashable, BitwiseCopyable {
    /// Traffic entering the service set: the initiator (`I`) flows.
    case input
    /// Traffic leaving it: the responder (`O`) flows.
    case output
    case inputOutput

    /// `true` if a rule with this direction applies to a flow of `role`.
    public func applies(to role: FlowRole) -> Bool {
        switch self {
        case .input: role == .initiator
        case .output: role == .responder
        case .inputOutput: true
        }
    }
}

/// What a matching term does with the flow (`then accept | discard | reject`).
public enum PolicyAction: Sendable, Hashable, BitwiseCopyable {
    case accept
    case discard
    case reject
}

/// An application as the policy matches it: protocol, ports, ICMP type and code, and what it implies for
/// the session (its ALG and inactivity timeout).
public struct ApplicationMatch: Sendable, Hashable {
    public var name: String
    public var transport: IPProtocol?
    public var sourcePorts: ClosedRange<UInt16>?
    public var destinationPorts: ClosedRange<UInt16>?
    public var icmpType: UInt8?
    public var icmpCode: UInt8?
    /// Traceroute: only probes with a TTL at most this high.
    public var ttlThreshold: UInt8?
    /// The ALG that handles sessions of this application.
    public var alg: ApplicationLayerProtocol
    /// Overrides the interface's inactivity timeout, seconds.
    public var inactivityTimeout: UInt32?
    /// `gate-timeout`: how long an ALG gate waits for its child flow, seconds.
    public var gateTimeout: UInt32?
    /// `child-inactivity-timeout`: the inactivity timeout of the ALG's child sessions, seconds.
    public var childInactivityTimeout: UInt32?

    public init(
        name: String, transport: IPProtocol? = nil, sourcePorts: ClosedRange<UInt16>? = nil,
        destinationPorts: ClosedRange<UInt16>? = nil, icmpType: UInt8? = nil, icmpCode: UInt8? = nil,
        ttlThreshold: UInt8? = nil, alg: ApplicationLayerProtocol = .none, inactivityTimeout: UInt32? = nil,
        gateTimeout: UInt32? = nil, childInactivityTimeout: UInt32? = nil
    ) {
        self.gateTimeout = gateTimeout
        self.childInactivityTimeout = childInactivityTimeout
        self.name = name
        self.transport = transport
        self.sourcePorts = sourcePorts
        self.destinationPorts = destinationPorts
        self.icmpType = icmpType
        self.icmpCode = icmpCode
        self.ttlThreshold = ttlThreshold
        self.alg = alg
        self.inactivityTimeout = inactivityTimeout
    }

    /// `true` if the first packet of a flow belongs to this application.
    public func matches(_ packet: FlowPacket) -> Bool { matcher.matches(packet) }

    /// The application's conditions and consequences without its name: a reference-free value the data
    /// path can copy freely.
    public var matcher: ApplicationMatcher {
        ApplicationMatcher(
            transport: transport?.rawValue ?? 0, anyTransport: transport == nil,
            sourceLow: sourcePorts?.lowerBound ?? 0, sourceHigh: sourcePorts?.upperBound ?? .max,
            destinationLow: destinationPorts?.lowerBound ?? 0, destinationHigh: destinationPorts?.upperBound ?? .max,
            icmpType: icmpType.map(Int16.init) ?? -1, icmpCode: icmpCode.map(Int16.init) ?? -1,
            ttlThreshold: ttlThreshold ?? .max,
            profile: ApplicationProfile(
                alg: alg, inactivityTimeout: inactivityTimeout ?? 0, gateTimeout: gateTimeout ?? 0,
                childInactivityTimeout: childInactivityTimeout ?? 0))
    }
}

/// What an application implies for a session: its ALG and inactivity timeout (0: the interface's).
public struct ApplicationProfile: Sendable, Hashable, BitwiseCopyable {
    public var alg: ApplicationLayerProtocol
    /// Seconds; 0 means the interface's inactivity timeout applies.
    public var inactivityTimeout: UInt32
    /// Seconds a gate waits for its child flow; 0 means the default (``defaultGateTimeout``).
    public var gateTimeout: UInt32
    /// Inactivity timeout of child sessions, seconds; 0 means the session's inactivity timeout applies.
    public var childInactivityTimeout: UInt32

    /// The gate timeout when the application sets none, seconds *(ours: Junos documents no default)*.
    public static let defaultGateTimeout: UInt32 = 30

    /// How long this application's gates wait, seconds: its `gate-timeout`, or ``defaultGateTimeout``.
    public var gateSeconds: UInt32 { gateTimeout == 0 ? Self.defaultGateTimeout : gateTimeout }

    public init(
        alg: ApplicationLayerProtocol, inactivityTimeout: UInt32, gateTimeout: UInt32 = 0,
        childInactivityTimeout: UInt32 = 0
    ) {
        self.alg = alg
        self.inactivityTimeout = inactivityTimeout
        self.gateTimeout = gateTimeout
        self.childInactivityTimeout = childInactivityTimeout
    }
}

/// ``ApplicationMatch`` compiled to plain numbers, for matching on the data path without reference counting.
public struct ApplicationMatcher: Sendable, Hashable, BitwiseCopyable {
    @usableFromInline var transport: UInt8
    @usableFromInline var anyTransport: Bool
    @usableFromInline var sourceLow: UInt16
    @usableFromInline var sourceHigh: UInt16
    @usableFromInline var destinationLow: UInt16
    @usableFromInline var destinationHigh: UInt16
    @usableFromInline var icmpType: Int16
    @usableFromInline var icmpCode: Int16
    @usableFromInline var ttlThreshold: UInt8
    public var profile: ApplicationProfile

    /// `true` if the first packet of a flow belongs to the application.
    @inlinable @inline(__always)
    public func matches(_ packet: FlowPacket) -> Bool {
        (anyTransport || transport == packet.transport.rawValue)
            && sourceLow <= packet.sourcePort && packet.sourcePort <= sourceHigh
            && destinationLow <= packet.destinationPort && packet.destinationPort <= destinationHigh
            && (icmpType < 0 || icmpType == Int16(packet.icmpType))
            && (icmpCode < 0 || icmpCode == Int16(packet.icmpCode))
            && packet.timeToLive <= ttlThreshold
    }
}

/// The fields of a flow's first packet that policy looks at.
public struct FlowPacket: Sendable, Hashable, BitwiseCopyable {
    public var source: IPAddress
    public var destination: IPAddress
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var transport: IPProtocol
    public var icmpType: UInt8
    public var icmpCode: UInt8
    public var timeToLive: UInt8

    public init(
        source: IPAddress, destination: IPAddress, sourcePort: UInt16, destinationPort: UInt16,
        transport: IPProtocol, icmpType: UInt8 = 0, icmpCode: UInt8 = 0, timeToLive: UInt8 = 64
    ) {
        self.source = source
        self.destination = destination
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.transport = transport
        self.icmpType = icmpType
        self.icmpCode = icmpCode
        self.timeToLive = timeToLive
    }
}

/// An address condition of a term: prefixes or ranges, optionally negated (`except`).
public struct AddressMatch: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case prefix(IPPrefix)
        case range(low: IPAddress, high: IPAddress)
    }

    public var kind: Kind
    /// `except`: the condition excludes these addresses.
    public var isExcept: Bool

    public init(_ kind: Kind, isExcept: Bool = false) {
        self.kind = kind
        self.isExcept = isExcept
    }

    func contains(_ address: IPAddress) -> Bool {
        switch kind {
        case .prefix(let prefix): prefix.contains(address)
        case .range(let low, let high): low <= address && address <= high
        }
    }
}

extension Array where Element == AddressMatch {
    /// Junos semantics: an address matches a list when the most specific entry containing it is not an
    /// `except` entry; an empty list matches everything.
    func admits(_ address: IPAddress) -> Bool {
        if isEmpty { return true }
        var best: (length: Int, isExcept: Bool)?
        for entry in self where entry.contains(address) {
            let length: Int
            switch entry.kind {
            case .prefix(let prefix): length = prefix.mappedLength
            case .range: length = 128
            }
            if best == nil || length > best!.length { best = (length, entry.isExcept) }
        }
        return best.map { !$0.isExcept } ?? false
    }
}

/// One term of a stateful-firewall rule: `from` conditions and a `then` action.
public struct PolicyTerm: Sendable, Hashable {
    public var name: String
    public var sources: [AddressMatch]
    public var destinations: [AddressMatch]
    /// Applications (from `applications` and expanded `application-sets`); empty matches any.
    public var applications: [ApplicationMatch]
    /// `destination-port range low … high …`.
    public var destinationPorts: ClosedRange<UInt16>?
    public var action: PolicyAction
    /// The Next Gen policy the term was compiled from (its name and ID, `Policy name: P/ID`); `nil` for an
    /// MS-MPC term.
    public var policy: PolicyReference?

    public init(
        name: String, sources: [AddressMatch] = [], destinations: [AddressMatch] = [],
        applications: [ApplicationMatch] = [], destinationPorts: ClosedRange<UInt16>? = nil, action: PolicyAction,
        policy: PolicyReference? = nil
    ) {
        self.policy = policy
        self.name = name
        self.sources = sources
        self.destinations = destinations
        self.applications = applications
        self.destinationPorts = destinationPorts
        self.action = action
    }

    /// The application the packet matches in this term (or `nil` with no application condition), when
    /// every condition holds; `.none` when a condition fails.
    func match(_ packet: FlowPacket) -> ApplicationMatch?? {
        guard sources.admits(packet.source), destinations.admits(packet.destination) else { return .none }
        if let destinationPorts, !destinationPorts.contains(packet.destinationPort) { return .none }
        if applications.isEmpty { return .some(nil) }
        guard let application = applications.first(where: { $0.matches(packet) }) else { return .none }
        return .some(application)
    }
}

/// A stateful-firewall rule: terms in order, first match wins.
public struct PolicyRule: Sendable, Hashable {
    public var name: String
    public var direction: MatchDirection
    public var terms: [PolicyTerm]

    public init(name: String, direction: MatchDirection, terms: [PolicyTerm]) {
        self.name = name
        self.direction = direction
        self.terms = terms
    }
}
