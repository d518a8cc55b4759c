// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore
import Wire

/// The compiled policy of one service set: its stateful-firewall rules, limits and timers.
public struct ServiceSetPolicy: Sendable, Hashable {
    public static func == (lhs: ServiceSetPolicy, rhs: ServiceSetPolicy) -> Bool {
        lhs.name == rhs.name && lhs.rules == rhs.rules && lhs.implicitApplications == rhs.implicitApplications
            && lhs.maxFlows == rhs.maxFlows && lhs.bypassOverLimit == rhs.bypassOverLimit
            && lhs.sessionTimeout == rhs.sessionTimeout
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(rules)
    }

    public var name: String
    /// Rules in order; with none, everything is accepted (SPEC.md §4).
    public var rules: [PolicyRule]
    /// Applications consulted to name the ALG and timeout of accepted flows that no term named one for
    /// (every predefined `junos-*` application in the built-in service set: "every ALG enabled").
    public var implicitApplications: [ApplicationMatch] {
        didSet { implicitMatchers = implicitApplications.map(\.matcher) }
    }
    /// ``implicitApplications`` compiled for the data path.
    public private(set) var implicitMatchers: [ApplicationMatcher]

    /// `max-flows`: the most sessions of this service set on one member; `nil` for no limit.
    public var maxFlows: Int?
    /// `bypass-traffic-on-exceeding-flow-limits`: over the limit, new flows are bypassed, not refused.
    public var bypassOverLimit: Bool
    /// `service-set-options session-timeout`, seconds: the service set's own session timeout; `nil` leaves
    /// the interface's (`EngineConfiguration.sessionTimeout(serviceSet:)` decides which applies).
    public var sessionTimeout: UInt32?
    /// `tcp-non-syn drop-flow-send-rst`: the first packet of an accepted TCP flow that is no SYN is answered
    /// with a reset (a `reject`), its session's later packets dropped; `drop-flow` (the default) drops them all.
    public var resetsNonSYN: Bool

    public init(
        name: String, rules: [PolicyRule], implicitApplications: [ApplicationMatch] = [], maxFlows: Int? = nil,
        bypassOverLimit: Bool = false, sessionTimeout: UInt32? = nil, resetsNonSYN: Bool = false
    ) {
        self.resetsNonSYN = resetsNonSYN
        self.name = name
        self.rules = rules
        self.maxFlows = maxFlows
        self.bypassOverLimit = bypassOverLimit
        self.sessionTimeout = sessionTimeout
        self.implicitApplications = implicitApplications
        implicitMatchers = implicitApplications.map(\.matcher)
    }

    /// An estimate of the bytes the compiled policy holds (its rules, terms, conditions and applications).
    public var storageBytes: Int {
        var bytes = MemoryLayout<ServiceSetPolicy>.stride + implicitMatchers.count * MemoryLayout<ApplicationMatcher>.stride
        for rule in rules {
            bytes += MemoryLayout<PolicyRule>.stride
            for term in rule.terms {
                bytes += MemoryLayout<PolicyTerm>.stride
                bytes += (term.sources.count + term.destinations.count) * MemoryLayout<AddressMatch>.stride
                bytes += term.applications.count * MemoryLayout<ApplicationMatch>.stride
            }
        }
        return bytes
    }

    /// The applications whose ALG reads a control channel (FTP, TFTP, RTSP, PPTP, SQL*Net) that this policy
    /// can classify a flow as: where the engine must look at payload.
    public var controlChannelApplications: [ApplicationMatch] {
        applications.filter { $0.alg.readsControlChannel }
    }

    /// Every application this policy can classify a flow as: the implicit ones, then those its terms name.
    public var applications: [ApplicationMatch] {
        var found = implicitApplications
        for rule in rules { for term in rule.terms { found += term.applications } }
        return found
    }

    /// The profile of the first implicit application `packet` matches.
    private func implicitProfile(for packet: FlowPacket) -> ApplicationProfile? {
        Self.ruleFreeDecision(packet, matchers: implicitMatchers, range: implicitMatchers.indices).profile
    }

