// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A UDP header (RFC 768) decoded from wire bytes.
public struct UDPHeader: Hashable, Sendable, BitwiseCopyable {
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// The length of the datagram, header included, as written (not validated: see ``payloadLength(available:)``).
    public var length: UInt16

    /// The header length.
    @inlinable public static var length: Int { 8 }

    @inlinable
    public init(sourcePort: UInt16, destinationPort: UInt16, length: UInt16) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.length = length
    }

    /// Decodes the header at the start of `bytes`.
    ///
    /// - Throws: ``WireError/truncated(_:)`` `(.udp)` if fewer than 8 bytes are present.
    @inlinable
    public init(parsing bytes: Span<UInt8>) throws(WireError) {
        guard bytes.count >= Self.length else { throw .truncated(.udp) }
        self.init(
            sourcePort: bytes.networkUInt16(at: 0),
            destinationPort: bytes.networkUInt16(at: 2),
            length: bytes.networkUInt16(at: 4)
        )
    }

    /// The payload length, leniently: the length field bounded by the `available` segment bytes. A length
    /// field below 8 (0 marks an IPv6 jumbogram, RFC 2675 §4) yields what is available.
    @inlinable
    public func payloadLength(available: Int) -> Int {
        let fromHeader = Int(length) &- Self.length
        let captured = available &- Self.length
        return fromHeader < 0 ? captured : min(fromHeader, captured)
    }

    /// Appends the header with a zero checksum (``FrameBuilder`` fills it in).
    public func emit(into bytes: inout [UInt8]) {
        bytes.appendNetwork(sourcePort)
        bytes.appendNetwork(destinationPort)
        bytes.appendNetwork(length)
        bytes.appendNetwork(UInt16(0))
    }
}
