// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ApplicationGateways
import Testing
import Wire

/// Transcripts of the TFTP, RTSP, PPTP and SQL*Net gateways: what each announces, and what hostile or
/// malformed input does (nothing, or a counted refusal).
@Suite("TFTP, RTSP, PPTP and SQL*Net gateways")
struct GatewayParsingTests {
    static let client = IPAddress(10, 0, 0, 1)
    static let server = IPAddress(192, 0, 2, 7)

    // MARK: TFTP

    @Test func tftpReadAndWriteRequestsAnnounceTheTransfer() {
        for opcode: UInt8 in [1, 2] {
            let request: [UInt8] = [0, opcode] + Array("a.bin".utf8) + [0] + Array("octet".utf8) + [0]
            #expect(
                TFTPGateway.inspect(request.span, client: Self.client, clientPort: 4000, server: Self.server)
                    == .expect(Expectation(source: Self.server, destination: Self.client, destinationPort: 4000, transport: .udp)))
        }
    }

    @Test(arguments: [
        [0, 3, 0, 1],  // DATA, not a request
        [0, 1, 0, 0],  // empty file name
        [0, 1] + Array("name".utf8),  // no terminator
        [0, 1] + Array("name".utf8) + [0],  // no mode
        [0, 1] + Array(repeating: 0x41, count: 600) + [0] + Array("octet".utf8) + [0],  // name too long
        [0],
    ] as [[UInt8]])
    func malformedTFTPRequestsAnnounceNothing(_ bytes: [UInt8]) {
        #expect(TFTPGateway.inspect(bytes.span, client: Self.client, clientPort: 4000, server: Self.server) == nil)
    }

    // MARK: RTSP

    static func rtsp(_ segments: [(String, UInt32)]) -> [GatewayAction] {
        var gateway = RTSPGateway(client: client, server: server)
        var actions: [GatewayAction] = []
        for (text, sequence) in segments {
            gateway.inspect(Array(text.utf8).span, sequence: sequence, fromClient: false) { actions.append($0) }
        }
        return actions
    }

    static func udp(_ port: UInt16) -> GatewayAction {
        .expect(Expectation(source: server, destination: client, destinationPort: port, transport: .udp))
    }

    @Test func rtspSetupReplyAnnouncesRTPAndRTCP() {
        // ffmpeg 5.1's reply, as captured.
        let reply = "RTSP/1.0 200 OK\r\nCSeq: 3\r\nTransport: RTP/AVP/UDP;unicast;mode=receive;source=192.0.2.7;client_port=25526-25527;server_port=5000-5001\r\n\r\n"
        #expect(Self.rtsp([(reply, 1)]) == [Self.udp(25526), Self.udp(25527)])
        #expect(Self.rtsp([("transport: RTP/AVP;unicast;client_port=8000\r\n", 1)]) == [Self.udp(8000)])
    }

    @Test func rtspHeaderSplitAcrossSegmentsIsRead() {
        #expect(
            Self.rtsp([("RTSP/1.0 200 OK\r\nTransport: RTP/AVP;client_", 10), ("port=8000-8001\r\n", 53)])
                == [Self.udp(8000), Self.udp(8001)])
    }

    @Test(arguments: [
        "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n",  // RTP inside the RTSP connection
        "Transport: RTP/AVP;unicast;server_port=5000-5001\r\n",  // no client port
        "Transport: RTP/AVP;interleaved=0-1,RTP/AVP;client_port=8000-8001\r\n",  // first choice interleaved
        "Content-Type: client_port=8000\r\n",
    ])
    func rtspWithoutClientPortsAnnouncesNothing(_ line: String) {
        #expect(Self.rtsp([(line, 1)]) == [])
    }

    @Test(arguments: [
        "Transport: RTP/AVP;client_port=0-1\r\n", "Transport: RTP/AVP;client_port=65536-65537\r\n",
        "Transport: RTP/AVP;client_port=x\r\n", "Transport: RTP/AVP;client_port=8000-\r\n",
    ])
    func rtspBadPortsAreRefused(_ line: String) {
        #expect(Self.rtsp([(line, 1)]) == [.violation(.badPort)])
    }

    // MARK: PPTP (RFC 2637)

    /// A control message: Length, PPTP Message Type 1, the magic cookie, Control Message Type, Reserved0,
    /// then `body`.
    static func pptp(_ type: UInt16, _ body: [UInt8]) -> [UInt8] {
        let length = UInt16(12 + body.count)
        return [UInt8(length >> 8), UInt8(length & 0xFF), 0, 1, 0x1A, 0x2B, 0x3C, 0x4D, UInt8(type >> 8), UInt8(type & 0xFF), 0, 0] + body
    }

    /// Outgoing-Call-Reply (§2.8): Call ID, Peer's Call ID, Result Code, then 15 more bytes.
    static func outgoingCallReply(call: UInt16, peer: UInt16, result: UInt8 = 1) -> [UInt8] {
        pptp(8, [UInt8(call >> 8), UInt8(call & 0xFF), UInt8(peer >> 8), UInt8(peer & 0xFF), result] + Array(repeating: 0, count: 15))
    }

    static func pptpRun(_ segments: [([UInt8], UInt32, Bool)]) -> [GatewayAction] {
        var gateway = PPTPGateway(client: client, server: server)
        var actions: [GatewayAction] = []
        for (bytes, sequence, fromClient) in segments {
            gateway.inspect(bytes.span, sequence: sequence, fromClient: fromClient) { actions.append($0) }
        }
        return actions
    }

    static let call = GatewayAction.expect(
        Expectation(source: client, destination: server, destinationPort: 0x4001, transport: .gre, sourcePort: 0x0007))

    @Test func pptpOutgoingCallReplyAnnouncesTheGRECall() {
        let request = Self.pptp(7, Array(repeating: 0, count: 156))  // Outgoing-Call-Request, 168 bytes
        #expect(request.count == 168)
        let reply = Self.outgoingCallReply(call: 0x4001, peer: 0x0007)
        #expect(reply.count == 32)
        #expect(Self.pptpRun([(request, 1, true), (reply, 1, false)]) == [Self.call])
    }

    @Test func pptpMessagesSplitOrBatchedAreReassembled() {
        let start = Self.pptp(2, Array(repeating: 0, count: 144))  // Start-Control-Connection-Reply, 156 bytes
        let reply = Self.outgoingCallReply(call: 0x4001, peer: 0x0007)
        let stream = start + reply
        #expect(Self.pptpRun([(Array(stream[0..<100]), 1, false), (Array(stream[100...]), 101, false)]) == [Self.call])
        // The same bytes again (a retransmission) announce nothing new.
        #expect(Self.pptpRun([(stream, 1, false), (stream, 1, false)]) == [Self.call])
    }

    @Test func pptpFailedCallsAndGarbageAnnounceNothing() {
        #expect(Self.pptpRun([(Self.outgoingCallReply(call: 1, peer: 2, result: 2), 1, false)]) == [])
        var badCookie = Self.outgoingCallReply(call: 1, peer: 2)
        badCookie[4] = 0
        #expect(Self.pptpRun([(badCookie, 1, false)]) == [])
        // A length below the header loses the framing: nothing after it is read.
        #expect(Self.pptpRun([([0, 3, 0, 1] + Self.outgoingCallReply(call: 1, peer: 2), 1, false)]) == [])
        // A huge length is skipped whole, and the next message is read.
        let huge: [UInt8] = [0xFF, 0xFF] + Array(repeating: 0x41, count: 0xFFFD)
        #expect(Self.pptpRun([(huge + Self.outgoingCallReply(call: 0x4001, peer: 0x0007), 1, false)]) == [Self.call])
    }

    // MARK: SQL*Net

    /// A TNS Redirect (type 5): 8-byte header, data length, data.
    static func redirect(_ data: String) -> [UInt8] {
        let body = Array(data.utf8)
        let length = 10 + body.count
        return [UInt8(length >> 8), UInt8(length & 0xFF), 0, 0, 5, 0, 0, 0, UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
    }

    static func sqlnet(_ packets: [[UInt8]]) -> [GatewayAction] {
        var gateway = SQLNetGateway(client: client, server: server)
        var actions: [GatewayAction] = []
        var sequence: UInt32 = 1
        for packet in packets {
            gateway.inspect(packet.span, sequence: sequence, fromClient: false) { actions.append($0) }
            sequence &+= UInt32(packet.count)
        }
        return actions
    }

    @Test func sqlnetRedirectAnnouncesTheNewAddress() {
        let redirect = Self.redirect("(DESCRIPTION=(ADDRESS=(PROTOCOL=tcp)(HOST=198.51.100.4)(PORT=1522)))")
        #expect(Self.sqlnet([redirect]) == [
            .expect(Expectation(source: Self.client, destination: IPAddress(198, 51, 100, 4), destinationPort: 1522, transport: .tcp))
        ])
        let lower = Self.redirect("(address=(protocol=tcp)(host= 192.0.2.7 )(port=40000))")
        #expect(Self.sqlnet([lower]) == [
            .expect(Expectation(source: Self.client, destination: Self.server, destinationPort: 40000, transport: .tcp))
        ])
    }

    @Test func sqlnetNamesBadPortsAndMissingFieldsAnnounceNothingUsable() {
        #expect(Self.sqlnet([Self.redirect("(ADDRESS=(HOST=db.example)(PORT=1522))")]) == [])
        #expect(Self.sqlnet([Self.redirect("(ADDRESS=(HOST=10.0.0.9))")]) == [])
        #expect(Self.sqlnet([Self.redirect("(ADDRESS=(HOST=10.0.0.9)(PORT=0))")]) == [.violation(.badPort)])
        #expect(Self.sqlnet([Self.redirect("(ADDRESS=(HOST=10.0.0.9)(PORT=99999999))")]) == [.violation(.badPort)])
    }
}
