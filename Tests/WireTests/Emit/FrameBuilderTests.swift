// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ServicesTestSupport
import Testing
import Wire

@Suite struct FrameBuilderTests {
    /// Verifies a transport checksum over the pseudo-header (RFC 9293 §3.1, RFC 8200 §8.1).
    static func transportChecksumIsValid(_ frame: [UInt8], pseudoHeader: Bool = true) throws -> Bool {
        let packet = try DecodedPacket(parsing: frame.span, linkType: .ethernet)
        let ipHeader = packet.ipVersion == 4 ? Int(frame[14] & 0x0F) * 4 : 40
        let segment = Array(frame[(14 + ipHeader)...])
        var checksum = InternetChecksum()
        if pseudoHeader {
            checksum.add(packet.source)
            checksum.add(packet.destination)
            if packet.ipVersion == 4 {
                checksum.add(UInt16(packet.transport.rawValue))
                checksum.add(UInt16(segment.count))
            } else {
                checksum.add(UInt32(segment.count))
                checksum.add(UInt32(packet.transport.rawValue))
            }
        }
        checksum.add(segment)
        return checksum.isValid
    }

    @Test func checksumsVerify() throws {
        let b = FrameBuilder()
        for c in [SampleFrames.client4, SampleFrames.client6] {
            let s = c.isIPv4 ? SampleFrames.server4 : SampleFrames.server6
            #expect(
                try Self.transportChecksumIsValid(
                    b.tcp(from: c, port: 1, to: s, port: 2, flags: [.syn], payload: [1, 2, 3])
                )
            )
            #expect(try Self.transportChecksumIsValid(b.udp(from: c, port: 1, to: s, port: 2, payload: [1, 2, 3])))
            #expect(
                try Self.transportChecksumIsValid(
                    b.icmpEcho(from: c, to: s, identifier: 1, payload: [1]),
                    pseudoHeader: !c.isIPv4
                )
            )
        }
        var header = InternetChecksum()
        header.add(b.udp(from: SampleFrames.client4, port: 1, to: SampleFrames.server4, port: 2)[14..<34])
        #expect(header.isValid)
    }

    @Test func knownFrameMatchesByteForByte() {
        let frame = FrameBuilder(link: .raw).udp(
            from: IPAddress(192, 168, 0, 1),
            port: 0x14E9,
            to: IPAddress(192, 168, 0, 199),
            port: 53,
            payload: []
        )
        #expect(Array(frame[0..<12]) == [0x45, 0x00, 0x00, 0x1C, 0x00, 0x00, 0x00, 0x00, 0x40, 0x11, 0xF8, 0xB8])
        #expect(Array(frame[20..<26]) == [0x14, 0xE9, 0x00, 0x35, 0x00, 0x08])
    }

    @Test(arguments: [
        FrameLink.ethernet(), .ethernet(vlans: [1, 2], qinq: true), .linuxCooked, .linuxCooked2, .raw, .null(),
        .null(bigEndian: true), .loop,
    ])
    func linkHeaderLengths(link: FrameLink) {
        var bytes: [UInt8] = []
        link.emit(into: &bytes, networkProtocol: .ipv4)
        let expected: Int
        switch link {
        case .ethernet(let vlans, _): expected = 14 + 4 * vlans.count
        case .linuxCooked: expected = 16
        case .linuxCooked2: expected = 20
        case .raw: expected = 0
        case .null, .loop: expected = 4
        }
        #expect(bytes.count == expected)
    }

    @Test func macAddressesCanBeChosen() {
        var builder = FrameBuilder()
        builder.sourceMAC = [0x02, 0x00, 0x5E, 0x00, 0x00, 0x01]
        builder.destinationMAC = [0x02, 0x00, 0x5E, 0x00, 0x00, 0x02]
        let frame = builder.udp(from: SampleFrames.client4, port: 1, to: SampleFrames.server4, port: 2)
        #expect(Array(frame[0..<12]) == builder.destinationMAC + builder.sourceMAC)
        var cooked = builder
        cooked.link = .linuxCooked
        let cookedFrame = cooked.udp(from: SampleFrames.client4, port: 1, to: SampleFrames.server4, port: 2)
        #expect(Array(cookedFrame[6..<14]) == builder.sourceMAC + [0, 0])
        // The defaults are FrameLink's.
        let plain = FrameBuilder().udp(from: SampleFrames.client4, port: 1, to: SampleFrames.server4, port: 2)
        #expect(Array(plain[0..<12]) == FrameLink.destinationMAC + FrameLink.sourceMAC)
        #expect(Array(plain[12...]) == Array(frame[12...]))
    }

    @Test func packetBuilderBuildsAndReverses() throws {
        let request = PacketBuilder.ipv4("10.0.0.1", "192.0.2.7").tcp(40000, 21, flags: [.psh, .ack]).payload(
            "PORT 10,0,0,1,195,80\r\n"
        )
        let packet = try DecodedPacket(parsing: request.bytes.span, linkType: request.linkType)
        #expect(packet.sourcePort == 40000)
        #expect(packet.payloadLength == 22)
        let reply = try DecodedPacket(parsing: request.reversed.bytes.span, linkType: .ethernet)
        #expect(reply.source == IPAddress(192, 0, 2, 7))
        #expect(reply.destinationPort == 40000)
        let echo = PacketBuilder.ipv6("2001:db8::1", "2001:db8::2", link: .raw).icmpEcho(identifier: 9).ttl(3)
        let decoded = try DecodedPacket(parsing: echo.bytes.span, linkType: .raw)
        #expect(decoded.timeToLive == 3)
        #expect(decoded.icmpType == 128)
        #expect(try DecodedPacket(parsing: echo.reversed.bytes.span, linkType: .raw).icmpType == 129)
    }
}
