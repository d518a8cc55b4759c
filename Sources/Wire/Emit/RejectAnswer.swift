// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The answer a `Reject` session sends back for a packet it refuses (SPEC.md §6; SRX's documented reject,
/// ours by analogy): a TCP reset for TCP (RFC 793 §3.4, *Reset Generation*), ICMP destination unreachable,
/// port unreachable (type 3 code 3, RFC 792) for UDP over IPv4 and ICMPv6 destination unreachable, port
/// unreachable (type 1 code 4, RFC 4443) over IPv6; nothing for other protocols.
///
/// The answer is built from the received Ethernet frame: MAC addresses, IP addresses and ports swapped,
/// VLAN tags kept, so it goes back out of the interface the frame came in on, to its sender. No answer is
/// made to a reset, to a fragment after the first, or to a packet sent to a broadcast or multicast address
/// (RFC 1122 §3.2.2, RFC 4443 §2.4 (e)).
public enum RejectAnswer {
    /// The most an ICMP error quotes, so the answer fits the minimum MTU: 576 bytes for IPv4 (RFC 1812
    /// §4.3.2.3), 1,280 for IPv6 (RFC 4443 §2.4 (c)).
    static let ipv4Limit = 576
    static let ipv6Limit = 1280

    /// Bytes an answer can take at most: the largest ICMPv6 error behind an Ethernet header with four tags.
    public static let maximumLength = 14 + 4 * 4 + ipv6Limit

    /// Writes the answer to `frame` (an Ethernet frame of link type `linkType`) at the start of `output`
    /// and returns its length; 0 when there is none to send (other protocols, a reset, a later fragment,
    /// a broadcast, a frame that does not decode, or fewer than ``maximumLength`` bytes of room).
    public static func build(answering frame: Span<UInt8>, linkType: LinkType, into output: inout MutableSpan<UInt8>)
        -> Int
    {
        guard linkType == .ethernet, output.count >= maximumLength,
            let link = try? LinkHeader(parsing: frame, linkType: linkType)
        else { return 0 }
        let ipStart = link.headerLength
        var ip = Layout(ipStart: ipStart, transportStart: 0, transport: .tcp, ipLength: 0, isIPv6: false)
        if link.networkProtocol == .ipv4 {
            guard let header = try? IPv4Header(parsing: frame.extracting(droppingFirst: ipStart)),
                header.fragmentOffset == 0, !isBroadcastOrMulticast(header.destination)
            else { return 0 }
            ip = Layout(
                ipStart: ipStart, transportStart: ipStart + header.headerLength, transport: header.transport,
                ipLength: Int(header.totalLength), isIPv6: false)
        } else if link.networkProtocol == .ipv6 {
            guard let header = try? IPv6Header(parsing: frame.extracting(droppingFirst: ipStart)),
                header.destination.high >> 56 != 0xFF
            else { return 0 }
            let payloadStart = ipStart + IPv6Header.length
            let end = min(frame.count, payloadStart + Int(header.payloadLength))
            guard let chain = try? IPv6ExtensionChain(
                parsing: frame.extracting(payloadStart..<end), nextHeader: header.nextHeader),
                !chain.isLaterFragment
            else { return 0 }
            ip = Layout(
                ipStart: ipStart, transportStart: payloadStart + chain.transportOffset, transport: chain.transport,
                ipLength: IPv6Header.length + Int(header.payloadLength), isIPv6: true)
        } else {
            return 0
        }
        guard ip.ipLength >= ip.transportStart - ipStart else { return 0 }
        // The link header, its MAC addresses swapped.
        for i in 0..<ipStart { output[i] = frame[i] }
        for i in 0..<6 {
            output[i] = frame[i + 6]
            output[i + 6] = frame[i]
        }
        if ip.transport == .tcp {
            return resetSegment(answering: frame, ip, into: &output)
        }
        if ip.transport == .udp {
            return portUnreachable(answering: frame, ip, into: &output)
        }
        return 0
    }

    /// Where the received datagram's parts lie in its frame.
    struct Layout {
        var ipStart: Int
        var transportStart: Int
        var transport: IPProtocol
        /// The datagram's length from its IP header (not the bytes captured).
        var ipLength: Int
        var isIPv6: Bool
    }

    private static func isBroadcastOrMulticast(_ address: IPAddress) -> Bool {
        let value = address.ipv4Value
        return value == 0xFFFF_FFFF || value >> 28 == 0xE
    }