    /// The decision of a service set without rules (SPEC.md §4: accept), with the ALG and timeout of the
    /// first of `matchers[range]` that `packet` matches: the one place this is decided, for a policy's own
    /// ``decide(_:as:)`` and for the data path, which keeps the matchers of every rule-free service set in
    /// one plain array (`FlowClassifier`, so that it never touches the policy itself).
    @inlinable @inline(__always)
    public static func ruleFreeDecision(
        _ packet: FlowPacket, matchers: [ApplicationMatcher], range: Range<Int>
    ) -> PolicyDecision {
        for index in range where matchers[index].matches(packet) {
            return PolicyDecision(action: .accept, profile: matchers[index].profile)
        }
        return PolicyDecision(action: .accept, profile: nil)
    }

    /// What the policy decides for a new flow whose first packet, travelling as `role`, is `packet`.
    ///
    /// Rules in order, terms in order, first match wins; a service set with rules and no match discards,
    /// one without rules accepts.
    public func decide(_ packet: FlowPacket, as role: FlowRole = .initiator) -> PolicyDecision {
        if rules.isEmpty {
            // The common case, and the built-in one: no rules, so accept; only the ALG is to be found.
            return Self.ruleFreeDecision(packet, matchers: implicitMatchers, range: implicitMatchers.indices)
        }
        guard let (_, term, application) = firstMatch(packet, as: role) else {
            return PolicyDecision(action: .discard, profile: implicitProfile(for: packet))
        }
        return PolicyDecision(action: term.action, profile: application?.matcher.profile ?? implicitProfile(for: packet))
    }

    /// The term that decides a new flow whose first packet, travelling as `role`, is `packet`, its rule,
    /// and the application it matched in it (`nil` for a term without applications): rules in order, terms
    /// in order, first match wins. `nil` when no term matches. The one search ``decide(_:as:)`` makes (and
    /// the syslog's `JSERVICES_SFW_RULE_ACCEPT`, which names the rule and term).
    public func firstMatch(
        _ packet: FlowPacket, as role: FlowRole = .initiator
    ) -> (rule: PolicyRule, term: PolicyTerm, application: ApplicationMatch?)? {
        for rule in rules where rule.direction.applies(to: role) {
            for term in rule.terms {
                if case .some(let found) = term.match(packet) { return (rule, term, found) }
            }
        }
        return nil
    }

    /// The Next Gen policy (name and ID) that decides a new flow whose first packet is `packet`: that of
    /// the term ``decide(_:as:)`` follows; `nil` for an MS-MPC service set or when no policy matches.
    public func policyReference(for packet: FlowPacket, as role: FlowRole = .initiator) -> PolicyReference? {
        guard hasPolicies else { return nil }
        return firstMatch(packet, as: role)?.term.policy
    }

    /// Whether the rules were compiled from Next Gen policies (``PolicyTerm/policy`` set).
    public var hasPolicies: Bool { rules.contains { $0.terms.contains { $0.policy != nil } } }
}

/// The policy's verdict on a new flow.
public struct PolicyDecision: Sendable, Hashable, BitwiseCopyable {
    public var action: PolicyAction
    /// What the matching application implies (ALG, inactivity timeout); `nil` when none matched.
    public var profile: ApplicationProfile?

    public init(action: PolicyAction, profile: ApplicationProfile?) {
        self.action = action
        self.profile = profile
    }

    /// The ALG that handles the session.
    public var alg: ApplicationLayerProtocol { profile?.alg ?? .none }

    /// The application's inactivity timeout, if it sets one (seconds).
    public var inactivityTimeout: UInt32? {
        guard let timeout = profile?.inactivityTimeout, timeout > 0 else { return nil }
        return timeout
    }

    /// The state of the session's flows (SPEC.md §1): `Watch` for ALG control flows that inspect payload,
    /// `Forward` for other accepted flows, `Drop` for discard, `Reject` for reject.
    public var state: FlowState {
        switch action {
        case .discard: return .drop
        case .reject: return .reject
        case .accept: return alg.readsControlChannel ? .watch : .forward
        }
    }
}
