// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ServicesTestSupport
import Testing
import Wire

/// The decoded fields tests compare (``DecodedPacket`` itself is not `Equatable`).
struct Flow: Equatable, CustomStringConvertible {
    var outerVLAN: UInt16 = DecodedPacket.untagged
    var innerVLAN: UInt16 = DecodedPacket.untagged
    var source = IPAddress.zero
    var destination = IPAddress.zero
    var ipVersion: UInt8 = 0
    var transport = IPProtocol(rawValue: 0)
    var sourcePort: UInt16 = 0
    var destinationPort: UInt16 = 0
    var tcpFlags: TCPFlags = []
    var timeToLive: UInt8 = 64
    var icmpType: UInt8 = 0
    var icmpCode: UInt8 = 0
    var greVersion: UInt8 = 0
    var isFragment = false
    var isLaterFragment = false
    var fragmentID: UInt32 = 0
    var ipLength: UInt32 = 0
    var payloadLength: UInt32 = 0
    var quoted: String = "-"

    init() {}

    init(_ packet: DecodedPacket) {
        outerVLAN = packet.outerVLAN
        innerVLAN = packet.innerVLAN
        source = packet.source
        destination = packet.destination
        ipVersion = packet.ipVersion
        transport = packet.transport
        sourcePort = packet.sourcePort
        destinationPort = packet.destinationPort
        tcpFlags = packet.tcpFlags
        timeToLive = packet.timeToLive
        icmpType = packet.icmpType
        icmpCode = packet.icmpCode
        greVersion = packet.greVersion
        isFragment = packet.isFragment
        isLaterFragment = packet.isLaterFragment
        fragmentID = packet.fragmentID
        ipLength = packet.ipLength
        payloadLength = packet.payloadLength
        let q = packet.quoted
        quoted =
            q.isPresent
            ? "\(q.source):\(q.sourcePort)>\(q.destination):\(q.destinationPort)/\(q.transport.rawValue)" : "-"
    }

    var description: String {
        "\(source):\(sourcePort) > \(destination):\(destinationPort) v\(ipVersion) p\(transport.rawValue) flags \(tcpFlags.rawValue) ttl \(timeToLive) icmp \(icmpType)/\(icmpCode) gre \(greVersion) frag \(isFragment)/\(isLaterFragment)/\(fragmentID) len \(ipLength)/\(payloadLength) vlan \(outerVLAN)/\(innerVLAN) quoted \(quoted)"
    }
}

@Suite struct DecodedPacketParsingTests {
    static let links: [FrameLink] = [
        .ethernet(), .ethernet(vlans: [100]), .ethernet(vlans: [100, 200], qinq: true), .ethernet(vlans: [7, 8]),
        .linuxCooked, .linuxCooked2, .raw, .null(), .null(bigEndian: true), .loop,
    ]
    static let families: [(IPAddress, IPAddress)] = [
        (IPAddress(10, 0, 0, 1), IPAddress(192, 0, 2, 7)),
        (IPAddress("2001:db8::1")!, IPAddress("2001:db8:ffff::7")!),
    ]

    /// The expected flow for a frame on `link` between `c` and `s`, before transport fields.
    static func base(_ link: FrameLink, _ c: IPAddress, _ s: IPAddress, ipLength: Int, payload: Int) -> Flow {
        var flow = Flow()
        if case .ethernet(let vlans, _) = link {
            if vlans.count > 0 { flow.outerVLAN = vlans[0] }
            if vlans.count > 1 { flow.innerVLAN = vlans[1] }
        }
        flow.source = c
        flow.destination = s
        flow.ipVersion = c.isIPv4 ? 4 : 6
        flow.ipLength = UInt32(ipLength + (c.isIPv4 ? 20 : 40))
        flow.payloadLength = UInt32(payload)
        return flow
    }

    /// Decodes `frame` and checks that its payload bytes are `payload`.
    static func roundTrip(_ frame: [UInt8], _ link: FrameLink, payload: [UInt8]) throws -> Flow {
        let packet = try DecodedPacket(parsing: frame.span, linkType: link.linkType)
        let start = Int(packet.payloadOffset)
        #expect(Array(frame[start..<(start + Int(packet.payloadLength))]) == payload)
        return Flow(packet)
    }

