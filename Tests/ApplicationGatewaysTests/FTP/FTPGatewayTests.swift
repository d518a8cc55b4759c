// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ApplicationGateways
import Testing
import Wire

@Suite("FTP gateway")
struct FTPGatewayTests {
    static let client = IPAddress(10, 0, 0, 1)
    static let server = IPAddress(192, 0, 2, 7)
    static let v6Client = IPAddress("2001:db8::1")!
    static let v6Server = IPAddress("2001:db8::2")!

    /// Feeds `segments` (text, sequence number, from the client?) and collects the actions.
    static func run(
        _ segments: [(String, UInt32, Bool)], client: IPAddress = client, server: IPAddress = server
    ) -> [GatewayAction] {
        var gateway = FTPGateway(client: client, server: server)
        var actions: [GatewayAction] = []
        for (text, sequence, fromClient) in segments {
            let bytes = Array(text.utf8)
            gateway.inspect(bytes.span, sequence: sequence, fromClient: fromClient) { actions.append($0) }
        }
        return actions
    }

    static func expect(from source: IPAddress, to destination: IPAddress, port: UInt16) -> GatewayAction {
        .expect(Expectation(source: source, destination: destination, destinationPort: port, transport: .tcp))
    }

    @Test func activeModePortOpensAGateFromTheServer() {
        #expect(Self.run([("PORT 10,0,0,1,195,80\r\n", 1, true)]) == [Self.expect(from: Self.server, to: Self.client, port: 50_000)])
    }

    @Test func passiveModeReplyOpensAGateFromTheClient() {
        #expect(
            Self.run([("227 Entering Passive Mode (192,0,2,7,117,54).\r\n", 1, false)])
                == [Self.expect(from: Self.client, to: Self.server, port: 30_006)])
    }

    @Test func extendedCommandsWorkForBothFamilies() {
        #expect(Self.run([("EPRT |1|10.0.0.1|6275|\r\n", 1, true)]) == [Self.expect(from: Self.server, to: Self.client, port: 6275)])
        #expect(
            Self.run([("EPRT |2|2001:db8::1|5282|\r\n", 1, true)], client: Self.v6Client, server: Self.v6Server)
                == [Self.expect(from: Self.v6Server, to: Self.v6Client, port: 5282)])
        #expect(
            Self.run([("229 Entering Extended Passive Mode (|||30006|)\r\n", 1, false)], client: Self.v6Client, server: Self.v6Server)
                == [Self.expect(from: Self.v6Client, to: Self.v6Server, port: 30006)])
    }

    @Test func aPortNamingAThirdHostIsABounceAndOpensNothing() {
        #expect(Self.run([("PORT 203,0,113,9,0,25\r\n", 1, true)]) == [.violation(.bounce)])
        #expect(Self.run([("227 Entering Passive Mode (203,0,113,9,4,1)\r\n", 1, false)]) == [.violation(.bounce)])
    }

    @Test(arguments: [
        "PORT 10,0,0,1,195\r\n", "PORT 10,0,0,1,256,80\r\n", "PORT\r\n", "PORT ,,,,,\r\n", "PORT 10,0,0,1,1000,1\r\n",
        "EPRT |3|10.0.0.1|21|\r\n", "EPRT |1|10.0.0.1|99999999|\r\n", "EPRT |1|not-an-address|21|\r\n",
    ])
    func malformedAnnouncementsOpenNothing(_ line: String) {
        #expect(Self.run([(line, 1, true)]) == [])
    }

    @Test func portZeroIsRefused() {
        #expect(Self.run([("PORT 10,0,0,1,0,0\r\n", 1, true)]) == [.violation(.badPort)])
        #expect(Self.run([("EPRT |1|10.0.0.1|65536|\r\n", 1, true)]) == [.violation(.badPort)])
    }

    @Test func aCommandSplitAcrossSegmentsIsReassembled() {
        #expect(
            Self.run([("POR", 100, true), ("T 10,0,0,1,", 103, true), ("195,80\r\n", 114, true)])
                == [Self.expect(from: Self.server, to: Self.client, port: 50_000)])
    }

    @Test func retransmissionsAreReadOnce() {
        let line = "PORT 10,0,0,1,195,80\r\n"
        #expect(
            Self.run([(line, 500, true), (line, 500, true), ("1,195,80\r\n", 510, true)])
                == [Self.expect(from: Self.server, to: Self.client, port: 50_000)])
    }

    @Test func aGapDiscardsTheBrokenLineOnly() {
        // Bytes 3…9 were never captured: the first line is dropped, the next one is read.
        #expect(
            Self.run([("POR", 1, true), ("0,1,195,80\r\nPORT 10,0,0,1,4,1\r\n", 11, true)])
                == [Self.expect(from: Self.server, to: Self.client, port: 1025)])
    }

    @Test func hugeLinesAreDroppedAndCounted() {
        var gateway = FTPGateway(client: Self.client, server: Self.server)
        var actions: [GatewayAction] = []
        let huge = Array(("PORT " + String(repeating: "9", count: 5000) + "\r\nPORT 10,0,0,1,0,21\r\n").utf8)
        gateway.inspect(huge.span, sequence: 1, fromClient: true) { actions.append($0) }
        #expect(actions == [Self.expect(from: Self.server, to: Self.client, port: 21)])
    }

    @Test func otherLinesAreIgnored() {
        #expect(Self.run([("USER anonymous\r\nRETR a.txt\r\n", 1, true), ("220 ready\r\n150 ok\r\n", 1, false)]) == [])
    }
}
