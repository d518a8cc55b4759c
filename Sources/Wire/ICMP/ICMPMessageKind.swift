// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// How the session engine treats an ICMP or ICMPv6 message type (RFC 792, RFC 4443 §2.1, RFC 4620).
public enum ICMPMessageKind: UInt8, Hashable, Sendable, BitwiseCopyable {
    /// A query whose identifier keys the flow (both ports carry it).
    case queryWithIdentifier
    /// A query keyed by addresses only (ICMPv6 node information, RFC 4620).
    case queryWithoutIdentifier
    /// An error that quotes the datagram that caused it.
    case error
    /// Anything else: keyed by addresses only.
    case other

    /// Classifies an ICMP (RFC 792, RFC 950) message type.
    @inlinable
    public static func icmp(type: UInt8) -> Self {
        switch type {
        case 0, 8, 13, 14, 15, 16, 17, 18: .queryWithIdentifier
        case 3, 4, 5, 11, 12: .error
        default: .other
        }
    }

    /// Classifies an ICMPv6 (RFC 4443, RFC 4620) message type.
    @inlinable
    public static func icmpv6(type: UInt8) -> Self {
        switch type {
        case 128, 129: .queryWithIdentifier
        case 139, 140: .queryWithoutIdentifier
        case 1, 2, 3, 4: .error
        default: .other
        }
    }
}
