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