    @Test(arguments: links)
    func tcpRoundTrips(link: FrameLink) throws {
        for (c, s) in Self.families {
            let payload = Array("USER anonymous\r\n".utf8)
            let frame = FrameBuilder(link: link).tcp(
                from: c,
                port: 40000,
                to: s,
                port: 21,
                flags: [.psh, .ack],
                sequenceNumber: 5,
                acknowledgmentNumber: 9,
                options: [1, 1, 1],
                payload: payload
            )
            var expected = Self.base(link, c, s, ipLength: 24 + payload.count, payload: payload.count)
            expected.transport = .tcp
            expected.sourcePort = 40000
            expected.destinationPort = 21
            expected.tcpFlags = [.psh, .ack]
            #expect(try Self.roundTrip(frame, link, payload: payload) == expected)
        }
    }

    @Test(arguments: links)
    func udpRoundTrips(link: FrameLink) throws {
        for (c, s) in Self.families {
            let payload: [UInt8] = [0, 1, 0x72, 0x66, 0x63, 0]
            let frame = FrameBuilder(link: link).udp(from: c, port: 2000, to: s, port: 69, payload: payload)
            var expected = Self.base(link, c, s, ipLength: 8 + payload.count, payload: payload.count)
            expected.transport = .udp
            expected.sourcePort = 2000
            expected.destinationPort = 69
            #expect(try Self.roundTrip(frame, link, payload: payload) == expected)
        }
    }

    @Test(arguments: links)
    func sctpRoundTrips(link: FrameLink) throws {
        for (c, s) in Self.families {
            let payload: [UInt8] = [1, 0, 0, 4]
            let frame = FrameBuilder(link: link).sctp(
                from: c,
                port: 36412,
                to: s,
                port: 36412,
                verificationTag: 1,
                payload: payload
            )
            var expected = Self.base(link, c, s, ipLength: 12 + payload.count, payload: payload.count)
            expected.transport = .sctp
            expected.sourcePort = 36412
            expected.destinationPort = 36412
            #expect(try Self.roundTrip(frame, link, payload: payload) == expected)
        }
    }

    @Test(arguments: links)
    func icmpEchoUsesTheIdentifierAsBothPorts(link: FrameLink) throws {
        for (c, s) in Self.families {
            for isReply in [false, true] {
                let payload: [UInt8] = [9, 8, 7]
                let frame = FrameBuilder(link: link).icmpEcho(
                    from: c,
                    to: s,
                    identifier: 0x4242,
                    sequenceNumber: 3,
                    isReply: isReply,
                    payload: payload
                )
                var expected = Self.base(link, c, s, ipLength: 8 + payload.count, payload: payload.count)
                expected.transport = c.isIPv4 ? .icmp : .icmpv6
                expected.sourcePort = 0x4242
                expected.destinationPort = 0x4242
                expected.icmpType = c.isIPv4 ? (isReply ? 0 : 8) : (isReply ? 129 : 128)
                #expect(try Self.roundTrip(frame, link, payload: payload) == expected)
            }
        }
    }

    @Test(arguments: [13, 14, 15, 16, 17, 18] as [UInt8])
    func icmpQueriesWithIdentifiers(type: UInt8) throws {
        let (c, s) = Self.families[0]
        let frame = FrameBuilder().icmp(
            from: c,
            to: s,
            header: ICMPHeader(type: type, identifier: 77, sequenceNumber: 1)
        )
        let packet = try decode(frame)
        #expect(packet.sourcePort == 77 && packet.destinationPort == 77)
    }

    @Test(arguments: [139, 140, 133, 135] as [UInt8])
    func icmpv6MessagesWithoutIdentifiersHaveNoPorts(type: UInt8) throws {
        let (c, s) = Self.families[1]
        let frame = FrameBuilder().icmp(
            from: c,
            to: s,
            header: ICMPHeader(type: type, identifier: 77, sequenceNumber: 1)
        )
        let packet = try decode(frame)
        #expect(packet.sourcePort == 0 && packet.destinationPort == 0)
        #expect(packet.icmpType == type)
    }

