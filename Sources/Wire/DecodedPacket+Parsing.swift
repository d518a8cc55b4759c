// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension DecodedPacket {
    /// Decodes a whole frame of the given link type.
    ///
    /// Walks the link layer (``LinkHeader``), IPv4 (RFC 791) or IPv6 with its extension headers (RFC 8200),
    /// then the transport header, filling in the flow fields by the rules in ``DecodedPacket``'s discussion.
    /// Checksums are not verified. A datagram cut short by the capture's snap length is decoded as far
    /// as it goes, provided the transport header is complete; ``payloadLength`` then counts the captured
    /// bytes while ``ipLength`` keeps the length from the IP header.
    ///
    /// Never traps and never allocates, whatever the bytes.
    ///
    /// - Parameters:
    ///   - frame: the captured bytes, link-layer header first.
    ///   - linkType: the capture's link type.
    /// - Throws: ``WireError/truncated(_:)`` or ``WireError/malformed(_:)`` naming the layer at fault,
    ///   ``WireError/notIP`` for non-IP frames, ``WireError/unsupportedLinkType`` for unknown link types.
    @inlinable
    public init(parsing frame: Span<UInt8>, linkType: LinkType) throws(WireError) {
        let link = try LinkHeader(parsing: frame, linkType: linkType)
        outerVLAN = link.outerVLAN
        innerVLAN = link.innerVLAN
        if link.networkProtocol == .ipv4 {
            try parseIPv4(frame, at: link.headerLength)
        } else {
            try parseIPv6(frame, at: link.headerLength)
        }
    }

    /// Decodes an IPv4 datagram starting at `start` and what it carries.
    @inlinable
    mutating func parseIPv4(_ frame: Span<UInt8>, at start: Int) throws(WireError) {
        let header = try IPv4Header(parsing: frame.extracting(droppingFirst: start))
        ipVersion = 4
        source = header.source
        destination = header.destination
        transport = header.transport
        timeToLive = header.timeToLive
        ipLength = UInt32(header.totalLength)
        // Shorter than the header says: cut by the snap length. Longer: Ethernet padding.
        let end = min(start &+ Int(header.totalLength), frame.count)
        let transportStart = start &+ header.headerLength
        if header.isFragment {
            isFragment = true
            isLaterFragment = header.fragmentOffset != 0
            fragmentID = UInt32(header.identification)
        }
        if isLaterFragment {
            setPayload(from: transportStart, to: end)
            return
        }
        try parseTransport(frame, from: transportStart, to: end)
    }

    /// Decodes an IPv6 datagram starting at `start`, its extension headers and what it carries.
    @inlinable
    mutating func parseIPv6(_ frame: Span<UInt8>, at start: Int) throws(WireError) {
        let header = try IPv6Header(parsing: frame.extracting(droppingFirst: start))
        ipVersion = 6
        source = header.source
        destination = header.destination
        transport = header.nextHeader
        timeToLive = header.hopLimit
        let payloadStart = start &+ IPv6Header.length
        let end: Int
        if header.payloadLength == 0 && header.nextHeader.rawValue == 0 {
            // A jumbogram (RFC 2675 §2): the real length is in a Hop-by-Hop option; count what was captured.
            end = frame.count
            ipLength = UInt32(truncatingIfNeeded: frame.count &- start)
        } else {
            end = min(payloadStart &+ Int(header.payloadLength), frame.count)
            ipLength = UInt32(IPv6Header.length) &+ UInt32(header.payloadLength)
        }
        let chain = try IPv6ExtensionChain(
            parsing: frame.extracting(payloadStart..<end),
            nextHeader: header.nextHeader
        )
        transport = chain.transport
        let transportStart = payloadStart &+ chain.transportOffset
        if chain.isFragment {
            isFragment = true
            isLaterFragment = chain.isLaterFragment
            fragmentID = chain.fragmentID
        }
        if isLaterFragment {
            setPayload(from: transportStart, to: end)
            return
        }
        try parseTransport(frame, from: transportStart, to: end)
    }

    /// Records the payload as the bytes `start..<end` of the frame.
    @inlinable
    mutating func setPayload(from start: Int, to end: Int) {
        payloadOffset = UInt32(truncatingIfNeeded: start)
        payloadLength = UInt32(truncatingIfNeeded: max(end &- start, 0))
    }

    /// Decodes the transport header of ``transport`` in `frame[start..<end]`.
    @inlinable
    mutating func parseTransport(_ frame: Span<UInt8>, from start: Int, to end: Int) throws(WireError) {
        let segment = frame.extracting(start..<end)
        switch transport.rawValue {
        case IPProtocol.tcp.rawValue:
            let tcp = try TCPHeader(parsing: segment)
            sourcePort = tcp.sourcePort
            destinationPort = tcp.destinationPort
            tcpFlags = tcp.flags
            sequence = tcp.sequenceNumber
            setPayload(from: start &+ tcp.headerLength, to: end)
        case IPProtocol.udp.rawValue:
            let udp = try UDPHeader(parsing: segment)
            sourcePort = udp.sourcePort
            destinationPort = udp.destinationPort
            let payloadStart = start &+ UDPHeader.length
            setPayload(from: payloadStart, to: payloadStart &+ udp.payloadLength(available: segment.count))
        case IPProtocol.sctp.rawValue:
            let sctp = try SCTPHeader(parsing: segment)
            sourcePort = sctp.sourcePort
            destinationPort = sctp.destinationPort
            setPayload(from: start &+ SCTPHeader.length, to: end)
        case IPProtocol.icmp.rawValue, IPProtocol.icmpv6.rawValue:
            let isVersion6 = transport == .icmpv6
            let icmp = try ICMPHeader(parsing: segment, layer: isVersion6 ? .icmpv6 : .icmp)
            icmpType = icmp.type
            icmpCode = icmp.code
            let kind = isVersion6 ? ICMPMessageKind.icmpv6(type: icmp.type) : ICMPMessageKind.icmp(type: icmp.type)
            switch kind {
            case .queryWithIdentifier:
                sourcePort = icmp.identifier
                destinationPort = icmp.identifier
                sequence = UInt32(icmp.sequenceNumber)
            case .error:
                quoted = QuotedFlow(
                    parsingQuoted: segment.extracting(droppingFirst: ICMPHeader.length),
                    ipVersion: isVersion6 ? 6 : 4
                )
            case .queryWithoutIdentifier, .other:
                break
            }
            setPayload(from: start &+ ICMPHeader.length, to: end)
        case IPProtocol.gre.rawValue:
            let gre = try GREHeader(parsing: segment)
            greVersion = gre.version
            if gre.version == 1 { destinationPort = gre.callID }
            setPayload(from: start &+ gre.headerLength, to: end)
        case IPProtocol.esp.rawValue:
            _ = try ESPHeader(parsing: segment)
            setPayload(from: start &+ ESPHeader.length, to: end)
        case IPProtocol.ah.rawValue:
            let ah = try AuthenticationHeader(parsing: segment)
            setPayload(from: start &+ ah.headerLength, to: end)
        case 59:
            // No Next Header (RFC 8200 §4.7): nothing follows.
            setPayload(from: end, to: end)
        default:
            setPayload(from: start, to: end)
        }
    }
}
