// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `services stateful-firewall rule R { match-direction …; term T { … } … }`.
public struct StatefulFirewallRule: Hashable, Sendable {
    /// `match-direction`.
    public enum MatchDirection: String, Hashable, Sendable, CaseIterable {
        /// "Match on input to interface".
        case input
        /// "Match on output from interface".
        case output
        /// "Match on input to or output from interface".
        case inputOutput = "input-output"
    }

    /// The rule name.
    public var name: String
    /// `match-direction` (required).
    public var matchDirection: MatchDirection
    /// The terms, evaluated in order.
    public var terms: [StatefulFirewallTerm]

    /// Creates a rule.
    public init(name: String, matchDirection: MatchDirection, terms: [StatefulFirewallTerm] = []) {
        self.name = name
        self.matchDirection = matchDirection
        self.terms = terms
    }
}