    @Test(arguments: links)
    func icmpErrorsDecodeTheQuotedFlow(link: FrameLink) throws {
        for (c, s) in Self.families {
            let raw = FrameBuilder(link: .raw)
            let quotedCases: [([UInt8], String)] = [
                (raw.udp(from: c, port: 33434, to: s, port: 33435, payload: [1, 2, 3, 4]), "\(c):33434>\(s):33435/17"),
                (raw.tcp(from: c, port: 1025, to: s, port: 80, flags: [.syn]), "\(c):1025>\(s):80/6"),
                (raw.icmpEcho(from: c, to: s, identifier: 5), "\(c):5>\(s):5/\(c.isIPv4 ? 1 : 58)"),
                (raw.gre(from: c, to: s, header: .enhanced(payloadLength: 0, callID: 0x99)), "\(c):0>\(s):153/47"),
                (raw.esp(from: c, to: s, securityParametersIndex: 1), "\(c):0>\(s):0/50"),
            ]
            for (datagram, quoted) in quotedCases {
                let type: UInt8 = c.isIPv4 ? 11 : 3
                let frame = FrameBuilder(link: link).icmpError(
                    from: s,
                    to: c,
                    type: type,
                    code: 0,
                    quoting: datagram,
                    quoteLimit: (c.isIPv4 ? 28 : 48) + 4 * (datagram.count > 60 ? 1 : 0)
                )
                let packet = try DecodedPacket(parsing: frame.span, linkType: link.linkType)
                #expect(packet.icmpType == type)
                #expect(packet.sourcePort == 0 && packet.destinationPort == 0)
                #expect(Flow(packet).quoted == quoted)
            }
        }
    }

    @Test func quotedFlowNeedsTheHeaderAndThePorts() throws {
        for (c, s) in Self.families {
            let datagram = FrameBuilder(link: .raw).udp(from: c, port: 1, to: s, port: 2, payload: [0, 0, 0, 0])
            let ipHeader = c.isIPv4 ? 20 : 40
            for cut in 0...(ipHeader + 8) {
                let frame = FrameBuilder().icmpError(
                    from: s,
                    to: c,
                    type: c.isIPv4 ? 3 : 1,
                    code: 3,
                    quoting: datagram,
                    quoteLimit: cut
                )
                let packet = try decode(frame)
                #expect(packet.quoted.isPresent == (cut >= ipHeader + 4), "cut \(cut)")
            }
            // A quote of the wrong family is not decoded.
            let other = Self.families[c.isIPv4 ? 1 : 0]
            let wrong = FrameBuilder(link: .raw).udp(from: other.0, port: 1, to: other.1, port: 2)
            let frame = FrameBuilder().icmpError(from: s, to: c, type: c.isIPv4 ? 3 : 1, code: 3, quoting: wrong)
            #expect(try !decode(frame).quoted.isPresent)
        }
    }

    @Test(arguments: links)
    func greVersionsRoundTrip(link: FrameLink) throws {
        for (c, s) in Self.families {
            let payload: [UInt8] = [0xFF, 0x03, 0x00, 0x21]
            let v1 = FrameBuilder(link: link).gre(
                from: c,
                to: s,
                header: .enhanced(payloadLength: 4, callID: 0xCAFE, sequenceNumber: 1, acknowledgmentNumber: 1),
                payload: payload
            )
            var expected = Self.base(link, c, s, ipLength: 16 + 4, payload: 4)
            expected.transport = .gre
            expected.greVersion = 1
            expected.destinationPort = 0xCAFE
            #expect(try Self.roundTrip(v1, link, payload: payload) == expected)
            let v0 = FrameBuilder(link: link).gre(
                from: c,
                to: s,
                header: GREHeader(checksumPresent: true, keyPresent: true, protocolType: .ipv4, key: 0xCAFE),
                payload: payload
            )
            expected = Self.base(link, c, s, ipLength: 12 + 4, payload: 4)
            expected.transport = .gre
            #expect(try Self.roundTrip(v0, link, payload: payload) == expected)
        }
    }

