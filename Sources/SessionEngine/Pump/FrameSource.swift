// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import PacketCapture
public import Wire

/// Where the ``FramePump`` gets frames: a capture file (``CaptureFileSource``) or the rings of live
/// interfaces (``LiveFrameSource``, SPEC.md §6). A source lends each frame's bytes for one call, with its
/// packet time, link type and interface; the pump never assumes where the bytes live or that there is a file.
public protocol FrameSource: ~Copyable {
    /// Lends the next frames to `body`, one at a time and in order, until `body` returns `false` — that
    /// frame is then not consumed: the next call lends it first — or no frame is left for now.
    mutating func lend(_ body: (_ bytes: Span<UInt8>, _ frame: FrameInfo) -> Bool) -> FrameSourceEnd
}

/// What a ``FrameSource`` says of a frame besides its bytes.
public struct FrameInfo: Sendable, BitwiseCopyable {
    /// Packet time, nanoseconds since the Unix epoch.
    public var timestamp: UInt64
    public var linkType: LinkType
    /// The interface the frame came from (a pcapng interface ID, a live interface's index; 0 for pcap).
    public var interface: UInt32
    /// The frame's length on the wire (the bytes lent may be fewer: a snapshot length; or, in a damaged
    /// capture, more).
    public var originalLength: Int

    public init(timestamp: UInt64, linkType: LinkType, interface: UInt32, originalLength: Int) {
        self.timestamp = timestamp
        self.linkType = linkType
        self.interface = interface
        self.originalLength = originalLength
    }
}

/// Why a ``FrameSource`` stopped lending.
public enum FrameSourceEnd: Sendable {
    /// The caller's body declined a frame, or the source stopped early on its own
    /// (``InterruptibleSource``); the next call lends that frame again.
    case paused
    /// No frame is left.
    case exhausted
    /// The source is damaged here: everything before was lent.
    case failed(CaptureError)
}
