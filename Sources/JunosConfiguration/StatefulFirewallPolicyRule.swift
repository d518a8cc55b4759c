// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `services policies stateful-firewall-rule R { match-direction …; policy P { … } … }`: a Next Gen
/// stateful-firewall rule (SPEC.md §9), the counterpart of an MS-MPC ``StatefulFirewallRule`` whose
/// policies are its terms.
public struct StatefulFirewallPolicyRule: Hashable, Sendable {
    /// The rule name.
    public var name: String
    /// `match-direction` (required).
    public var matchDirection: StatefulFirewallRule.MatchDirection
    /// The policies, evaluated in order.
    public var policies: [StatefulFirewallPolicy]

    /// Creates a rule.
    public init(name: String, matchDirection: StatefulFirewallRule.MatchDirection, policies: [StatefulFirewallPolicy] = []) {
        self.name = name
        self.matchDirection = matchDirection
        self.policies = policies
    }
}

/// `services policies stateful-firewall-rule-set RS { stateful-firewall-rule R; … }`.
public struct StatefulFirewallPolicyRuleSet: Hashable, Sendable {
    /// The rule-set name.
    public var name: String
    /// The rule names, in order.
    public var rules: [String]

    /// Creates a rule set.
    public init(name: String, rules: [String] = []) {
        self.name = name
        self.rules = rules
    }
}