    @Test(arguments: links)
    func ipsecHasNoPorts(link: FrameLink) throws {
        for (c, s) in Self.families {
            let payload: [UInt8] = [1, 2, 3, 4, 5]
            let esp = FrameBuilder(link: link).esp(
                from: c,
                to: s,
                securityParametersIndex: 0x0102_0304,
                payload: payload
            )
            var expected = Self.base(link, c, s, ipLength: 8 + 5, payload: 5)
            expected.transport = .esp
            #expect(try Self.roundTrip(esp, link, payload: payload) == expected)
            let ah = FrameBuilder(link: link).ah(
                from: c,
                to: s,
                header: AuthenticationHeader(
                    nextHeader: .tcp,
                    headerLength: 16,
                    securityParametersIndex: 1,
                    sequenceNumber: 1
                ),
                payload: payload
            )
            expected = Self.base(link, c, s, ipLength: 16 + 5, payload: 5)
            expected.transport = .ah
            #expect(try Self.roundTrip(ah, link, payload: payload) == expected)
        }
    }

    @Test(arguments: links)
    func otherProtocolsHaveAddressesOnly(link: FrameLink) throws {
        for (c, s) in Self.families {
            let payload: [UInt8] = [2, 1, 0, 4, 1, 1, 1, 1]
            let frame = FrameBuilder(link: link).frame(from: c, to: s, transport: .ospf, segment: payload)
            var expected = Self.base(link, c, s, ipLength: 8, payload: 8)
            expected.transport = .ospf
            #expect(try Self.roundTrip(frame, link, payload: payload) == expected)
        }
    }

    @Test(arguments: links)
    func fragmentsRoundTrip(link: FrameLink) throws {
        for (c, s) in Self.families {
            var builder = FrameBuilder(link: link)
            builder.fragment = .init(offset: 0, moreFragments: true, identification: 0x8765)
            let first = builder.udp(from: c, port: 7, to: s, port: 9, payload: Array(repeating: 0xAB, count: 16))
            let extra = c.isIPv4 ? 0 : 8
            var expected = Self.base(link, c, s, ipLength: extra + 24, payload: 16)
            expected.transport = .udp
            expected.sourcePort = 7
            expected.destinationPort = 9
            expected.isFragment = true
            expected.fragmentID = 0x8765
            #expect(try Self.roundTrip(first, link, payload: Array(repeating: 0xAB, count: 16)) == expected)

            builder.fragment = .init(offset: 3, moreFragments: false, identification: 0x8765)
            let later = builder.frame(from: c, to: s, transport: .udp, segment: Array(repeating: 0xCD, count: 8))
            expected = Self.base(link, c, s, ipLength: extra + 8, payload: 8)
            expected.transport = .udp
            expected.isFragment = true
            expected.isLaterFragment = true
            expected.fragmentID = 0x8765
            #expect(try Self.roundTrip(later, link, payload: Array(repeating: 0xCD, count: 8)) == expected)
        }
    }

    @Test func ipv4OptionsAndTTLAreHonoured() throws {
        var builder = FrameBuilder()
        builder.ipv4Options = [0x94, 0x04, 0x00, 0x00, 0x07, 0x03, 0x04]
        builder.timeToLive = 1
        let frame = builder.tcp(from: Self.families[0].0, port: 1, to: Self.families[0].1, port: 2, flags: [.syn])
        let packet = try decode(frame)
        #expect(packet.timeToLive == 1)
        #expect(packet.ipLength == 48)
        #expect(packet.payloadOffset == 14 + 28 + 20)
        #expect(packet.sourcePort == 1)
    }

    @Test func ipv6ExtensionHeadersAreSkipped() throws {
        var builder = FrameBuilder()
        builder.ipv6Extensions = [.hopByHop(), .routing(units: 2), .destinationOptions(), .mobility()]
        builder.fragment = .init(offset: 0, moreFragments: false, identification: 3)
        builder.timeToLive = 255
        let (c, s) = Self.families[1]
        let frame = builder.tcp(from: c, port: 1, to: s, port: 2, flags: [.syn, .ack], payload: [1])
        let packet = try decode(frame)
        #expect(packet.transport == .tcp)
        #expect(packet.tcpFlags == [.syn, .ack])
        #expect(packet.isFragment && !packet.isLaterFragment)
        #expect(packet.timeToLive == 255)
        #expect(packet.ipLength == 40 + 48 + 21)
        #expect(packet.payloadLength == 1)
    }

