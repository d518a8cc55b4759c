// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// An EtherType (IEEE 802.3 §3.2.6; IANA "ieee-802-numbers").
///
/// Values up to 1500 in the Ethernet type field are 802.3 *lengths*, not EtherTypes.
public struct EtherType: RawRepresentable, Hashable, Sendable, BitwiseCopyable {
    public var rawValue: UInt16

    @inlinable
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Internet Protocol version 4 (RFC 894).
    @inlinable public static var ipv4: Self { Self(rawValue: 0x0800) }
    /// Address Resolution Protocol (RFC 826).
    @inlinable public static var arp: Self { Self(rawValue: 0x0806) }
    /// IEEE 802.1Q customer VLAN tag.
    @inlinable public static var vlan: Self { Self(rawValue: 0x8100) }
    /// Internet Protocol version 6 (RFC 8200, RFC 2464).
    @inlinable public static var ipv6: Self { Self(rawValue: 0x86DD) }
    /// PPP, as carried by PPTP enhanced GRE (RFC 2637 §4.1).
    @inlinable public static var ppp: Self { Self(rawValue: 0x880B) }
    /// IEEE 802.1ad service VLAN tag (QinQ outer tag).
    @inlinable public static var serviceVLAN: Self { Self(rawValue: 0x88A8) }
    /// The pre-standard QinQ outer tag used by some vendors.
    @inlinable public static var legacyQinQ: Self { Self(rawValue: 0x9100) }

    /// `true` for the three VLAN tag protocol identifiers ams recognises (0x8100, 0x88A8, 0x9100).
    @inlinable
    public var isVLANTag: Bool { self == .vlan || self == .serviceVLAN || self == .legacyQinQ }
}
