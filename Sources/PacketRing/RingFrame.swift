// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// One frame a ``PacketRing`` holds for the caller until ``PacketRing/releaseTaken()``: where its bytes lie
/// in the ring and what the kernel said of it. A plain value; its bytes are read with
/// ``PacketRing/withBytes(of:_:)``.
public struct RingFrame: Sendable, BitwiseCopyable {
    /// Packet time, nanoseconds since the Unix epoch (the ring's timestamp).
    public var timestamp: UInt64
    /// The frame's length on the wire — for a GRO/GSO super-frame, the whole of it (`tp_len`).
    public var length: Int
    /// The bytes the ring holds (`tp_snaplen`): fewer than ``length`` when the frame did not fit.
    public var capturedLength: Int
    /// `true` for a frame the interface sent (`sll_pkttype == PACKET_OUTGOING`), `false` for one it received.
    public var isOutgoing: Bool
    /// The kernel's `tp_status` bits (`TP_STATUS_CSUMNOTREADY`, `TP_STATUS_VLAN_VALID`, …).
    public var status: UInt32
    /// Offset of the frame's first byte (its link-layer header) from the start of the ring's mapping; past
    /// its end, in the ring's copy buffers (a frame too large for a ring frame, read whole from the socket).
    var offset: Int

    /// `true` if the ring holds the whole frame.
    public var isComplete: Bool { capturedLength >= length }
}

/// Frames counted by the kernel for a ring (`PACKET_STATISTICS`), summed since the ring was opened.
public struct RingStatistics: Sendable, Equatable {
    /// Frames the kernel handed to the ring, dropped ones included.
    public var packets: UInt64 = 0
    /// Frames the kernel dropped because the ring was full.
    public var drops: UInt64 = 0
    /// Times a TPACKET_V3 ring froze its queue because every block was in use.
    public var freezes: UInt64 = 0

    public init() {}
}
