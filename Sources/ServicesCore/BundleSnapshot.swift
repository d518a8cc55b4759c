// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// An AMS bundle and its members as `show interfaces load-balancing` shows them (SPEC.md §2.10).
public struct BundleSnapshot: Sendable, Hashable {
    /// One member interface of the bundle.
    public struct Member: Sendable, Hashable {
        /// The member interface, e.g. `mams-0/0/0`.
        public var name: String
        public var state: MemberState

        public init(name: String, state: MemberState) {
            self.name = name
            self.state = state
        }
    }

    /// Every member's weight: Junos prints the same 10 for each member (junos-research.md §1.8), and the
    /// owner rule spreads key addresses evenly over the members (SPEC.md §4).
    public static let memberWeight = 10

    /// The bundle, e.g. `ams0`.
    public var name: String
    /// Whole seconds of packet time since the engine's first packet: the bundle came up then and has not
    /// changed since (`Last change`).
    public var secondsSinceChange: UInt64
    public var highAvailability: HighAvailabilityModel
    /// The members in configuration order.
    public var members: [Member]

    public init(name: String, secondsSinceChange: UInt64, highAvailability: HighAvailabilityModel, members: [Member]) {
        self.name = name
        self.secondsSinceChange = secondsSinceChange
        self.highAvailability = highAvailability
        self.members = members
    }

    /// `Up` while a member is active, else `Down`.
    public var state: String { members.contains { $0.state == .active } ? "Up" : "Down" }
}

/// The high-availability model of a bundle (`high-availability-options`), as `HA Model` names it.
public enum HighAvailabilityModel: Sendable, Hashable {
    /// No `high-availability-options`: the members only share the load.
    case none
    /// `many-to-one` (N:1): a preferred backup stands by for every active member.
    case manyToOne
    /// `one-to-one` (1:1): a backup synchronised with one active member.
    case oneToOne

    /// `None`, `Many-to-one`, `One-to-one`.
    public var name: String {
        switch self {
        case .none: "None"
        case .manyToOne: "Many-to-one"
        case .oneToOne: "One-to-one"
        }
    }
}

/// A member's state in its bundle. Every member of an `ams` bundle processes its share of the traffic: no
/// member fails in a replay, and `high-availability-options` are not acted on (a preferred backup takes its
/// share like the others), so `Active` is the only state the engine produces today; Junos's `Backup`,
/// `Discard` and `Inactive` (SPEC.md §2.10) belong to member failure.
public enum MemberState: Sendable, Hashable {
    case active

    /// The Junos spelling: `Active`.
    public var name: String {
        switch self {
        case .active: "Active"
        }
    }
}
