// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The fixed 40-byte IPv6 header (RFC 8200 §3) decoded from wire bytes.
public struct IPv6Header: Hashable, Sendable, BitwiseCopyable {
    /// The traffic class (RFC 8200 §7).
    public var trafficClass: UInt8
    /// The 20-bit flow label (RFC 8200 §6).
    public var flowLabel: UInt32
    /// The length of everything after this header, extension headers included; 0 for a jumbogram
    /// (RFC 2675).
    public var payloadLength: UInt16
    /// The type of the header that follows: an extension header or the upper-layer protocol.
    public var nextHeader: IPProtocol
    public var hopLimit: UInt8
    public var source: IPAddress
    public var destination: IPAddress

    /// The length of the fixed header.
    @inlinable public static var length: Int { 40 }

    @inlinable
    public init(
        trafficClass: UInt8 = 0,
        flowLabel: UInt32 = 0,
        payloadLength: UInt16,
        nextHeader: IPProtocol,
        hopLimit: UInt8 = 64,
        source: IPAddress,
        destination: IPAddress
    ) {
        self.trafficClass = trafficClass
        self.flowLabel = flowLabel
        self.payloadLength = payloadLength
        self.nextHeader = nextHeader
        self.hopLimit = hopLimit
        self.source = source
        self.destination = destination
    }

    /// Decodes the fixed header at the start of `bytes`.
    ///
    /// - Throws: ``WireError/truncated(_:)`` `(.ipv6)` if fewer than 40 bytes are present;
    ///   ``WireError/malformed(_:)`` `(.ipv6)` for a version other than 6.
    @inlinable
    public init(parsing bytes: Span<UInt8>) throws(WireError) {
        guard bytes.count >= Self.length else { throw .truncated(.ipv6) }
        let first = bytes.networkUInt32(at: 0)
        guard first &>> 28 == 6 else { throw .malformed(.ipv6) }
        self.init(
            trafficClass: UInt8(truncatingIfNeeded: first &>> 20),
            flowLabel: first & 0xF_FFFF,
            payloadLength: bytes.networkUInt16(at: 4),
            nextHeader: IPProtocol(rawValue: bytes[6]),
            hopLimit: bytes[7],
            source: IPAddress(high: bytes.networkUInt64(at: 8), low: bytes.networkUInt64(at: 16)),
            destination: IPAddress(high: bytes.networkUInt64(at: 24), low: bytes.networkUInt64(at: 32))
        )
    }

    /// Appends the 40-byte header.
    public func emit(into bytes: inout [UInt8]) {
        bytes.appendNetwork(6 << 28 | UInt32(trafficClass) << 20 | flowLabel & 0xF_FFFF)
        bytes.appendNetwork(payloadLength)
        bytes.append(nextHeader.rawValue)
        bytes.append(hopLimit)
        bytes.appendNetwork(source.high)
        bytes.appendNetwork(source.low)
        bytes.appendNetwork(destination.high)
        bytes.appendNetwork(destination.low)
    }
}
