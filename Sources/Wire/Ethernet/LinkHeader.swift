// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The link-layer framing in front of an IP datagram, decoded for any supported ``LinkType``.
///
/// Covers Ethernet II (IEEE 802.3 §3.2, RFC 894), 802.3 length frames with LLC/SNAP (RFC 1042),
/// 802.1Q and 802.1ad VLAN tags (IEEE 802.1Q §9.6, single and QinQ), Linux cooked capture v1 and v2
/// (tcpdump.org `LINKTYPE_LINUX_SLL`/`LINKTYPE_LINUX_SLL2`), raw IP, and BSD/OpenBSD loopback.
public struct LinkHeader: Hashable, Sendable, BitwiseCopyable {
    /// The protocol of the network layer that follows: ``EtherType/ipv4`` or ``EtherType/ipv6``.
    public var networkProtocol: EtherType
    /// The number of bytes before the network-layer header.
    public var headerLength: Int
    /// The outer VLAN ID (low 12 bits of the TCI), or ``DecodedPacket/untagged``.
    public var outerVLAN: UInt16
    /// The inner VLAN ID of a QinQ frame, or ``DecodedPacket/untagged``.
    public var innerVLAN: UInt16

    @inlinable
    public init(networkProtocol: EtherType, headerLength: Int, outerVLAN: UInt16, innerVLAN: UInt16) {
        self.networkProtocol = networkProtocol
        self.headerLength = headerLength
        self.outerVLAN = outerVLAN
        self.innerVLAN = innerVLAN
    }

    /// The most VLAN tags ams walks before giving up with ``WireError/malformed(_:)`` `(.vlan)`.
    public static var maximumVLANTags: Int { 4 }

    /// Decodes the link-layer header at the start of `frame`.
    ///
    /// - Throws: ``WireError/truncated(_:)`` `(.link)` or `(.vlan)` when a header is cut short,
    ///   ``WireError/notIP`` when the frame carries something other than IPv4 or IPv6, and
    ///   ``WireError/unsupportedLinkType`` for link types ams does not decode.
    @inlinable
    public init(parsing frame: Span<UInt8>, linkType: LinkType) throws(WireError) {
        self.init(
            networkProtocol: .ipv4,
            headerLength: 0,
            outerVLAN: DecodedPacket.untagged,
            innerVLAN: DecodedPacket.untagged
        )
        switch linkType.rawValue {
        case LinkType.ethernet.rawValue:
            guard frame.count >= 14 else { throw .truncated(.link) }
            try parseEtherType(frame, type: EtherType(rawValue: frame.networkUInt16(at: 12)), next: 14)
        case LinkType.linuxCooked.rawValue:
            guard frame.count >= 16 else { throw .truncated(.link) }
            try parseEtherType(frame, type: EtherType(rawValue: frame.networkUInt16(at: 14)), next: 16)
        case LinkType.linuxCooked2.rawValue:
            guard frame.count >= 20 else { throw .truncated(.link) }
            try parseEtherType(frame, type: EtherType(rawValue: frame.networkUInt16(at: 0)), next: 20)
        case LinkType.raw.rawValue, 12, 14:
            guard !frame.isEmpty else { throw .truncated(.link) }
            switch frame[0] &>> 4 {
            case 4: networkProtocol = .ipv4
            case 6: networkProtocol = .ipv6
            default: throw .notIP
            }
        case LinkType.ipv4.rawValue:
            networkProtocol = .ipv4
        case LinkType.ipv6.rawValue:
            networkProtocol = .ipv6
        case LinkType.null.rawValue, LinkType.loop.rawValue:
            guard frame.count >= 4 else { throw .truncated(.link) }
            headerLength = 4
            let bigEndian = frame.networkUInt32(at: 0)
            let family: UInt32
            if linkType == .loop {
                family = bigEndian
            } else {
                // LINKTYPE_NULL is in the capturing host's byte order: accept either.
                family = bigEndian > 0xFFFF ? bigEndian.byteSwapped : bigEndian
            }
            switch family {
            case 2: networkProtocol = .ipv4
            case 24, 28, 30: networkProtocol = .ipv6
            default: throw .notIP
            }
        default:
            throw .unsupportedLinkType
        }
    }

    /// Walks VLAN tags and LLC/SNAP after a type field whose value is `type`; tags start at `next`.
    @inlinable
    mutating func parseEtherType(_ frame: Span<UInt8>, type first: EtherType, next start: Int) throws(WireError) {
        var type = first
        var next = start
        var tags = 0
        while type.isVLANTag {
            guard tags < Self.maximumVLANTags else { throw .malformed(.vlan) }
            // Tag layout after its TPID: [TCI(2)] [next type(2)]; the VLAN ID is the TCI's low 12 bits.
            guard frame.count >= next &+ 4 else { throw .truncated(.vlan) }
            let vlanID = frame.networkUInt16(at: next) & 0x0FFF
            if tags == 0 { outerVLAN = vlanID } else if tags == 1 { innerVLAN = vlanID }
            type = EtherType(rawValue: frame.networkUInt16(at: next &+ 2))
            next &+= 4
            tags &+= 1
        }
        headerLength = next
        if type.rawValue <= 1500 {
            // IEEE 802.3 length frame: only LLC/SNAP (AA AA 03, OUI, type) can carry IP (RFC 1042).
            guard frame.count >= next &+ 8, frame[next] == 0xAA, frame[next &+ 1] == 0xAA, frame[next &+ 2] == 0x03
            else { throw .notIP }
            type = EtherType(rawValue: frame.networkUInt16(at: next &+ 6))
            headerLength = next &+ 8
        }
        networkProtocol = try Self.network(type)
    }

    /// Maps an EtherType to the network protocol ams decodes.
    @inlinable
    static func network(_ type: EtherType) throws(WireError) -> EtherType {
        guard type == .ipv4 || type == .ipv6 else { throw .notIP }
        return type
    }
}
