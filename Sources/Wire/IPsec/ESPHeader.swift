// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The clear-text start of an ESP packet (RFC 4303 §2): SPI and sequence number.
///
/// The SPI is not a port: ESP flows are keyed by addresses and protocol only.
public struct ESPHeader: Hashable, Sendable, BitwiseCopyable {
    public var securityParametersIndex: UInt32
    public var sequenceNumber: UInt32

    /// The header length.
    @inlinable public static var length: Int { 8 }

    @inlinable
    public init(securityParametersIndex: UInt32, sequenceNumber: UInt32) {
        self.securityParametersIndex = securityParametersIndex
        self.sequenceNumber = sequenceNumber
    }

    /// Decodes the header at the start of `bytes`.
    ///
    /// - Throws: ``WireError/truncated(_:)`` `(.esp)` if fewer than 8 bytes are present.
    @inlinable
    public init(parsing bytes: Span<UInt8>) throws(WireError) {
        guard bytes.count >= Self.length else { throw .truncated(.esp) }
        self.init(securityParametersIndex: bytes.networkUInt32(at: 0), sequenceNumber: bytes.networkUInt32(at: 4))
    }

    /// Appends the header.
    public func emit(into bytes: inout [UInt8]) {
        bytes.appendNetwork(securityParametersIndex)
        bytes.appendNetwork(sequenceNumber)
    }
}
