// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `services service-set S { … }`: which rules apply to which service interface.
public struct ServiceSet: Hashable, Sendable {
    /// `service-set-options { … }`.
    public struct Options: Hashable, Sendable {
        /// `tcp-non-syn`: handling of a non-SYN first TCP packet.
        public enum TCPNonSYN: String, Hashable, Sendable, CaseIterable {
            case dropFlow = "drop-flow"
            case dropFlowSendRST = "drop-flow-send-rst"
        }

        /// Allowed `session-timeout` seconds (as the interface's, ``ServicesOptions/sessionTimeoutRange``).
        public static let sessionTimeoutRange = ServicesOptions.sessionTimeoutRange

        /// `tcp-non-syn`.
        public var tcpNonSYN: TCPNonSYN?
        /// `bypass-traffic-on-exceeding-flow-limits`.
        public var bypassesTrafficOnExceedingFlowLimits: Bool
        /// `session-timeout`: the most a session of the service set lives from its creation; overrides the
        /// interface's `services-options session-timeout`.
        public var sessionTimeout: Duration?

        /// Creates options.
        public init(
            tcpNonSYN: TCPNonSYN? = nil, bypassesTrafficOnExceedingFlowLimits: Bool = false,
            sessionTimeout: Duration? = nil
        ) {
            self.tcpNonSYN = tcpNonSYN
            self.bypassesTrafficOnExceedingFlowLimits = bypassesTrafficOnExceedingFlowLimits
            self.sessionTimeout = sessionTimeout
        }
    }

    /// Where the service set is applied.
    public enum Placement: Hashable, Sendable {
        /// `interface-service { service-interface amsN.U; [load-balancing-options hash-keys …] }`.
        case interfaceService(serviceInterface: ServiceInterfaceName, hashKeys: HashKeys?)
        /// `next-hop-service { inside-service-interface …; outside-service-interface …; }`.
        case nextHopService(inside: ServiceInterfaceName, outside: ServiceInterfaceName)
    }

    /// The service set name.
    public var name: String
    /// `stateful-firewall-rules`, in order.
    public var statefulFirewallRules: [String]
    /// `stateful-firewall-rule-sets`, in order.
    public var statefulFirewallRuleSets: [String]
    /// `max-flows`.
    public var maxFlows: UInt32?
    /// `service-set-options`.
    public var options: Options
    /// `interface-service` or `next-hop-service`.
    public var placement: Placement?
    /// `linux-interfaces` *(ours)*: where `ams run` reads the service set's traffic.
    public var linuxInterfaces: LinuxInterfaces?

    /// Creates a service set.
    public init(
        name: String, statefulFirewallRules: [String] = [], statefulFirewallRuleSets: [String] = [],
        maxFlows: UInt32? = nil, options: Options = Options(), placement: Placement? = nil,
        linuxInterfaces: LinuxInterfaces? = nil
    ) {
        self.name = name
        self.statefulFirewallRules = statefulFirewallRules
        self.statefulFirewallRuleSets = statefulFirewallRuleSets
        self.maxFlows = maxFlows
        self.options = options
        self.placement = placement
        self.linuxInterfaces = linuxInterfaces
    }
}
