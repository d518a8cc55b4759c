// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Testing
import Wire

@Suite struct FrameTemplateTests {
    static let client = IPAddress(10, 1, 2, 3)
    static let server = IPAddress(198, 18, 0, 77)

    /// Builders that differ in everything a template keeps constant: link framing, MAC addresses, TTL,
    /// DF, IPv4 options.
    static let builders: [FrameBuilder] = {
        var tagged = FrameBuilder(link: .ethernet(vlans: [100, 200], qinq: true))
        tagged.sourceMAC = [0x02, 0x00, 0x5E, 0x00, 0x00, 0x01]
        tagged.destinationMAC = [0x02, 0x00, 0x5E, 0x00, 0x00, 0x02]
        tagged.timeToLive = 52
        tagged.dontFragment = true
        var withOptions = FrameBuilder(link: .raw)
        withOptions.ipv4Options = [0x94, 0x04, 0x00, 0x00]  // Router Alert (RFC 2113)
        var identified = FrameBuilder(link: .linuxCooked)
        identified.identification = 0xBEEF  // ignored: a template's identification is per packet
        return [FrameBuilder(), tagged, withOptions, identified]
    }()

    /// A copy of `template`'s bytes after `rewrite`.
    static func rewritten(_ template: FrameTemplate, _ rewrite: (inout MutableSpan<UInt8>) -> Void) -> [UInt8] {
        var copy = template.bytes
        var span = copy.mutableSpan
        rewrite(&span)
        return copy
    }

    /// `builder` with the identification a rewrite stores.
    static func builder(_ builder: FrameBuilder, identification: UInt16) -> FrameBuilder {
        var builder = builder
        builder.identification = identification
        return builder
    }

    @Test(arguments: builders)
    func rewrittenTCPSegmentIsTheBuiltOne(builder: FrameBuilder) {
        let options: [UInt8] = [0x02, 0x04, 0x05, 0xB4, 0x01, 0x01, 0x04, 0x02]
        let payload = Array("GET / HTTP/1.1\r\n\r\n".utf8)
        let template = builder.tcpTemplate(flags: [.psh, .ack], window: 64240, options: options, payload: payload)
        let rewriter = template.rewriter
        let frame = Self.rewritten(template) { frame in
            rewriter.rewriteTCP(
                in: &frame,
                source: Self.client,
                destination: Self.server,
                identification: 0x1234,
                sourcePort: 40_000,
                destinationPort: 80,
                sequenceNumber: 0xDEAD_BEEF,
                acknowledgmentNumber: 0xFFFF_FFFF
            )
        }
        let expected = Self.builder(builder, identification: 0x1234).tcp(
            from: Self.client,
            port: 40_000,
            to: Self.server,
            port: 80,
            flags: [.psh, .ack],
            sequenceNumber: 0xDEAD_BEEF,
            acknowledgmentNumber: 0xFFFF_FFFF,
            window: 64240,
            options: options,
            payload: payload
        )
        #expect(frame == expected)
        #expect(template.payloadLength == payload.count)
        #expect(rewriter.transport == .tcp)
    }

    @Test(arguments: builders)
    func rewrittenUDPDatagramIsTheBuiltOne(builder: FrameBuilder) {
        let payload: [UInt8] = [0, 0, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0x77, 0x77, 0x77, 0]
        let template = builder.udpTemplate(payload: payload)
        let rewriter = template.rewriter
        let frame = Self.rewritten(template) { frame in
            rewriter.rewriteUDP(
                in: &frame,
                source: Self.client,
                destination: Self.server,
                identification: 7,
                sourcePort: 53_000,
                destinationPort: 53,
                leadingPayloadWord: 0xABCD
            )
        }
        let expected = Self.builder(builder, identification: 7).udp(
            from: Self.client,
            port: 53_000,
            to: Self.server,
            port: 53,
            payload: [0xAB, 0xCD] + payload.dropFirst(2)
        )
        #expect(frame == expected)
        #expect(template.payloadLength == payload.count)
    }

    @Test func udpRewriteWithoutALeadingWordKeepsThePayload() {
        let payload = Array("ams-tracegen udp\r\n".utf8)
        let template = FrameBuilder().udpTemplate(payload: payload)
        let rewriter = template.rewriter
        let frame = Self.rewritten(template) { frame in
            rewriter.rewriteUDP(
                in: &frame,
                source: Self.server,
                destination: Self.client,
                identification: 0xFFFF,
                sourcePort: 1024,
                destinationPort: 65535
            )
        }
        let expected = Self.builder(FrameBuilder(), identification: 0xFFFF).udp(
            from: Self.server,
            port: 1024,
            to: Self.client,
            port: 65535,
            payload: payload
        )
        #expect(frame == expected)
    }

