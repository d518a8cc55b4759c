// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// Writes a classic pcap file into a byte buffer.
///
/// The 24-byte file header is emitted by `init`. Each ``append(_:timestamp:originalLength:)-(Span<UInt8>,_,_)``
/// adds a 16-byte record header and the frame, cut to the snapshot length. For long captures, write the
/// buffer to a ``CaptureFileOutput`` with ``flush(to:)`` every few megabytes: the buffer is reused, so a
/// writer sized once with `capacity` never allocates again. A generator that copies a prebuilt frame and
/// changes a few fields per packet does both in place with ``append(_:timestamp:rewriting:)``:
///
/// ```swift
/// var output = try CaptureFileOutput(path: "big.pcap")
/// var writer = PcapWriter(linkType: .ethernet, capacity: 8 << 20)
/// let rewriter = template.rewriter  // a Wire.FrameTemplate's
/// for … {
///     writer.append(template.bytes.span, timestamp: time) { frame in rewriter.rewriteUDP(in: &frame, …) }
///     if writer.bytes.count > 8 << 20 - 65_536 { try writer.flush(to: &output) }
/// }
/// try writer.flush(to: &output)
/// try output.close()
/// ```
public struct PcapWriter: Sendable {
    /// Everything written and not yet taken or flushed, starting with the file header until the first
    /// ``takeBytes()`` or ``flush(to:)``.
    @inlinable
    public var bytes: [UInt8] { buffer }

    /// The storage behind ``bytes`` (internal, so that the inlinable ``append(_:timestamp:rewriting:)`` can
    /// append to it).
    @usableFromInline var buffer: [UInt8]

    @usableFromInline let order: ByteOrder
    @usableFromInline let nanosecondResolution: Bool
    @usableFromInline let snapLength: UInt32

    /// Starts a capture and emits its file header.
    ///
    /// - Parameters:
    ///   - linkType: The link type of every frame.
    ///   - nanosecondResolution: `true` for magic `a1b23c4d` (nanoseconds), `false` for `a1b2c3d4` (microseconds).
    ///   - bigEndian: `true` to write big-endian integers.
    ///   - snapLength: The snapshot length in the header; longer frames are cut to it.
    ///   - capacity: The bytes to reserve for the buffer up front.
    public init(
        linkType: LinkType,
        nanosecondResolution: Bool = false,
        bigEndian: Bool = false,
        snapLength: UInt32 = 262_144,
        capacity: Int = 65_536
    ) {
        order = ByteOrder(isBigEndian: bigEndian)
        self.nanosecondResolution = nanosecondResolution
        self.snapLength = snapLength
        buffer = []
        buffer.reserveCapacity(capacity)
        buffer.append(nanosecondResolution ? 0xA1B2_3C4D as UInt32 : 0xA1B2_C3D4, order)
        buffer.append(2 as UInt16, order)  // version 2.4
        buffer.append(4 as UInt16, order)
        buffer.append(0 as UInt32, order)  // thiszone
        buffer.append(0 as UInt32, order)  // sigfigs
        buffer.append(snapLength, order)
        buffer.append(linkType.rawValue, order)
    }

    /// Appends one frame.
    ///
    /// - Parameters:
    ///   - frame: The frame's bytes; at most the snapshot length of them are written.
    ///   - timestamp: Nanoseconds since the Unix epoch (truncated to microseconds unless the
    ///     writer has nanosecond resolution; seconds are written modulo 2^32).
    ///   - originalLength: The length on the wire, written as given; `nil` means `frame.count`.
    public mutating func append(_ frame: Span<UInt8>, timestamp: UInt64, originalLength: Int? = nil) {
        appendRecord(frame, timestamp: timestamp, originalLength: originalLength ?? frame.count) { _ in }
    }

    /// Appends one frame.
    ///
    /// - Parameters:
    ///   - frame: The frame's bytes; at most the snapshot length of them are written.
    ///   - timestamp: Nanoseconds since the Unix epoch.
    ///   - originalLength: The length on the wire, written as given; `nil` means `frame.count`.
    public mutating func append(_ frame: [UInt8], timestamp: UInt64, originalLength: Int? = nil) {
        append(frame.span, timestamp: timestamp, originalLength: originalLength)
    }

