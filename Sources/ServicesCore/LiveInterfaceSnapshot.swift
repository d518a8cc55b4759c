// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// What `ams run` counted on one Linux interface it reads (SPEC.md §6): the kernel's ring counters and,
/// inline, what became of the frames. Shown after the members by `show services sessions analysis`
/// *(ours: Junos has no such block)*.
public struct LiveInterfaceSnapshot: Sendable, Hashable {
    /// The Linux interface, e.g. `veth1`.
    public var name: String
    /// `inside` or `outside`.
    public var side: String
    /// Frames the kernel handed to the ring, dropped ones included (`PACKET_STATISTICS` `tp_packets`).
    public var framesReceived: UInt64
    /// Frames the kernel dropped because the ring was full (`tp_drops`).
    public var ringDrops: UInt64
    /// Times the ring's queue froze with every block in use (`tp_freeze_q_cnt`, TPACKET_V3 only).
    public var ringFreezes: UInt64

    public init(name: String, side: String, framesReceived: UInt64 = 0, ringDrops: UInt64 = 0, ringFreezes: UInt64 = 0) {
        self.name = name
        self.side = side
        self.framesReceived = framesReceived
        self.ringDrops = ringDrops
        self.ringFreezes = ringFreezes
    }
}

/// What inline `ams run` did with the frames it read (SPEC.md §6), over all its interfaces: kept by the
/// live driver, shown after the interfaces by `show services sessions analysis` *(ours)*.
public struct LiveForwardingCounters: Sendable, Hashable {
    /// Frames sent on out of the peer interface (verdict forward).
    public var forwarded: UInt64
    /// Frames not sent (verdict drop: `Drop` sessions, refused flows, undecodable IP).
    public var dropped: UInt64
    /// Frames refused with an answer due (verdict reject), and the answers sent.
    public var rejected: UInt64
    public var answersSent: UInt64
    /// Frames or answers the kernel refused to send (a full queue, a frame too large, no peer interface).
    public var sendFailures: UInt64
    /// Frames without a verdict or verdicts without a frame: always 0 unless the pump lost frame order.
    public var unmatched: UInt64

    public init(
        forwarded: UInt64 = 0, dropped: UInt64 = 0, rejected: UInt64 = 0, answersSent: UInt64 = 0,
        sendFailures: UInt64 = 0, unmatched: UInt64 = 0
    ) {
        self.forwarded = forwarded
        self.dropped = dropped
        self.rejected = rejected
        self.answersSent = answersSent
        self.sendFailures = sendFailures
        self.unmatched = unmatched
    }
}
