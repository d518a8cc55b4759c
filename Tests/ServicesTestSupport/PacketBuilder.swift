// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// A fluent, test-only wrapper over ``Wire/FrameBuilder``: addresses as text, one flow per value.
///
/// ```swift
/// let syn = PacketBuilder.ipv4("10.0.0.1", "192.0.2.7").tcp(40000, 21, flags: [.syn]).bytes
/// let port = PacketBuilder.ipv4("10.0.0.1", "192.0.2.7").tcp(40000, 21, flags: [.psh, .ack])
///     .payload("PORT 10,0,0,1,195,80\r\n").bytes
/// ```
///
/// Traps on unparseable address text: it is for fixtures written by hand.
public struct PacketBuilder: Sendable {
    /// What follows the IP header.
    enum Transport: Sendable {
        case tcp(source: UInt16, destination: UInt16, flags: TCPFlags, sequence: UInt32, acknowledgment: UInt32)
        case udp(source: UInt16, destination: UInt16)
        case icmpEcho(identifier: UInt16, sequence: UInt16, isReply: Bool)
        case none(IPProtocol)
    }

    /// The frame builder (link, TTL, fragment, options) in use; change it freely.
    public var frameBuilder: FrameBuilder
    public var source: IPAddress
    public var destination: IPAddress
    var transport: Transport = .none(IPProtocol(rawValue: 59))
    var payloadBytes: [UInt8] = []

    /// Starts an IPv4 packet.
    public static func ipv4(_ source: String, _ destination: String, link: FrameLink = .ethernet()) -> Self {
        Self(frameBuilder: FrameBuilder(link: link), source: address(source), destination: address(destination))
    }

    /// Starts an IPv6 packet.
    public static func ipv6(_ source: String, _ destination: String, link: FrameLink = .ethernet()) -> Self {
        ipv4(source, destination, link: link)
    }

    static func address(_ text: String) -> IPAddress {
        guard let address = IPAddress(text) else { preconditionFailure("not an address: \(text)") }
        return address
    }

    /// Carries a TCP segment.
    public func tcp(
        _ sourcePort: UInt16,
        _ destinationPort: UInt16,
        flags: TCPFlags,
        sequence: UInt32 = 0,
        acknowledgment: UInt32 = 0
    ) -> Self {
        with {
            $0.transport = .tcp(
                source: sourcePort,
                destination: destinationPort,
                flags: flags,
                sequence: sequence,
                acknowledgment: acknowledgment
            )
        }
    }

    /// Carries a UDP datagram.
    public func udp(_ sourcePort: UInt16, _ destinationPort: UInt16) -> Self {
        with { $0.transport = .udp(source: sourcePort, destination: destinationPort) }
    }

    /// Carries an ICMP/ICMPv6 echo request or reply.
    public func icmpEcho(identifier: UInt16, sequence: UInt16 = 0, isReply: Bool = false) -> Self {
        with { $0.transport = .icmpEcho(identifier: identifier, sequence: sequence, isReply: isReply) }
    }

    /// Sets the TTL / hop limit.
    public func ttl(_ value: UInt8) -> Self {
        with { $0.frameBuilder.timeToLive = value }
    }

    /// Sets the transport payload from text (UTF-8).
    public func payload(_ text: String) -> Self {
        with { $0.payloadBytes = Array(text.utf8) }
    }

    /// Sets the transport payload.
    public func payload(_ bytes: [UInt8]) -> Self {
        with { $0.payloadBytes = bytes }
    }

    /// The reply direction: addresses and ports swapped, payload cleared.
    public var reversed: Self {
        with {
            swap(&$0.source, &$0.destination)
            $0.payloadBytes = []
            switch $0.transport {
            case .tcp(let s, let d, let f, let q, let a):
                $0.transport = .tcp(source: d, destination: s, flags: f, sequence: a, acknowledgment: q)
            case .udp(let s, let d): $0.transport = .udp(source: d, destination: s)
            case .icmpEcho(let i, let q, let r): $0.transport = .icmpEcho(identifier: i, sequence: q, isReply: !r)
            case .none: break
            }
        }
    }

    /// The frame's bytes.
    public var bytes: [UInt8] {
        switch transport {
        case .tcp(let s, let d, let f, let q, let a):
            frameBuilder.tcp(
                from: source,
                port: s,
                to: destination,
                port: d,
                flags: f,
                sequenceNumber: q,
                acknowledgmentNumber: a,
                payload: payloadBytes
            )
        case .udp(let s, let d):
            frameBuilder.udp(from: source, port: s, to: destination, port: d, payload: payloadBytes)
        case .icmpEcho(let i, let q, let r):
            frameBuilder.icmpEcho(
                from: source,
                to: destination,
                identifier: i,
                sequenceNumber: q,
                isReply: r,
                payload: payloadBytes
            )
        case .none(let proto):
            frameBuilder.frame(from: source, to: destination, transport: proto, segment: payloadBytes)
        }
    }

    /// The capture link type for ``bytes``.
    public var linkType: LinkType { frameBuilder.link.linkType }

    private func with(_ change: (inout Self) -> Void) -> Self {
        var copy = self
        change(&copy)
        return copy
    }
}