    /// The IP header of an answer with `payloadLength` bytes of `transport` after it, addresses swapped
    /// from the received datagram; returns where the payload starts.
    private static func writeIPHeader(
        answering frame: Span<UInt8>, _ ip: Layout, transport: IPProtocol, payloadLength: Int,
        into output: inout MutableSpan<UInt8>
    ) -> Int {
        let start = ip.ipStart
        if ip.isIPv6 {
            output.storeNetwork(UInt32(0x6000_0000), at: start)
            output.storeNetwork(UInt16(payloadLength), at: start + 4)
            output[start + 6] = transport.rawValue
            output[start + 7] = 64
            for i in 0..<16 {
                output[start + 8 + i] = frame[start + 24 + i]
                output[start + 24 + i] = frame[start + 8 + i]
            }
            return start + IPv6Header.length
        }
        output.storeNetwork(UInt16(0x4500), at: start)
        output.storeNetwork(UInt16(20 + payloadLength), at: start + 2)
        output.storeNetwork(UInt32(0x0000_4000), at: start + 4)  // identification 0, don't fragment
        output[start + 8] = 64
        output[start + 9] = transport.rawValue
        output.storeNetwork(UInt16(0), at: start + 10)
        for i in 0..<4 {
            output[start + 12 + i] = frame[start + 16 + i]
            output[start + 16 + i] = frame[start + 12 + i]
        }
        var checksum = InternetChecksum()
        checksum.add(output.span.extracting(start..<start + 20))
        output.storeNetwork(checksum.value, at: start + 10)
        return start + 20
    }

    /// The checksum of a transport segment of the answer at `start..<end`, pseudo-header included
    /// (RFC 793 §3.1, RFC 8200 §8.1).
    private static func transportChecksum(
        _ output: borrowing MutableSpan<UInt8>, _ ip: Layout, transport: IPProtocol, start: Int, end: Int
    ) -> UInt16 {
        var checksum = InternetChecksum()
        let addresses = ip.isIPv6 ? ip.ipStart + 8..<ip.ipStart + 40 : ip.ipStart + 12..<ip.ipStart + 20
        checksum.add(output.span.extracting(addresses))
        checksum.add(UInt32(end - start))
        checksum.add(UInt16(transport.rawValue))
        checksum.add(output.span.extracting(start..<end))
        return checksum.value
    }

    /// A TCP reset to the sender (RFC 793 §3.4): with the received segment's ACK, the reset's sequence
    /// number is that acknowledgment; without, sequence 0 and an ACK of everything the segment occupied.
    private static func resetSegment(answering frame: Span<UInt8>, _ ip: Layout, into output: inout MutableSpan<UInt8>)
        -> Int
    {
        guard let tcp = try? TCPHeader(parsing: frame.extracting(droppingFirst: ip.transportStart)),
            !tcp.flags.contains(.rst)
        else { return 0 }
        let start = writeIPHeader(answering: frame, ip, transport: .tcp, payloadLength: 20, into: &output)
        let dataLength = max(0, ip.ipLength - (ip.transportStart - ip.ipStart) - tcp.headerLength)
        let occupied =
            UInt32(truncatingIfNeeded: dataLength) &+ (tcp.flags.contains(.syn) ? 1 : 0)
            &+ (tcp.flags.contains(.fin) ? 1 : 0)
        let hasACK = tcp.flags.contains(.ack)
        output.storeNetwork(tcp.destinationPort, at: start)
        output.storeNetwork(tcp.sourcePort, at: start + 2)
        output.storeNetwork(hasACK ? tcp.acknowledgmentNumber : 0, at: start + 4)
        output.storeNetwork(hasACK ? 0 : tcp.sequenceNumber &+ occupied, at: start + 8)
        output[start + 12] = 5 << 4
        output[start + 13] = hasACK ? TCPFlags.rst.rawValue : (TCPFlags.rst.rawValue | TCPFlags.ack.rawValue)
        output.storeNetwork(UInt32(0), at: start + 14)  // window 0, checksum 0 for now
        output.storeNetwork(UInt16(0), at: start + 18)
        let checksum = transportChecksum(output, ip, transport: .tcp, start: start, end: start + 20)
        output.storeNetwork(checksum, at: start + 16)
        return start + 20
    }

    /// ICMP or ICMPv6 port unreachable, quoting the received datagram from its IP header on, as much as
    /// fits the minimum MTU (and at least its first 8 bytes of UDP).
    private static func portUnreachable(
        answering frame: Span<UInt8>, _ ip: Layout, into output: inout MutableSpan<UInt8>
    ) -> Int {
        let limit = ip.isIPv6 ? ipv6Limit : ipv4Limit
        let headerLength = ip.isIPv6 ? IPv6Header.length : 20
        let available = min(frame.count - ip.ipStart, ip.ipLength)
        let quoted = min(available, limit - headerLength - 8)
        guard quoted >= ip.transportStart - ip.ipStart + 8 else { return 0 }
        let transport: IPProtocol = ip.isIPv6 ? .icmpv6 : .icmp
        let start = writeIPHeader(answering: frame, ip, transport: transport, payloadLength: 8 + quoted, into: &output)
        output[start] = ip.isIPv6 ? 1 : 3
        output[start + 1] = ip.isIPv6 ? 4 : 3
        output.storeNetwork(UInt16(0), at: start + 2)
        output.storeNetwork(UInt32(0), at: start + 4)
        for i in 0..<quoted { output[start + 8 + i] = frame[ip.ipStart + i] }
        let end = start + 8 + quoted
        let checksum: UInt16
        if ip.isIPv6 {
            checksum = transportChecksum(output, ip, transport: .icmpv6, start: start, end: end)
        } else {
            var sum = InternetChecksum()
            sum.add(output.span.extracting(start..<end))
            checksum = sum.value
        }
        output.storeNetwork(checksum, at: start + 2)
        return end
    }
}
