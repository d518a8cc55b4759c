// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A TCP header (RFC 9293 §3.1) decoded from wire bytes; options are skipped.
public struct TCPHeader: Hashable, Sendable, BitwiseCopyable {
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var sequenceNumber: UInt32
    public var acknowledgmentNumber: UInt32
    /// The header length in bytes, options included (Data Offset × 4, 20…60).
    public var headerLength: Int
    /// The six classic control bits (URG…FIN); ECE and CWR (RFC 3168) are not kept.
    public var flags: TCPFlags
    public var window: UInt16
    public var urgentPointer: UInt16

    /// The length of a header without options.
    @inlinable public static var minimumLength: Int { 20 }

    @inlinable
    public init(
        sourcePort: UInt16,
        destinationPort: UInt16,
        sequenceNumber: UInt32 = 0,
        acknowledgmentNumber: UInt32 = 0,
        headerLength: Int = 20,
        flags: TCPFlags,
        window: UInt16 = 65535,
        urgentPointer: UInt16 = 0
    ) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.sequenceNumber = sequenceNumber
        self.acknowledgmentNumber = acknowledgmentNumber
        self.headerLength = headerLength
        self.flags = flags
        self.window = window
        self.urgentPointer = urgentPointer
    }

    /// Decodes the header at the start of `bytes` (the TCP segment).
    ///
    /// - Throws: ``WireError/truncated(_:)`` `(.tcp)` if the header, options included, is not all there;
    ///   ``WireError/malformed(_:)`` `(.tcp)` for a data offset below 5.
    @inlinable
    public init(parsing bytes: Span<UInt8>) throws(WireError) {
        guard bytes.count >= Self.minimumLength else { throw .truncated(.tcp) }
        let headerLength = Int(bytes[12] &>> 4) &* 4
        guard headerLength >= Self.minimumLength else { throw .malformed(.tcp) }
        guard bytes.count >= headerLength else { throw .truncated(.tcp) }
        self.init(
            sourcePort: bytes.networkUInt16(at: 0),
            destinationPort: bytes.networkUInt16(at: 2),
            sequenceNumber: bytes.networkUInt32(at: 4),
            acknowledgmentNumber: bytes.networkUInt32(at: 8),
            headerLength: headerLength,
            flags: TCPFlags(rawValue: bytes[13] & 0x3F),
            window: bytes.networkUInt16(at: 14),
            urgentPointer: bytes.networkUInt16(at: 18)
        )
    }

    /// Appends the header with `options` (zero-padded to a multiple of 4) and a zero checksum;
    /// ``headerLength`` is ignored and computed from `options`.
    ///
    /// The checksum covers a pseudo-header, so ``FrameBuilder`` fills it in once the datagram is known.
    ///
    /// - Precondition: `options.count <= 40`.
    public func emit(into bytes: inout [UInt8], options: [UInt8] = []) {
        precondition(options.count <= 40, "TCP options are at most 40 bytes")
        let optionLength = (options.count + 3) / 4 * 4
        bytes.appendNetwork(sourcePort)
        bytes.appendNetwork(destinationPort)
        bytes.appendNetwork(sequenceNumber)
        bytes.appendNetwork(acknowledgmentNumber)
        bytes.append(UInt8(5 + optionLength / 4) << 4)
        bytes.append(flags.rawValue)
        bytes.appendNetwork(window)
        bytes.appendNetwork(UInt16(0))
        bytes.appendNetwork(urgentPointer)
        bytes.append(contentsOf: options)
        bytes.append(contentsOf: repeatElement(0, count: optionLength - options.count))
    }
}
