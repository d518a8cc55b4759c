// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

/// Plain counters of one member — or of the frame pump, which counts frames and undecodable frames —
/// summed by the control plane after a replay.
public struct MemberCounters: Sendable {
    /// Frames read from the capture (counted by the ``FramePump``, 0 in a member).
    public var frames: UInt64 = 0
    /// Frames whose captured bytes exceed their length on the wire (a capture's record says so): taken
    /// as they are, and counted (``FramePump``).
    public var framesLongerThanOriginal: UInt64 = 0
    /// Packets accounted to this member's sessions, and their IP bytes.
    public var packets: UInt64 = 0
    public var bytes: UInt64 = 0
    public var sessionsCreated: UInt64 = 0
    public var sessionsExpired: UInt64 = 0
    /// TCP sessions replaced by a new SYN on the 5-tuple of a closing session.
    public var sessionsReplaced: UInt64 = 0
    /// Packets accounted to flows in state `Drop` or `Reject`.
    public var packetsDropped: UInt64 = 0
    /// New sessions whose flows are forwarded (accepted or bypassed), and those that drop or reject them.
    public var slowPathForward: UInt64 = 0
    public var slowPathDiscard: UInt64 = 0
    /// ALG gates opened, child sessions created through them, and control-channel announcements the ALG
    /// refused (an FTP bounce, a bad port).
    public var gatesOpened: UInt64 = 0
    public var childSessions: UInt64 = 0
    public var gatewayRefusals: UInt64 = 0
    /// ICMP echo replies without a waiting request, and requests over the 20 waiting, dropped by the ICMP ALG.
    public var echoDropped: UInt64 = 0
    /// Packets the owner rule gave this member that were left to another shard's replay (`--member-shard`,
    /// ``MemberShard``): not processed here. Set once the pump is done, never on the data path.
    public var packetsOfOtherShard: UInt64 = 0
    /// The link type of the last frame skipped because ams does not decode its link type (pump).
    public var unsupportedLinkType: LinkType?
    /// Frames that could not be decoded, by ``WireError/counterIndex`` (counted by the ``FramePump``).
    public var wireDrops: [UInt64] = Array(repeating: 0, count: WireError.counterCount)
    /// Packets not accounted to a session, by ``DropReason``.
    public var engineDrops: [UInt64] = Array(repeating: 0, count: DropReason.allCases.count)
    /// ``sessionsCreated`` by service set, in the configuration's order (a reload carries each service set's
    /// count to its new place by name; `/metrics`, SPEC.md §8).
    public var sessionsCreatedByServiceSet: [UInt64] = []

    public init() {}

    /// Adds `other` into `self`.
    public mutating func add(_ other: MemberCounters) {
        frames += other.frames
        framesLongerThanOriginal += other.framesLongerThanOriginal
        unsupportedLinkType = unsupportedLinkType ?? other.unsupportedLinkType
        packets += other.packets
        bytes += other.bytes
        sessionsCreated += other.sessionsCreated
        sessionsExpired += other.sessionsExpired
        sessionsReplaced += other.sessionsReplaced
        packetsDropped += other.packetsDropped
        slowPathForward += other.slowPathForward
        slowPathDiscard += other.slowPathDiscard
        gatesOpened += other.gatesOpened
        childSessions += other.childSessions
        gatewayRefusals += other.gatewayRefusals
        echoDropped += other.echoDropped
        packetsOfOtherShard += other.packetsOfOtherShard
        for i in wireDrops.indices { wireDrops[i] += other.wireDrops[i] }
        for i in engineDrops.indices { engineDrops[i] += other.engineDrops[i] }
        if sessionsCreatedByServiceSet.count < other.sessionsCreatedByServiceSet.count {
            sessionsCreatedByServiceSet += Array(
                repeating: 0, count: other.sessionsCreatedByServiceSet.count - sessionsCreatedByServiceSet.count)
        }
        for i in other.sessionsCreatedByServiceSet.indices {
            sessionsCreatedByServiceSet[i] += other.sessionsCreatedByServiceSet[i]
        }
    }
}