    /// RFC 768: a computed checksum of zero goes on the wire as 0xFFFF.
    @Test func udpChecksumOfZeroIsSentAsAllOnes() throws {
        let builder = FrameBuilder(link: .raw)
        // The checksum takes every value as the source port does; find the port that makes it zero.
        let port = try #require(
            (0...UInt16.max).first { port in
                let frame = builder.udp(from: Self.client, port: port, to: Self.server, port: 9, payload: [1, 2, 3])
                return frame[26] == 0xFF && frame[27] == 0xFF
            }
        )
        let template = builder.udpTemplate(payload: [1, 2, 3])
        let rewriter = template.rewriter
        let frame = Self.rewritten(template) { frame in
            rewriter.rewriteUDP(
                in: &frame,
                source: Self.client,
                destination: Self.server,
                identification: 0,
                sourcePort: port,
                destinationPort: 9
            )
        }
        #expect(frame == builder.udp(from: Self.client, port: port, to: Self.server, port: 9, payload: [1, 2, 3]))
    }

    @Test(arguments: [false, true])
    func rewrittenEchoIsTheBuiltOne(isReply: Bool) {
        var builder = FrameBuilder()
        builder.dontFragment = true
        let ping = [UInt8](repeating: 0, count: 8) + (0..<48).map { UInt8(0x10 + $0) }
        let template = builder.icmpEchoTemplate(isReply: isReply, payload: ping)
        let rewriter = template.rewriter
        let frame = Self.rewritten(template) { frame in
            rewriter.rewriteICMPEcho(
                in: &frame,
                source: Self.server,
                destination: Self.client,
                identification: 99,
                identifier: 0x4242,
                sequenceNumber: 3
            )
        }
        let expected = Self.builder(builder, identification: 99).icmpEcho(
            from: Self.server,
            to: Self.client,
            identifier: 0x4242,
            sequenceNumber: 3,
            isReply: isReply,
            payload: ping
        )
        #expect(frame == expected)
        #expect(template.payloadLength == ping.count)
    }

    @Test func templateIsTheBuiltFrameWithZeroFields() throws {
        let template = FrameBuilder().tcpTemplate(flags: [.syn], window: 1000)
        let unspecified = IPAddress(ipv4: 0)
        let built = FrameBuilder().tcp(
            from: unspecified,
            port: 0,
            to: unspecified,
            port: 0,
            flags: [.syn],
            window: 1000
        )
        #expect(template.bytes == built)
        let rewriter = template.rewriter
        #expect(rewriter.networkOffset == 14)
        #expect(rewriter.transportOffset == 34)
        #expect(rewriter.payloadOffset == 54)
        #expect(rewriter.length == template.bytes.count)
        #expect(template.payloadLength == 0)
    }

    @Test func rewritingACopyTwiceGivesTheSecondPacket() {
        let template = FrameBuilder().tcpTemplate(flags: [.ack])
        let rewriter = template.rewriter
        var copy = template.bytes
        var span = copy.mutableSpan
        for port: UInt16 in [1, 2] {
            rewriter.rewriteTCP(
                in: &span,
                source: Self.client,
                destination: Self.server,
                identification: port,
                sourcePort: port,
                destinationPort: 80,
                sequenceNumber: UInt32(port),
                acknowledgmentNumber: 0
            )
        }
        _ = consume span
        let expected = Self.builder(FrameBuilder(), identification: 2).tcp(
            from: Self.client,
            port: 2,
            to: Self.server,
            port: 80,
            flags: [.ack],
            sequenceNumber: 2
        )
        #expect(copy == expected)
    }

    @Test func rewritingWithTheWrongTransportTraps() async {
        await #expect(processExitsWith: .failure) {
            let template = FrameBuilder().udpTemplate(payload: [1, 2])
            var copy = template.bytes
            var span = copy.mutableSpan
            template.rewriter.rewriteTCP(
                in: &span,
                source: IPAddress(10, 0, 0, 1),
                destination: IPAddress(10, 0, 0, 2),
                identification: 0,
                sourcePort: 1,
                destinationPort: 2,
                sequenceNumber: 0,
                acknowledgmentNumber: 0
            )
        }
    }

    @Test func rewritingAShorterCopyTraps() async {
        await #expect(processExitsWith: .failure) {
            let template = FrameBuilder().udpTemplate(payload: [1, 2])
            var copy = Array(template.bytes.dropLast())
            var span = copy.mutableSpan
            template.rewriter.rewriteUDP(
                in: &span,
                source: IPAddress(10, 0, 0, 1),
                destination: IPAddress(10, 0, 0, 2),
                identification: 0,
                sourcePort: 1,
                destinationPort: 2
            )
        }
    }
}
