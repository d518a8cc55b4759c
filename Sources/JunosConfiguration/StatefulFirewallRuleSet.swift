// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `services stateful-firewall rule-set RS { rule R; … }`: an ordered group of rules.
public struct StatefulFirewallRuleSet: Hashable, Sendable {
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
