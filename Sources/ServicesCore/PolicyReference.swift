// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The Next Gen policy that decided a session: `Policy name: NAME/ID` in its header (junos-research.md §1.4).
public struct PolicyReference: Sendable, Hashable {
    /// The policy's name (`services policies stateful-firewall-rule R policy NAME`).
    public var name: String
    /// Its ID. Junos's numbering is not documented; the one capture shows `ACCEPT/131089` for the only policy
    /// of its configuration, so *(ours)* policies are numbered in configuration order from
    /// ``firstID`` (131089) up, across all rules.
    public var id: UInt32

    /// The ID of the first policy in configuration order *(ours, from the capture's one policy)*.
    public static let firstID: UInt32 = 131_089

    /// What a Next Gen session that no configured policy decided prints *(ours)*: the name and ID Junos's flow
    /// code gives its default policy (`default-policy-logical-system-00/2`, real SRX output in Juniper's test
    /// fixtures) — a rule-free service set's sessions, flows discarded for matching nothing.
    public static let defaultPolicy = PolicyReference(name: "default-policy-logical-system-00", id: 2)

    public init(name: String, id: UInt32) {
        self.name = name
        self.id = id
    }

    /// `NAME/ID`, as the session header prints it.
    public var text: String { "\(name)/\(id)" }
}
