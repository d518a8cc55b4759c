// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A validated `ams` configuration: AMS interfaces, service sets, stateful-firewall rules,
/// applications and prefix lists. Every reference in it resolves (see `ConfigurationParser`).
///
/// Lists keep configuration order, so two configurations are equal when they print the same.
public struct Configuration: Hashable, Sendable {
    /// `interfaces amsN { … }`.
    public var interfaces: [AMSInterface]
    /// `services service-set`.
    public var serviceSets: [ServiceSet]
    /// `services stateful-firewall rule`, in order.
    public var statefulFirewallRules: [StatefulFirewallRule]
    /// `services stateful-firewall rule-set`.
    public var statefulFirewallRuleSets: [StatefulFirewallRuleSet]
    /// `applications application` (user-defined; see `application(named:)` for predefined ones).
    public var applications: [Application]
    /// `applications application-set`.
    public var applicationSets: [ApplicationSet]
    /// `policy-options prefix-list`.
    public var prefixLists: [PrefixList]
    /// `system services netconf`: the NETCONF server of `ams run`; `nil` when not configured.
    public var netconf: NetconfService?
    /// `system login user …`: the users of NETCONF sessions, in configuration order.
    public var loginUsers: [LoginUser] = []
    /// `system host-name`: what `show version`, `show chassis routing-engine` and NETCONF facts name the
    /// router; `nil` when not configured (then `ams`).
    public var hostName: String?

    /// Creates a configuration.
    public init(
        interfaces: [AMSInterface] = [], serviceSets: [ServiceSet] = [],
        statefulFirewallRules: [StatefulFirewallRule] = [], statefulFirewallRuleSets: [StatefulFirewallRuleSet] = [],
        applications: [Application] = [], applicationSets: [ApplicationSet] = [], prefixLists: [PrefixList] = [],
        netconf: NetconfService? = nil, loginUsers: [LoginUser] = []
    ) {
        self.netconf = netconf
        self.loginUsers = loginUsers
        self.interfaces = interfaces
        self.serviceSets = serviceSets
        self.statefulFirewallRules = statefulFirewallRules
        self.statefulFirewallRuleSets = statefulFirewallRuleSets
        self.applications = applications
        self.applicationSets = applicationSets
        self.prefixLists = prefixLists
    }

    /// A user-defined application, else a predefined `junos-*` one.
    public func application(named name: String) -> Application? {
        applications.first { $0.name == name } ?? Application.predefined(named: name)
    }

    /// The application set with this name.
    public func applicationSet(named name: String) -> ApplicationSet? {
        applicationSets.first { $0.name == name }
    }

    /// The stateful-firewall rule with this name.
    public func statefulFirewallRule(named name: String) -> StatefulFirewallRule? {
        statefulFirewallRules.first { $0.name == name }
    }

    /// The prefix list with this name.
    public func prefixList(named name: String) -> PrefixList? {
        prefixLists.first { $0.name == name }
    }
}
