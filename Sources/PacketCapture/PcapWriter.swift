// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// Writes a classic pcap file into a byte buffer.
///
/// The 24-byte file header is emitted by `init`. Each ``append(_:timestamp:originalLength:)-(Span<UInt8>,_,_)``
/// adds a 16-byte record header and the frame, cut to the snapshot length. For long captures, move
/// the buffer out with ``takeBytes()`` every few thousand frames and hand it to a ``CaptureFileOutput``.
public struct PcapWriter: Sendable {
    /// Everything written and not yet taken, starting with the file header until the first ``takeBytes()``.
    public private(set) var bytes: [UInt8]

    private let order: ByteOrder
    private let nanosecondResolution: Bool
    private let snapLength: UInt32

    /// Starts a capture and emits its file header.
    ///
    /// - Parameters:
    ///   - linkType: The link type of every frame.
    ///   - nanosecondResolution: `true` for magic `a1b23c4d` (nanoseconds), `false` for `a1b2c3d4` (microseconds).
    ///   - bigEndian: `true` to write big-endian integers.
    ///   - snapLength: The snapshot length in the header; longer frames are cut to it.
    public init(
        linkType: LinkType,
        nanosecondResolution: Bool = false,
        bigEndian: Bool = false,
        snapLength: UInt32 = 262_144
    ) {
        order = ByteOrder(isBigEndian: bigEndian)
        self.nanosecondResolution = nanosecondResolution
        self.snapLength = snapLength
        bytes = []
        bytes.reserveCapacity(65_536)
        bytes.append(nanosecondResolution ? 0xA1B2_3C4D as UInt32 : 0xA1B2_C3D4, order)
        bytes.append(2 as UInt16, order)  // version 2.4
        bytes.append(4 as UInt16, order)
        bytes.append(0 as UInt32, order)  // thiszone
        bytes.append(0 as UInt32, order)  // sigfigs
        bytes.append(snapLength, order)
        bytes.append(linkType.rawValue, order)
    }

    /// Appends one frame.
    ///
    /// - Parameters:
    ///   - frame: The frame's bytes; at most the snapshot length of them are written.
    ///   - timestamp: Nanoseconds since the Unix epoch (truncated to microseconds unless the
    ///     writer has nanosecond resolution; seconds are written modulo 2^32).
    ///   - originalLength: The length on the wire, written as given; `nil` means `frame.count`.
    public mutating func append(_ frame: Span<UInt8>, timestamp: UInt64, originalLength: Int? = nil) {
        let captured = min(frame.count, Int(snapLength))
        appendHeader(captured: captured, original: originalLength ?? frame.count, timestamp: timestamp)
        // The buffer covers `frame`'s first `captured` bytes and is used only inside the closure.
        unsafe frame.withUnsafeBufferPointer { buffer in
            unsafe bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<captured]))
        }
    }

    /// Appends one frame.
    ///
    /// - Parameters:
    ///   - frame: The frame's bytes; at most the snapshot length of them are written.
    ///   - timestamp: Nanoseconds since the Unix epoch.
    ///   - originalLength: The length on the wire, written as given; `nil` means `frame.count`.
    public mutating func append(_ frame: [UInt8], timestamp: UInt64, originalLength: Int? = nil) {
        let captured = min(frame.count, Int(snapLength))
        appendHeader(captured: captured, original: originalLength ?? frame.count, timestamp: timestamp)
        bytes.append(contentsOf: frame[0..<captured])
    }

    /// Returns everything written so far and empties the buffer, keeping its capacity for what follows.
    ///
    /// The file header, once taken, is not written again.
    public mutating func takeBytes() -> [UInt8] {
        var taken: [UInt8] = []
        taken.reserveCapacity(bytes.capacity)
        swap(&taken, &bytes)
        return taken
    }

    private mutating func appendHeader(captured: Int, original: Int, timestamp: UInt64) {
        let seconds = timestamp / 1_000_000_000
        let nanoseconds = timestamp % 1_000_000_000
        bytes.append(UInt32(truncatingIfNeeded: seconds), order)
        bytes.append(UInt32(nanosecondResolution ? nanoseconds : nanoseconds / 1_000), order)
        bytes.append(UInt32(truncatingIfNeeded: captured), order)
        bytes.append(UInt32(truncatingIfNeeded: original), order)
    }
}
