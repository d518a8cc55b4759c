// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// An IP Authentication Header (RFC 4302 §2).
///
/// ams treats AH as the transport: it records it and does not walk past it.
public struct AuthenticationHeader: Hashable, Sendable, BitwiseCopyable {
    /// The protocol protected by AH.
    public var nextHeader: IPProtocol
    /// The header length in bytes ((Payload Len + 2) × 4, RFC 4302 §2.2).
    public var headerLength: Int
    public var securityParametersIndex: UInt32
    public var sequenceNumber: UInt32

    /// The length of the fixed part (without the Integrity Check Value).
    @inlinable public static var minimumLength: Int { 12 }

    @inlinable
    public init(nextHeader: IPProtocol, headerLength: Int = 12, securityParametersIndex: UInt32, sequenceNumber: UInt32)
    {
        self.nextHeader = nextHeader
        self.headerLength = headerLength
        self.securityParametersIndex = securityParametersIndex
        self.sequenceNumber = sequenceNumber
    }

    /// Decodes the header at the start of `bytes`.
    ///
    /// - Throws: ``WireError/truncated(_:)`` `(.ah)` if the header (ICV included) is not all there;
    ///   ``WireError/malformed(_:)`` `(.ah)` if its length is below 12 bytes.
    @inlinable
    public init(parsing bytes: Span<UInt8>) throws(WireError) {
        guard bytes.count >= Self.minimumLength else { throw .truncated(.ah) }
        let headerLength = (Int(bytes[1]) &+ 2) &* 4
        guard headerLength >= Self.minimumLength else { throw .malformed(.ah) }
        guard bytes.count >= headerLength else { throw .truncated(.ah) }
        self.init(
            nextHeader: IPProtocol(rawValue: bytes[0]),
            headerLength: headerLength,
            securityParametersIndex: bytes.networkUInt32(at: 4),
            sequenceNumber: bytes.networkUInt32(at: 8)
        )
    }

    /// Appends the header with an all-zero ICV of `headerLength - 12` bytes.
    ///
    /// - Precondition: `headerLength` is a multiple of 4 between 12 and 1028.
    public func emit(into bytes: inout [UInt8]) {
        precondition(headerLength >= 12 && headerLength % 4 == 0 && headerLength <= 1028, "bad AH length")
        bytes.append(nextHeader.rawValue)
        bytes.append(UInt8(headerLength / 4 - 2))
        bytes.appendNetwork(UInt16(0))
        bytes.appendNetwork(securityParametersIndex)
        bytes.appendNetwork(sequenceNumber)
        bytes.append(contentsOf: repeatElement(0, count: headerLength - 12))
    }
}
