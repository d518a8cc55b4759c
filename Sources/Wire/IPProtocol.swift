// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// An IP protocol number (IANA "Assigned Internet Protocol Numbers"; RFC 791 §3.1, RFC 8200 §3).
public struct IPProtocol: RawRepresentable, Hashable, Sendable, BitwiseCopyable {
    public var rawValue: UInt8

    @inlinable
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    @inlinable public static var icmp: Self { Self(rawValue: 1) }
    @inlinable public static var igmp: Self { Self(rawValue: 2) }
    @inlinable public static var ipip: Self { Self(rawValue: 4) }
    @inlinable public static var tcp: Self { Self(rawValue: 6) }
    @inlinable public static var egp: Self { Self(rawValue: 8) }
    @inlinable public static var udp: Self { Self(rawValue: 17) }
    @inlinable public static var ipv6: Self { Self(rawValue: 41) }
    @inlinable public static var rsvp: Self { Self(rawValue: 46) }
    @inlinable public static var gre: Self { Self(rawValue: 47) }
    @inlinable public static var esp: Self { Self(rawValue: 50) }
    @inlinable public static var ah: Self { Self(rawValue: 51) }
    @inlinable public static var icmpv6: Self { Self(rawValue: 58) }
    @inlinable public static var ospf: Self { Self(rawValue: 89) }
    @inlinable public static var pim: Self { Self(rawValue: 103) }
    @inlinable public static var sctp: Self { Self(rawValue: 132) }

    /// `true` for protocols whose flows are keyed by ports (TCP, UDP, SCTP).
    @inlinable
    public var hasPorts: Bool { self == .tcp || self == .udp || self == .sctp }
}
