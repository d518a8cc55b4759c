// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `policy P { match { source-address …; destination-address …; application …; } then { permit | deny |
/// reject; [count;] } }` of a Next Gen stateful-firewall rule (`services policies`, SPEC.md §9).
public struct StatefulFirewallPolicy: Hashable, Sendable {
    /// `then`: the verdict. Each acts as the MS-MPC verdict it is named after in ``verdict``.
    public enum Action: String, Hashable, Sendable, CaseIterable {
        /// Accept the traffic.
        case permit
        /// Drop it silently.
        case deny
        /// Drop it and answer: a TCP RST, or ICMP port unreachable.
        case reject

        /// The MS-MPC term verdict that acts the same: permit → accept, deny → discard, reject → reject.
        public var verdict: StatefulFirewallAction.Verdict {
            switch self {
            case .permit: .accept
            case .deny: .discard
            case .reject: .reject
            }
        }
    }

    /// The address names `any`, `any-ipv4` and `any-ipv6`, which need no address book entry.
    public static let anyAddresses: Set<String> = ["any", "any-ipv4", "any-ipv6"]
    /// The application name `any`: every application.
    public static let anyApplication = "any"

    /// The policy name, printed in a session's `Policy name: P/ID`.
    public var name: String
    /// `match source-address`: address-book addresses or address sets, or `any`, `any-ipv4`, `any-ipv6`.
    public var sourceAddresses: [String]
    /// `match destination-address`.
    public var destinationAddresses: [String]
    /// `match application`: applications or application sets (user-defined or `junos-*`), or `any`.
    public var applications: [String]
    /// `then`: the verdict (exactly one is required).
    public var action: Action
    /// `then count`.
    public var isCounted: Bool

    /// Creates a policy; by default it matches everything.
    public init(
        name: String, sourceAddresses: [String] = ["any"], destinationAddresses: [String] = ["any"],
        applications: [String] = ["any"], action: Action, isCounted: Bool = false
    ) {
        self.name = name
        self.sourceAddresses = sourceAddresses
        self.destinationAddresses = destinationAddresses
        self.applications = applications
        self.action = action
        self.isCounted = isCounted
    }
}
