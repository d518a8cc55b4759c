// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `services service-set S { … }`: which rules apply to which service interface. On a Next Gen interface
/// (`vms-`) the rules named are `services policies` rules (SPEC.md §9), elsewhere `services stateful-firewall`
/// ones.
public struct ServiceSet: Hashable, Sendable {
    /// `service-set-options { … }`.
    public struct Options: Hashable, Sendable {
        /// `tcp-non-syn`: handling of a non-SYN first TCP packet.
        public enum TCPNonSYN: String, Hashable, Sendable, CaseIterable {
            case dropFlow = "drop-flow"
            case dropFlowSendRST = "drop-flow-send-rst"
        }

        /// Next Gen `tcp-session { … }` (SPEC.md §9).
        public struct TCPSession: Hashable, Sendable {
            /// `open-timeout`: time allowed for TCP session establishment.
            public var openTimeout: Duration?
            /// `inactivity-tcp-timeout`: idle time after which an established TCP session expires.
            public var inactivityTCPTimeout: Duration?
            /// `tcp-non-syn`.
            public var tcpNonSYN: TCPNonSYN?

            public init(openTimeout: Duration? = nil, inactivityTCPTimeout: Duration? = nil, tcpNonSYN: TCPNonSYN? = nil) {
                self.openTimeout = openTimeout
                self.inactivityTCPTimeout = inactivityTCPTimeout
                self.tcpNonSYN = tcpNonSYN
            }
        }

        /// Allowed `session-timeout` seconds (as the interface's, ``ServicesOptions/sessionTimeoutRange``).
        public static let sessionTimeoutRange = ServicesOptions.sessionTimeoutRange
        /// Allowed `inactivity-non-tcp-timeout` and `tcp-session inactivity-tcp-timeout` seconds (Junos 21.2
        /// YANG, as the interface's `inactivity-timeout`).
        public static let inactivityTimeoutRange = ServicesOptions.inactivityTimeoutRange
        /// Allowed `tcp-session open-timeout` seconds (Junos 21.2 YANG, as the interface's).
        public static let openTimeoutRange = ServicesOptions.openTimeoutRange

        /// `tcp-non-syn`.
        public var tcpNonSYN: TCPNonSYN?
        /// `bypass-traffic-on-exceeding-flow-limits`.
        public var bypassesTrafficOnExceedingFlowLimits: Bool
        /// `disable-session-open-syslog`: no `JSERVICES_SESSION_OPEN` line for the service set's sessions.
        public var disablesSessionOpenSyslog = false
        /// `session-timeout`: the most a session of the service set lives from its creation; overrides the
        /// interface's `services-options session-timeout`.
        public var sessionTimeout: Duration?
        /// Next Gen `inactivity-non-tcp-timeout`: idle time after which a non-TCP session expires.
        public var inactivityNonTCPTimeout: Duration?
        /// Next Gen `session-limit { maximum N; }`: the most sessions of the service set (0: not effective).
        public var sessionLimitMaximum: UInt32?
        /// Next Gen `tcp-session { … }`.
        public var tcpSession: TCPSession?

        /// Creates options.
        public init(
            tcpNonSYN: TCPNonSYN? = nil, bypassesTrafficOnExceedingFlowLimits: Bool = false,
            sessionTimeout: Duration? = nil, inactivityNonTCPTimeout: Duration? = nil,
            sessionLimitMaximum: UInt32? = nil, tcpSession: TCPSession? = nil
        ) {
            self.inactivityNonTCPTimeout = inactivityNonTCPTimeout
            self.sessionLimitMaximum = sessionLimitMaximum
            self.tcpSession = tcpSession
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

        /// The interface (`amsN` or `vms-F/P/0`) the service set is bound to: its service interface's, or
        /// its inside interface's.
        public var interface: String {
            switch self {
            case .interfaceService(let name, _): name.interface
            case .nextHopService(let inside, _): inside.interface
            }
        }
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
    /// `syslog { host H { … } … }`: where the service set's session and stateful-firewall logs go.
    public var syslogHosts: [SyslogHost] = []
    /// `jflow-log { template-profile T; }`: the sessions' flow records go out as `services jflow-log
    /// template-profile T` says.
    public var jflowLogTemplateProfile: String?

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
