// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension QuotedFlow {
    /// Decodes the datagram quoted in an ICMP error (RFC 792; RFC 1812 §4.3.2.3) or ICMPv6 error
    /// (RFC 4443 §2.4 (c)).
    ///
    /// The quote is normally cut short, so its IP length fields are not checked against `bytes`. The
    /// flow is ``isPresent`` when the IP header is whole and, for TCP, UDP and SCTP, the two ports are
    /// there too. Never throws: an undecodable quote is simply absent.
    ///
    /// - Parameters:
    ///   - bytes: the ICMP message body after the 8-byte ICMP header.
    ///   - ipVersion: 4 for ICMP, 6 for ICMPv6: the quote must be of the same family.
    @inlinable
    public init(parsingQuoted bytes: Span<UInt8>, ipVersion: UInt8) {
        self.init()
        var transportStart: Int
        var isLaterFragment = false
        if ipVersion == 4 {
            guard bytes.count >= IPv4Header.minimumLength, bytes[0] &>> 4 == 4 else { return }
            let headerLength = Int(bytes[0] & 0x0F) &* 4
            guard headerLength >= IPv4Header.minimumLength, bytes.count >= headerLength else { return }
            source = IPAddress(ipv4: bytes.networkUInt32(at: 12))
            destination = IPAddress(ipv4: bytes.networkUInt32(at: 16))
            transport = IPProtocol(rawValue: bytes[9])
            isLaterFragment = bytes.networkUInt16(at: 6) & 0x1FFF != 0
            transportStart = headerLength
        } else {
            guard let header = try? IPv6Header(parsing: bytes),
                let chain = try? IPv6ExtensionChain(
                    parsing: bytes.extracting(droppingFirst: IPv6Header.length),
                    nextHeader: header.nextHeader
                )
            else { return }
            source = header.source
            destination = header.destination
            transport = chain.transport
            isLaterFragment = chain.isLaterFragment
            transportStart = IPv6Header.length &+ chain.transportOffset
        }
        if !isLaterFragment {
            let segment = bytes.extracting(droppingFirst: transportStart)
            if transport.hasPorts {
                guard segment.count >= 4 else { return }
                sourcePort = segment.networkUInt16(at: 0)
                destinationPort = segment.networkUInt16(at: 2)
            } else if transport == .icmp || transport == .icmpv6, segment.count >= ICMPHeader.length {
                let kind =
                    transport == .icmp
                    ? ICMPMessageKind.icmp(type: segment[0]) : ICMPMessageKind.icmpv6(type: segment[0])
                if kind == .queryWithIdentifier {
                    sourcePort = segment.networkUInt16(at: 4)
                    destinationPort = sourcePort
                }
            } else if transport == .gre, let gre = try? GREHeader(parsing: segment), gre.version == 1 {
                destinationPort = gre.callID
            }
        }
        isPresent = true
    }
}
