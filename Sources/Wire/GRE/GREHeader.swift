// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A GRE header (RFC 2784 §2, RFC 2890 §2) or PPTP enhanced GRE header (version 1, RFC 2637 §4.1).
///
/// In version 1 the key field holds the payload length (high 16 bits) and the call ID (low 16 bits),
/// and the key-present bit must be set.
public struct GREHeader: Hashable, Sendable, BitwiseCopyable {
    /// C: a checksum (and reserved word) follows.
    public var checksumPresent: Bool
    /// R: RFC 1701 routing present (deprecated by RFC 2784; its entries are not walked).
    public var routingPresent: Bool
    /// K: a key follows (RFC 2890 §2.1).
    public var keyPresent: Bool
    /// S: a sequence number follows (RFC 2890 §2.2).
    public var sequencePresent: Bool
    /// A: an acknowledgment number follows (version 1 only, RFC 2637 §4.1).
    public var acknowledgmentPresent: Bool
    /// 0 (GRE) or 1 (enhanced GRE).
    public var version: UInt8
    /// The protocol of the payload (0x880B for PPP in version 1).
    public var protocolType: EtherType
    /// The key, or for version 1 `payloadLength << 16 | callID`; 0 if absent.
    public var key: UInt32
    public var sequenceNumber: UInt32
    public var acknowledgmentNumber: UInt32
    /// The header length in bytes, optional fields included.
    public var headerLength: Int

    @inlinable
    public init(
        checksumPresent: Bool = false,
        routingPresent: Bool = false,
        keyPresent: Bool = false,
        sequencePresent: Bool = false,
        acknowledgmentPresent: Bool = false,
        version: UInt8 = 0,
        protocolType: EtherType,
        key: UInt32 = 0,
        sequenceNumber: UInt32 = 0,
        acknowledgmentNumber: UInt32 = 0
    ) {
        self.checksumPresent = checksumPresent
        self.routingPresent = routingPresent
        self.keyPresent = keyPresent
        self.sequencePresent = sequencePresent
        self.acknowledgmentPresent = acknowledgmentPresent
        self.version = version
        self.protocolType = protocolType
        self.key = key
        self.sequenceNumber = sequenceNumber
        self.acknowledgmentNumber = acknowledgmentNumber
        self.headerLength =
            4 + (checksumPresent || routingPresent ? 4 : 0) + (keyPresent ? 4 : 0) + (sequencePresent ? 4 : 0)
            + (acknowledgmentPresent ? 4 : 0)
    }

    /// An enhanced GRE (PPTP) header, RFC 2637 §4.1.
    @inlinable
    public static func enhanced(
        payloadLength: UInt16,
        callID: UInt16,
        sequenceNumber: UInt32? = nil,
        acknowledgmentNumber: UInt32? = nil
    ) -> Self {
        Self(
            keyPresent: true,
            sequencePresent: sequenceNumber != nil,
            acknowledgmentPresent: acknowledgmentNumber != nil,
            version: 1,
            protocolType: .ppp,
            key: UInt32(payloadLength) &<< 16 | UInt32(callID),
            sequenceNumber: sequenceNumber ?? 0,
            acknowledgmentNumber: acknowledgmentNumber ?? 0
        )
    }

    /// The call ID of an enhanced GRE header (the key's low 16 bits).
    @inlinable
    public var callID: UInt16 { UInt16(truncatingIfNeeded: key) }

    /// Decodes the header at the start of `bytes`.
    ///
    /// - Throws: ``WireError/truncated(_:)`` `(.gre)` if the header or an announced optional field is
    ///   cut short; ``WireError/malformed(_:)`` `(.gre)` for a version above 1, or a version 1 header
    ///   without the key (call ID) or with checksum/routing bits.
    @inlinable
    public init(parsing bytes: Span<UInt8>) throws(WireError) {
        guard bytes.count >= 4 else { throw .truncated(.gre) }
        let flags = bytes[0]
        let version = bytes[1] & 0x07
        let checksumPresent = flags & 0x80 != 0
        let routingPresent = flags & 0x40 != 0
        let keyPresent = flags & 0x20 != 0
        let sequencePresent = flags & 0x10 != 0
        let acknowledgmentPresent = version == 1 && bytes[1] & 0x80 != 0
        switch version {
        case 0: break
        case 1: guard keyPresent, !checksumPresent, !routingPresent else { throw .malformed(.gre) }
        default: throw .malformed(.gre)
        }
        self.init(
            checksumPresent: checksumPresent,
            routingPresent: routingPresent,
            keyPresent: keyPresent,
            sequencePresent: sequencePresent,
            acknowledgmentPresent: acknowledgmentPresent,
            version: version,
            protocolType: EtherType(rawValue: bytes.networkUInt16(at: 2))
        )
        guard bytes.count >= headerLength else { throw .truncated(.gre) }
        var offset = checksumPresent || routingPresent ? 8 : 4
        if keyPresent {
            key = bytes.networkUInt32(at: offset)
            offset &+= 4
        }
        if sequencePresent {
            sequenceNumber = bytes.networkUInt32(at: offset)
            offset &+= 4
        }
        if acknowledgmentPresent { acknowledgmentNumber = bytes.networkUInt32(at: offset) }
    }

    /// Appends the header (a zero checksum word if ``checksumPresent``).
    public func emit(into bytes: inout [UInt8]) {
        var flags: UInt8 = 0
        if checksumPresent { flags |= 0x80 }
        if routingPresent { flags |= 0x40 }
        if keyPresent { flags |= 0x20 }
        if sequencePresent { flags |= 0x10 }
        bytes.append(flags)
        bytes.append((acknowledgmentPresent ? 0x80 : 0) | version & 0x07)
        bytes.appendNetwork(protocolType.rawValue)
        if checksumPresent || routingPresent { bytes.appendNetwork(UInt32(0)) }
        if keyPresent { bytes.appendNetwork(key) }
        if sequencePresent { bytes.appendNetwork(sequenceNumber) }
        if acknowledgmentPresent { bytes.appendNetwork(acknowledgmentNumber) }
    }
}
