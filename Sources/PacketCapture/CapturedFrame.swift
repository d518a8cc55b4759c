// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// One captured frame: where its bytes are in the file and its metadata.
///
/// The frame does not hold its bytes; it names them. Given the span the ``CaptureReader`` read,
/// the frame's bytes are `bytes.extracting(frame.byteRange)`.
public struct CapturedFrame: Sendable, BitwiseCopyable {
    /// Nanoseconds since the Unix epoch.
    ///
    /// Converted from pcap microseconds or nanoseconds, or from the pcapng interface's `if_tsresol`
    /// (powers of 10 and of 2) plus its `if_tsoffset`. Saturates instead of overflowing on hostile
    /// values. A pcapng Simple Packet Block carries no timestamp and repeats the previous frame's.
    public var timestamp: UInt64
    /// The link-layer header type, from the pcap file header or the frame's pcapng interface.
    public var linkType: LinkType
    /// The pcapng interface ID within its section (0 for pcap).
    public var interface: UInt32
    /// The offset of the frame's first byte within the file span.
    public var offset: Int
    /// The number of bytes captured, which is at most ``originalLength`` for pcap.
    public var capturedLength: Int
    /// The length of the frame on the wire.
    public var originalLength: Int

    /// Creates a frame description.
    public init(
        timestamp: UInt64,
        linkType: LinkType,
        interface: UInt32,
        offset: Int,
        capturedLength: Int,
        originalLength: Int
    ) {
        self.timestamp = timestamp
        self.linkType = linkType
        self.interface = interface
        self.offset = offset
        self.capturedLength = capturedLength
        self.originalLength = originalLength
    }

    /// The frame's bytes within the file span: `offset ..< offset + capturedLength`.
    public var byteRange: Range<Int> { offset..<(offset + capturedLength) }
}
