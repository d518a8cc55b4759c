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
    public var outerVLAN: UInt16 = DecodedPacket.untagged
    /// The inner VLAN ID of a QinQ frame, or ``untagged``.
    public var innerVLAN: UInt16 = DecodedPacket.untagged
    public var source: IPAddress = IPAddress.zero
    public var destination: IPAddress = IPAddress.zero
    /// 4 or 6.
    public var ipVersion: UInt8 = 0
    /// The upper-layer protocol after IPv6 extension headers have been skipped.
    public var transport: IPProtocol = IPProtocol(rawValue: 0)
    public var sourcePort: UInt16 = 0
    public var destinationPort: UInt16 = 0
    /// TCP control bits; empty for other protocols.
    public var tcpFlags: TCPFlags = []
    /// IPv4 TTL or IPv6 hop limit.
    public var timeToLive: UInt8 = 0
    /// ICMP/ICMPv6 type and code; 0 for other protocols.
    public var icmpType: UInt8 = 0
    public var icmpCode: UInt8 = 0
    /// The GRE version (0 or 1) for GRE packets, else 0.
    public var greVersion: UInt8 = 0
    /// `true` if the datagram is a fragment (IPv4 MF or offset, or an IPv6 Fragment header).
    public var isFragment: Bool = false
    /// `true` for a fragment with a non-zero offset: it carries no transport header.
    public var isLaterFragment: Bool = false
    /// The IPv4 identification or IPv6 fragment identification; 0 when not a fragment.
    public var fragmentID: UInt32 = 0
    /// Bytes of the IP datagram, IP header included (from the IP length fields). The engine counts these.
    public var ipLength: UInt32 = 0
    /// Offset of the transport payload (after the TCP/UDP/… header) from the start of the frame.
    public var payloadOffset: UInt32 = 0
    /// Length of the transport payload in bytes (bounded by the captured bytes).
    public var payloadLength: UInt32 = 0
    /// The TCP sequence number, or the sequence number of an ICMP/ICMPv6 query; 0 otherwise. ALGs place
    /// control-channel bytes by it.
    public var sequence: UInt32 = 0
    /// For ICMP/ICMPv6 errors: the flow of the datagram the error quotes, when it could be decoded.
    public var quoted: QuotedFlow = QuotedFlow()

    /// The VLAN value meaning "no tag".
    public static let untagged: UInt16 = 0xFFFF

    /// An all-zero packet, for reuse as decode scratch space.
    ///
    /// Every property has its zero value in its declaration, so decoding (`init(parsing:linkType:)`)
    /// builds the value in place: delegating to an out-of-line zeroing initializer and copying its result
    /// stalled on every packet (wide loads that cannot forward from the narrow stores just made).
    @inlinable
    public init() {}
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
