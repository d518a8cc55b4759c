// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `term T { from { … } then { … } }` inside a stateful-firewall rule.
public struct StatefulFirewallTerm: Hashable, Sendable {
    /// The term name.
    public var name: String
    /// `from`: the match conditions (empty matches everything).
    public var match: StatefulFirewallMatch
    /// `then`: what to do with matching traffic.
    public var action: StatefulFirewallAction

    /// Creates a term.
    public init(name: String, match: StatefulFirewallMatch = StatefulFirewallMatch(), action: StatefulFirewallAction) {
        self.name = name
        self.match = match
        self.action = action
    }
}
