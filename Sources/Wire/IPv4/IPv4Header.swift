// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// An IPv4 header (RFC 791 §3.1) decoded from wire bytes.
///
/// A representation, not a view: parsing copies the fixed fields out. Options are skipped (their length
/// is in ``headerLength``) and the header checksum is not verified: a monitoring tool counts what it sees.
public struct IPv4Header: Hashable, Sendable, BitwiseCopyable {
    /// The type of service / DSCP+ECN byte (RFC 791 §3.1, RFC 2474, RFC 3168).
    public var typeOfService: UInt8
    /// The datagram length in bytes, header included (RFC 791 "Total Length").
    public var totalLength: UInt16
    /// The identification used to reassemble fragments.
    public var identification: UInt16
    /// The DF flag.
    public var dontFragment: Bool
    /// The MF flag.
    public var moreFragments: Bool
    /// The fragment offset in 8-byte units (13 bits).
    public var fragmentOffset: UInt16
    public var timeToLive: UInt8
    /// The upper-layer protocol.
    public var transport: IPProtocol
    /// The source address, held IPv4-mapped.
    public var source: IPAddress
    /// The destination address, held IPv4-mapped.
    public var destination: IPAddress
    /// The header length in bytes, options included (20…60; IHL × 4).
    public var headerLength: Int

    /// The length of a header without options.
    @inlinable public static var minimumLength: Int { 20 }

    @inlinable
    public init(
        typeOfService: UInt8 = 0,
        totalLength: UInt16,
        identification: UInt16 = 0,
        dontFragment: Bool = false,
        moreFragments: Bool = false,
        fragmentOffset: UInt16 = 0,
        timeToLive: UInt8 = 64,
        transport: IPProtocol,
        source: IPAddress,
        destination: IPAddress,
        headerLength: Int = 20
    ) {
        self.typeOfService = typeOfService
        self.totalLength = totalLength
        self.identification = identification
        self.dontFragment = dontFragment
        self.moreFragments = moreFragments
        self.fragmentOffset = fragmentOffset
        self.timeToLive = timeToLive
        self.transport = transport
        self.source = source
        self.destination = destination
        self.headerLength = headerLength
    }

    /// `true` if the datagram is a fragment: MF set or a non-zero offset (RFC 791 §2.3).
    @inlinable
    public var isFragment: Bool { moreFragments || fragmentOffset != 0 }

    /// Decodes the header at the start of `bytes`.
    ///
    /// The datagram may be cut short by the capture's snap length: only the header itself must be present.
    ///
    /// - Throws: ``WireError/truncated(_:)`` `(.ipv4)` if fewer than ``headerLength`` bytes are present;
    ///   ``WireError/malformed(_:)`` `(.ipv4)` for a version other than 4, IHL < 5, or a total length
    ///   smaller than the header.
    @inlinable
    public init(parsing bytes: Span<UInt8>) throws(WireError) {
        guard bytes.count >= Self.minimumLength else { throw .truncated(.ipv4) }
        guard bytes[0] &>> 4 == 4 else { throw .malformed(.ipv4) }
        let headerLength = Int(bytes[0] & 0x0F) &* 4
        guard headerLength >= Self.minimumLength else { throw .malformed(.ipv4) }
        guard bytes.count >= headerLength else { throw .truncated(.ipv4) }
        let totalLength = bytes.networkUInt16(at: 2)
        guard Int(totalLength) >= headerLength else { throw .malformed(.ipv4) }
        let flags = bytes.networkUInt16(at: 6)
        self.init(
            typeOfService: bytes[1],
            totalLength: totalLength,
            identification: bytes.networkUInt16(at: 4),
            dontFragment: flags & 0x4000 != 0,
            moreFragments: flags & 0x2000 != 0,
            fragmentOffset: flags & 0x1FFF,
            timeToLive: bytes[8],
            transport: IPProtocol(rawValue: bytes[9]),
            source: IPAddress(ipv4: bytes.networkUInt32(at: 12)),
            destination: IPAddress(ipv4: bytes.networkUInt32(at: 16)),
            headerLength: headerLength
        )
    }
}