    @Test func noNextHeaderEndsTheDatagram() throws {
        let (c, s) = Self.families[1]
        var builder = FrameBuilder()
        builder.ipv6Extensions = [.destinationOptions()]
        let packet = try decode(
            builder.frame(from: c, to: s, transport: IPProtocol(rawValue: 59), segment: [1, 2, 3, 4, 5, 6, 7, 8])
        )
        #expect(packet.transport.rawValue == 59)
        #expect(packet.payloadLength == 0)
        #expect(packet.sourcePort == 0)
    }

    @Test func jumbogramUsesTheCapturedLength() throws {
        let (c, s) = Self.families[1]
        var builder = FrameBuilder(link: .raw)
        builder.ipv6Extensions = [.hopByHop()]
        var frame = builder.udp(from: c, port: 1, to: s, port: 2, payload: [1, 2, 3, 4])
        frame[4] = 0
        frame[5] = 0
        frame[48 + 4] = 0  // UDP length 0 too (RFC 2675 §4)
        frame[48 + 5] = 0
        let packet = try decode(frame, .raw)
        #expect(packet.ipLength == UInt32(frame.count))
        #expect(packet.payloadLength == 4)
    }

    // MARK: - Snap length and padding

    @Test func snapLengthCutsThePayloadNotTheDecode() throws {
        for (c, s) in Self.families {
            let payload = Array(repeating: UInt8(0x61), count: 100)
            let frame = FrameBuilder().tcp(from: c, port: 1, to: s, port: 2, flags: [.ack], payload: payload)
            let cut = Array(frame.dropLast(60))
            let packet = try decode(cut)
            #expect(packet.ipLength == UInt32((c.isIPv4 ? 40 : 60) + 100))
            #expect(packet.payloadLength == 40)
            #expect(packet.sourcePort == 1)
            // Cut inside the TCP header: an error.
            let headerEnd = 14 + (c.isIPv4 ? 20 : 40) + 20
            #expect(throws: WireError.truncated(.tcp)) { try decode(Array(frame.prefix(headerEnd - 1))) }
            #expect(throws: Never.self) { try decode(Array(frame.prefix(headerEnd))) }
        }
    }

    @Test func ethernetPaddingIsNotPayload() throws {
        for (c, s) in Self.families {
            let frame =
                FrameBuilder().udp(from: c, port: 1, to: s, port: 2, payload: [1]) + Array(repeating: 0, count: 20)
            let packet = try decode(frame)
            #expect(packet.payloadLength == 1)
            let tcp = FrameBuilder().tcp(from: c, port: 1, to: s, port: 2, flags: [.ack]) + [0, 0, 0, 0, 0, 0]
            #expect(try decode(tcp).payloadLength == 0)
        }
    }

    // MARK: - Errors per layer