    /// Appends a copy of one frame and lets `rewrite` change the copy in place.
    ///
    /// For generators: `frame` is a template, and `rewrite` stores the fields that differ per packet
    /// (addresses, ports, checksums) straight into the buffer, without building the frame anywhere else.
    /// The record header gives `frame.count` as the original length.
    ///
    /// Inlinable, with what it uses: a generator calls it for every frame, and the call with its closure
    /// across the module boundary cost `ams-tracegen` more than the copy itself (measured).
    ///
    /// - Parameters:
    ///   - frame: The frame's bytes; at most the snapshot length of them are written.
    ///   - timestamp: Nanoseconds since the Unix epoch.
    ///   - rewrite: Called once with the copy as written (cut to the snapshot length, if `frame` is longer).
    /// - Complexity: O(`frame.count`). Allocates only if the buffer must grow.
    @inlinable
    public mutating func append(
        _ frame: Span<UInt8>,
        timestamp: UInt64,
        rewriting rewrite: (inout MutableSpan<UInt8>) -> Void
    ) {
        appendRecord(frame, timestamp: timestamp, originalLength: frame.count, rewriting: rewrite)
    }

    /// Writes everything written so far to `output` and empties the buffer, keeping its capacity.
    ///
    /// The file header, once flushed, is not written again.
    ///
    /// - Throws: ``CaptureError`` of kind `.open(errno)` from ``CaptureFileOutput/write(_:)-(Span<UInt8>)``; the
    ///   buffer is then kept (part of it may be in the file already).
    public mutating func flush(to output: inout CaptureFileOutput) throws(CaptureError) {
        try output.write(buffer.span)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Returns everything written so far and empties the buffer, keeping its capacity for what follows.
    ///
    /// The file header, once taken, is not written again.
    public mutating func takeBytes() -> [UInt8] {
        var taken: [UInt8] = []
        taken.reserveCapacity(buffer.capacity)
        swap(&taken, &buffer)
        return taken
    }

    /// Appends the record header and the first `snapLength` bytes of `frame` in one step (no per-byte
    /// appends), then hands the copy to `rewrite`.
    @inlinable
    mutating func appendRecord(
        _ frame: Span<UInt8>,
        timestamp: UInt64,
        originalLength: Int,
        rewriting rewrite: (inout MutableSpan<UInt8>) -> Void
    ) {
        let captured = min(frame.count, Int(snapLength))
        let seconds = timestamp / 1_000_000_000
        let nanoseconds = timestamp % 1_000_000_000
        let order = order
        let header = (
            order.encoded(UInt32(truncatingIfNeeded: seconds)),
            order.encoded(UInt32(nanosecondResolution ? nanoseconds : nanoseconds / 1_000)),
            order.encoded(UInt32(truncatingIfNeeded: captured)),
            order.encoded(UInt32(truncatingIfNeeded: originalLength))
        )
        buffer.append(addingCapacity: Self.recordHeaderLength + captured) { record in
            // `space` is the `recordHeaderLength + captured` bytes of capacity just added (so its base address
            // exists); the stores, the copy from `frame` (at least `captured` bytes, not overlapping `space`)
            // and the span lent to `rewrite` stay inside it, and none of them outlives the closure.
            unsafe record.withUnsafeMutableBufferPointer { space, initialized in
                let base = UnsafeMutableRawPointer(space.baseAddress!)
                unsafe base.storeBytes(of: header.0, toByteOffset: 0, as: UInt32.self)
                unsafe base.storeBytes(of: header.1, toByteOffset: 4, as: UInt32.self)
                unsafe base.storeBytes(of: header.2, toByteOffset: 8, as: UInt32.self)
                unsafe base.storeBytes(of: header.3, toByteOffset: 12, as: UInt32.self)
                if captured > 0 {
                    unsafe frame.withUnsafeBufferPointer { source in
                        unsafe (base + Self.recordHeaderLength).copyMemory(
                            from: source.baseAddress!,
                            byteCount: captured
                        )
                    }
                }
                initialized = Self.recordHeaderLength + captured
                let copy = unsafe UnsafeMutableBufferPointer(rebasing: space[Self.recordHeaderLength...])
                var written = unsafe copy.mutableSpan
                rewrite(&written)
            }
        }
    }

    /// `struct pcap_pkthdr` on disk: seconds, subseconds, captured length, original length.
    @inlinable
    static var recordHeaderLength: Int { 16 }
}
