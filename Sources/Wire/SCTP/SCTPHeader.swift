// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The SCTP common header (RFC 9260 §3.1) decoded from wire bytes; chunks are not decoded.
public struct SCTPHeader: Hashable, Sendable, BitwiseCopyable {
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var verificationTag: UInt32

    /// The common header length.
    @inlinable public static var length: Int { 12 }

    @inlinable
    public init(sourcePort: UInt16, destinationPort: UInt16, verificationTag: UInt32 = 0) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.verificationTag = verificationTag
    }

    /// Decodes the common header at the start of `bytes`.
    ///
    /// - Throws: ``WireError/truncated(_:)`` `(.sctp)` if fewer than 12 bytes are present.
    @inlinable
    public init(parsing bytes: Span<UInt8>) throws(WireError) {
        guard bytes.count >= Self.length else { throw .truncated(.sctp) }
        self.init(
            sourcePort: bytes.networkUInt16(at: 0),
            destinationPort: bytes.networkUInt16(at: 2),
            verificationTag: bytes.networkUInt32(at: 4)
        )
    }

    /// Appends the common header with a zero CRC32c checksum (ams never verifies it).
    public func emit(into bytes: inout [UInt8]) {
        bytes.appendNetwork(sourcePort)
        bytes.appendNetwork(destinationPort)
        bytes.appendNetwork(verificationTag)
        bytes.appendNetwork(UInt32(0))
    }
}