    @Test func errorsNameTheLayer() {
        let (c4, s4) = Self.families[0]
        let (c6, s6) = Self.families[1]
        let b = FrameBuilder()
        let ip4 = 14
        let ip6 = 14
        let t4 = ip4 + 20
        let t6 = ip6 + 40
        let tcp4 = b.tcp(from: c4, port: 1, to: s4, port: 2, flags: [.syn])
        let tcp6 = b.tcp(from: c6, port: 1, to: s6, port: 2, flags: [.syn])
        let cases: [([UInt8], WireError)] = [
            (Array(tcp4.prefix(13)), .truncated(.link)),
            (Array(tcp4.prefix(ip4 + 19)), .truncated(.ipv4)),
            (tcp4.replacing(ip4, with: 0x55), .malformed(.ipv4)),
            (tcp4.replacing(ip4, with: 0x43), .malformed(.ipv4)),
            (tcp4.replacing(ip4 + 2, with: 0).replacing(ip4 + 3, with: 10), .malformed(.ipv4)),
            (Array(tcp4.prefix(t4 + 19)), .truncated(.tcp)),
            (tcp4.replacing(t4 + 12, with: 0x40), .malformed(.tcp)),
            (tcp4.replacing(t4 + 12, with: 0xF0), .truncated(.tcp)),
            (Array(tcp6.prefix(ip6 + 39)), .truncated(.ipv6)),
            (tcp6.replacing(ip6, with: 0x40), .malformed(.ipv6)),
            (Array(tcp6.prefix(t6 + 10)), .truncated(.tcp)),
            (Array(b.udp(from: c4, port: 1, to: s4, port: 2).prefix(t4 + 7)), .truncated(.udp)),
            (Array(b.sctp(from: c6, port: 1, to: s6, port: 2).prefix(t6 + 11)), .truncated(.sctp)),
            (Array(b.icmpEcho(from: c4, to: s4, identifier: 1).prefix(t4 + 7)), .truncated(.icmp)),
            (Array(b.icmpEcho(from: c6, to: s6, identifier: 1).prefix(t6 + 7)), .truncated(.icmpv6)),
            (
                Array(b.gre(from: c4, to: s4, header: .enhanced(payloadLength: 0, callID: 1)).prefix(t4 + 7)),
                .truncated(.gre)
            ),
            (
                b.gre(from: c4, to: s4, header: GREHeader(protocolType: .ipv4)).replacing(t4 + 1, with: 3),
                .malformed(.gre)
            ),
            (Array(b.esp(from: c4, to: s4, securityParametersIndex: 1).prefix(t4 + 7)), .truncated(.esp)),
            (
                Array(
                    b.ah(
                        from: c6,
                        to: s6,
                        header: AuthenticationHeader(nextHeader: .tcp, securityParametersIndex: 1, sequenceNumber: 1)
                    ).prefix(t6 + 11)
                ), .truncated(.ah)
            ),
            // The IPv4 total length says the TCP header is not all inside the datagram.
            (tcp4.replacing(ip4 + 3, with: 30), .truncated(.tcp)),
            // The IPv6 payload length ends inside an extension header.
            (
                Self.withExtensions([.destinationOptions(units: 2)]).replacing(ip6 + 5, with: 8),
                .truncated(.ipv6Extension)
            ),
            (Self.withExtensions(Array(repeating: .hopByHop(), count: 9)), .malformed(.ipv6Extension)),
        ]
        for (index, (frame, error)) in cases.enumerated() {
            #expect(decodeError(frame) == error, "case \(index)")
        }
    }

    static func withExtensions(_ extensions: [IPv6ExtensionHeader]) -> [UInt8] {
        var builder = FrameBuilder()
        builder.ipv6Extensions = extensions
        return builder.tcp(from: families[1].0, port: 1, to: families[1].1, port: 2, flags: [.syn])
    }

    @Test func wrongFamilyForTheLinkTypeIsMalformed() {
        let v6 = FrameBuilder(link: .raw).udp(from: Self.families[1].0, port: 1, to: Self.families[1].1, port: 2)
        let v4 = FrameBuilder(link: .raw).udp(
            from: Self.families[0].0,
            port: 1,
            to: Self.families[0].1,
            port: 2,
            payload: Array(repeating: 0, count: 20)
        )
        #expect(decodeError(v6, .ipv4) == .malformed(.ipv4))
        #expect(decodeError(v4, .ipv6) == .malformed(.ipv6))
        #expect(decodeError(v4, .ipv4) == nil)
        #expect(decodeError(v6, .ipv6) == nil)
    }

    @Test func tagsAreReportedThroughTheEntryPoint() throws {
        let frame = FrameBuilder(link: .ethernet(vlans: [0xFFF, 1], qinq: true)).udp(
            from: Self.families[0].0,
            port: 1,
            to: Self.families[0].1,
            port: 2
        )
        let packet = try decode(frame)
        #expect(packet.outerVLAN == 0xFFF)
        #expect(packet.innerVLAN == 1)
    }
}
