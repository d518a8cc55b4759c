// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The session statistics of one member, for `show services sessions analysis` and `utilization` (SPEC.md §2.8,
/// §2.11).
public struct SessionAnalysis: Sendable, Hashable {
    /// Live sessions by kind and address family.
    public var tcpIPv4 = 0
    public var tcpIPv6 = 0
    public var udpIPv4 = 0
    public var udpIPv6 = 0
    public var otherIPv4 = 0
    public var otherIPv6 = 0
    /// ALG-predicted (gate) sessions waiting for their flow.
    public var predicted = 0
    /// Sessions created and deleted in the last whole second of packet time, and the most in any second.
    public var createdPerSecond = 0
    public var deletedPerSecond = 0
    public var peakCreatedPerSecond = 0
    public var peakDeletedPerSecond = 0
    /// New sessions refused (over a `session-limit` or `max-flows`, or without a free session ID) in the last
    /// whole second of packet time.
    public var refusedPerSecond = 0
    /// The most sessions live at once: in all, and by kind.
    public var peakTotal = 0
    public var peakTCP = 0
    public var peakUDP = 0
    public var peakOther = 0
    /// Packets the member received, and those it forwarded (not dropped or rejected).
    public var packetsReceived: UInt64 = 0
    public var packetsTransmitted: UInt64 = 0
    /// First packets of flows that made an accepting session, and those whose session drops them.
    public var slowPathForward: UInt64 = 0
    public var slowPathDiscard: UInt64 = 0
    /// Packets routed to the member that this replay left to another shard's (`--member-shard`) *(ours)*.
    public var packetsOfOtherShard: UInt64 = 0

    public init() {}

    public var tcp: Int { tcpIPv4 + tcpIPv6 }
    public var udp: Int { udpIPv4 + udpIPv6 }
    public var other: Int { otherIPv4 + otherIPv6 }
    public var total: Int { tcp + udp + other }
}
