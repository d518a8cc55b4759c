// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The 8-byte header shared by ICMP (RFC 792) and ICMPv6 (RFC 4443 §2.1) messages.
///
/// The last four bytes ("rest of header") hold the identifier and sequence number of query messages,
/// the unused/MTU/pointer word of error messages, and are followed by the quoted datagram in errors.
public struct ICMPHeader: Hashable, Sendable, BitwiseCopyable {
    public var type: UInt8
    public var code: UInt8
    /// Bytes 4…7 as a big-endian word.
    public var restOfHeader: UInt32

    /// The header length.
    @inlinable public static var length: Int { 8 }

    @inlinable
    public init(type: UInt8, code: UInt8, restOfHeader: UInt32 = 0) {
        self.type = type
        self.code = code
        self.restOfHeader = restOfHeader
    }

    /// A query header from its identifier and sequence number.
    @inlinable
    public init(type: UInt8, code: UInt8 = 0, identifier: UInt16, sequenceNumber: UInt16) {
        self.init(type: type, code: code, restOfHeader: UInt32(identifier) &<< 16 | UInt32(sequenceNumber))
    }

    /// The identifier of a query message (RFC 792 echo; RFC 4443 §4.1).
    @inlinable
    public var identifier: UInt16 { UInt16(truncatingIfNeeded: restOfHeader &>> 16) }

    /// The sequence number of a query message.
    @inlinable
    public var sequenceNumber: UInt16 { UInt16(truncatingIfNeeded: restOfHeader) }

    /// Decodes the header at the start of `bytes`; `layer` is `.icmp` or `.icmpv6`, for the error.
    ///
    /// - Throws: ``WireError/truncated(_:)`` `(layer)` if fewer than 8 bytes are present.
    @inlinable
    public init(parsing bytes: Span<UInt8>, layer: WireLayer = .icmp) throws(WireError) {
        guard bytes.count >= Self.length else { throw .truncated(layer) }
        self.init(type: bytes[0], code: bytes[1], restOfHeader: bytes.networkUInt32(at: 4))
    }

    /// Appends the header with a zero checksum (``FrameBuilder`` fills it in).
    public func emit(into bytes: inout [UInt8]) {
        bytes.append(type)
        bytes.append(code)
        bytes.appendNetwork(UInt16(0))
        bytes.appendNetwork(restOfHeader)
    }
}
