// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Everything the session engine needs from one captured frame, decoded once.
///
/// A *representation* (smoltcp `Repr`), not a view: decoding copies the fields out of the frame, so the
/// value is `BitwiseCopyable` and can cross a thread in a batch. Ports follow the session engine's flow-key
/// rules (SPEC.md §4):
/// - TCP, UDP, SCTP: the real ports;
/// - ICMP and ICMPv6 queries that carry an identifier (echo, timestamp, information, node information):
///   `sourcePort == destinationPort == identifier`, so a reply's key is the reverse of its request's;
/// - GRE version 1 (PPTP enhanced GRE, RFC 2637 §4.1): `destinationPort` is the call ID, `sourcePort` 0;
/// - everything else, and every non-first fragment: both 0.
public struct DecodedPacket: Sendable, BitwiseCopyable {
    /// The outer 802.1Q/802.1ad VLAN ID, or ``untagged``.
    public var outerVLAN: UInt16
    /// The inner VLAN ID of a QinQ frame, or ``untagged``.
    public var innerVLAN: UInt16
    public var source: IPAddress
    public var destination: IPAddress
    /// 4 or 6.
    public var ipVersion: UInt8
    /// The upper-layer protocol after IPv6 extension headers have been skipped.
    public var transport: IPProtocol
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// TCP control bits; empty for other protocols.
    public var tcpFlags: TCPFlags
    /// IPv4 TTL or IPv6 hop limit.
    public var timeToLive: UInt8
    /// ICMP/ICMPv6 type and code; 0 for other protocols.
    public var icmpType: UInt8
    public var icmpCode: UInt8
    /// The GRE version (0 or 1) for GRE packets, else 0.
    public var greVersion: UInt8
    /// `true` if the datagram is a fragment (IPv4 MF or offset, or an IPv6 Fragment header).
    public var isFragment: Bool
    /// `true` for a fragment with a non-zero offset: it carries no transport header.
    public var isLaterFragment: Bool
    /// The IPv4 identification or IPv6 fragment identification; 0 when not a fragment.
    public var fragmentID: UInt32
    /// Bytes of the IP datagram, IP header included (from the IP length fields). The engine counts these.
    public var ipLength: UInt32
    /// Offset of the transport payload (after the TCP/UDP/… header) from the start of the frame.
    public var payloadOffset: UInt32
    /// Length of the transport payload in bytes (bounded by the captured bytes).
    public var payloadLength: UInt32
    /// The TCP sequence number, or the sequence number of an ICMP/ICMPv6 query; 0 otherwise. ALGs place
    /// control-channel bytes by it.
    public var sequence: UInt32
    /// For ICMP/ICMPv6 errors: the flow of the datagram the error quotes, when it could be decoded.
    public var quoted: QuotedFlow

    /// The VLAN value meaning "no tag".
    public static let untagged: UInt16 = 0xFFFF

    /// An all-zero packet, for reuse as decode scratch space.
    public init() {
        outerVLAN = Self.untagged
        innerVLAN = Self.untagged
        source = .zero
        destination = .zero
        ipVersion = 0
        transport = IPProtocol(rawValue: 0)
        sourcePort = 0
        destinationPort = 0
        tcpFlags = []
        timeToLive = 0
        icmpType = 0
        icmpCode = 0
        greVersion = 0
        isFragment = false
        isLaterFragment = false
        fragmentID = 0
        ipLength = 0
        payloadOffset = 0
        payloadLength = 0
        sequence = 0
        quoted = QuotedFlow()
    }
}

/// The flow of the datagram quoted inside an ICMP or ICMPv6 error (RFC 792, RFC 4443 §2.4 (c)).
///
/// Addresses and ports are as written in the quoted (original) datagram, so they name the flow of the
/// packet that *caused* the error. Ports follow the same rules as ``DecodedPacket``.
public struct QuotedFlow: Sendable, BitwiseCopyable {
    /// `false` when the packet is not an error or the quoted header could not be decoded.
    public var isPresent: Bool
    public var source: IPAddress
    public var destination: IPAddress
    public var transport: IPProtocol
    public var sourcePort: UInt16
    public var destinationPort: UInt16

    public init() {
        isPresent = false
        source = .zero
        destination = .zero
        transport = IPProtocol(rawValue: 0)
        sourcePort = 0
        destinationPort = 0
    }
}
