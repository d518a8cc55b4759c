// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A capture link-layer header type (tcpdump.org `LINKTYPE_*` values, as stored in pcap and pcapng).
public struct LinkType: RawRepresentable, Hashable, Sendable, BitwiseCopyable {
    public var rawValue: UInt32

    @inlinable
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// BSD loopback: a 4-byte address family in the capturing host's byte order (`LINKTYPE_NULL`).
    @inlinable public static var null: Self { Self(rawValue: 0) }
    /// IEEE 802.3 Ethernet (`LINKTYPE_ETHERNET`).
    @inlinable public static var ethernet: Self { Self(rawValue: 1) }
    /// Raw IP, version read from the first nibble (`LINKTYPE_RAW`; DLT_RAW 12 and 14 on some systems).
    @inlinable public static var raw: Self { Self(rawValue: 101) }
    /// OpenBSD loopback: a 4-byte address family in network byte order (`LINKTYPE_LOOP`).
    @inlinable public static var loop: Self { Self(rawValue: 108) }
    /// Linux cooked capture v1 (`LINKTYPE_LINUX_SLL`).
    @inlinable public static var linuxCooked: Self { Self(rawValue: 113) }
    /// Raw IPv4 (`LINKTYPE_IPV4`).
    @inlinable public static var ipv4: Self { Self(rawValue: 228) }
    /// Raw IPv6 (`LINKTYPE_IPV6`).
    @inlinable public static var ipv6: Self { Self(rawValue: 229) }
    /// Linux cooked capture v2 (`LINKTYPE_LINUX_SLL2`).
    @inlinable public static var linuxCooked2: Self { Self(rawValue: 276) }
}
