// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The link-layer framing ``FrameBuilder`` puts in front of a datagram.
///
/// Mirrors what ``LinkHeader`` decodes: Ethernet II (RFC 894) with optional 802.1Q/802.1ad tags, Linux
/// cooked capture v1 and v2, raw IP, and BSD/OpenBSD loopback.
public enum FrameLink: Hashable, Sendable {
    /// Ethernet II. `vlans` are VLAN IDs, outermost first; with `qinq` the outer tag uses the 802.1ad
    /// TPID 0x88A8, otherwise every tag uses 0x8100.
    case ethernet(vlans: [UInt16] = [], qinq: Bool = false)
    /// Linux cooked capture v1 (16-byte header).
    case linuxCooked
    /// Linux cooked capture v2 (20-byte header).
    case linuxCooked2
    /// Raw IP: no link header (``LinkType/raw``).
    case raw
    /// BSD loopback: a 4-byte address family in little-endian (`bigEndian: false`) or big-endian order.
    case null(bigEndian: Bool = false)
    /// OpenBSD loopback: a 4-byte address family in network order.
    case loop

    /// The capture link type matching this framing.
    public var linkType: LinkType {
        switch self {
        case .ethernet: .ethernet
        case .linuxCooked: .linuxCooked
        case .linuxCooked2: .linuxCooked2
        case .raw: .raw
        case .null: .null
        case .loop: .loop
        }
    }

    /// The source MAC address ``FrameBuilder`` writes unless told otherwise (locally administered).
    public static let sourceMAC: [UInt8] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01]
    /// The destination MAC address ``FrameBuilder`` writes unless told otherwise (locally administered).
    public static let destinationMAC: [UInt8] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x02]

    /// Appends the link header for a datagram of `networkProtocol` (``EtherType/ipv4`` or ``EtherType/ipv6``),
    /// with the default ``sourceMAC`` and ``destinationMAC``.
    public func emit(into bytes: inout [UInt8], networkProtocol: EtherType) {
        emit(
            into: &bytes,
            networkProtocol: networkProtocol,
            sourceMAC: Self.sourceMAC,
            destinationMAC: Self.destinationMAC
        )
    }

    /// Appends the link header for a datagram of `networkProtocol` (``EtherType/ipv4`` or ``EtherType/ipv6``).
    ///
    /// - Parameters:
    ///   - sourceMAC: The Ethernet source address, also the Linux cooked capture's link-layer address.
    ///   - destinationMAC: The Ethernet destination address (other framings have none).
    /// - Precondition: Both addresses are 6 bytes long.
    public func emit(
        into bytes: inout [UInt8],
        networkProtocol: EtherType,
        sourceMAC: [UInt8],
        destinationMAC: [UInt8]
    ) {
        precondition(sourceMAC.count == 6 && destinationMAC.count == 6, "MAC addresses are 6 bytes")
        let isIPv6 = networkProtocol == .ipv6
        switch self {
        case .ethernet(let vlans, let qinq):
            bytes.append(contentsOf: destinationMAC)
            bytes.append(contentsOf: sourceMAC)
            for (index, vlan) in vlans.enumerated() {
                bytes.appendNetwork(index == 0 && qinq ? EtherType.serviceVLAN.rawValue : EtherType.vlan.rawValue)
                bytes.appendNetwork(vlan & 0x0FFF)
            }
            bytes.appendNetwork(networkProtocol.rawValue)
        case .linuxCooked:
            bytes.appendNetwork(UInt16(0))  // packet type: to us
            bytes.appendNetwork(UInt16(1))  // ARPHRD_ETHER
            bytes.appendNetwork(UInt16(6))  // address length
            bytes.append(contentsOf: sourceMAC + [0, 0])
            bytes.appendNetwork(networkProtocol.rawValue)
        case .linuxCooked2:
            bytes.appendNetwork(networkProtocol.rawValue)
            bytes.appendNetwork(UInt16(0))  // reserved
            bytes.appendNetwork(UInt32(1))  // interface index
            bytes.appendNetwork(UInt16(1))  // ARPHRD_ETHER
            bytes.append(0)  // packet type
            bytes.append(6)  // address length
            bytes.append(contentsOf: sourceMAC + [0, 0])
        case .raw:
            break
        case .null(let bigEndian):
            // AF_INET6 is 24 on NetBSD/OpenBSD, 28 on FreeBSD, 30 on Darwin; write Darwin's.
            let family: UInt32 = isIPv6 ? 30 : 2
            bytes.appendNetwork(bigEndian ? family : family.byteSwapped)
        case .loop:
            bytes.appendNetwork(UInt32(isIPv6 ? 24 : 2))
        }
    }
}
