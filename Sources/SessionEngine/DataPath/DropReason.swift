// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Why the engine did not account a decoded packet to a session. Each case is a named counter.
public enum DropReason: Int, Sendable, CaseIterable {
    /// A later IP fragment whose first fragment was not seen (or whose session is gone).
    case fragmentWithoutFirst
    /// A new session was refused because the member is at its `session-limit` (`services-options
    /// session-limit maximum`).
    case sessionLimit
    /// A new session was refused because its service set is at its `max-flows` on the member.
    case maxFlows
    /// The packet's VLAN belongs to no service set.
    case noServiceSet
    /// An ICMP or ICMPv6 error quoting a flow that has no session.
    case icmpErrorWithoutFlow
    /// A new session was refused: the member has used every session number (they are never reused).
    case noFreeSessionID

    /// The counter's name in `--stats` and `show services sessions analysis`.
    public var name: String {
        switch self {
        case .fragmentWithoutFirst: "fragment-without-first"
        case .sessionLimit: "session-limit"
        case .maxFlows: "max-flows"
        case .noServiceSet: "no-service-set"
        case .icmpErrorWithoutFlow: "icmp-error-without-flow"
        case .noFreeSessionID: "no-free-session-id"
        }
    }
}
