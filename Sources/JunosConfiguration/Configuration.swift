// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

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
    /// `services policies stateful-firewall-rule`: Next Gen rules, in order (SPEC.md §9).
    public var policyRules: [StatefulFirewallPolicyRule] = []
    /// `services policies stateful-firewall-rule-set`.
    public var policyRuleSets: [StatefulFirewallPolicyRuleSet] = []
    /// `services address-book`: the addresses Next Gen policies name.
    public var addressBooks: [AddressBook] = []
    /// `services jflow-log`: flow record collectors and template profiles (SPEC.md §8).
    public var jflowLog = JflowLog()

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

    /// The Next Gen stateful-firewall rule (`services policies`) with this name.
    public func policyRule(named name: String) -> StatefulFirewallPolicyRule? {
        policyRules.first { $0.name == name }
    }

    /// The ID of policy `policy` of Next Gen rule `rule` (`Policy name: P/ID`): *(ours)* the policies of
    /// `services policies` numbered in configuration order, rule after rule, from
    /// ``PolicyReference/firstID`` (131089, the one ID a capture shows, for its configuration's one policy).
    /// Junos's own numbering is not documented.
    public func policyID(ruleNamed rule: String, policy: String) -> UInt32 {
        var id = PolicyReference.firstID
        for candidate in policyRules {
            for entry in candidate.policies {
                if candidate.name == rule && entry.name == policy { return id }
                id &+= 1
            }
        }
        return id
    }

    /// The card a service set runs on: that of the interface it is bound to (MS-MPC when unbound, or bound
    /// to an interface not configured).
    public func generation(of serviceSet: ServiceSet) -> ServicesGeneration {
        guard let name = serviceSet.placement?.interface else { return .msMPC }
        return interfaces.first { $0.name == name }?.generation ?? ServicesGeneration(memberName: name)
    }

    /// The prefix list with this name.
    public func prefixList(named name: String) -> PrefixList? {
        prefixLists.first { $0.name == name }
    }
}
