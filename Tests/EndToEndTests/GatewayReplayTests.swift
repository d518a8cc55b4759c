// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import OperationalCommands
import PacketCapture
import ServicesCore
import SessionEngine
import Testing
import Wire

/// The ALGs in the engine (SPEC.md §1, §4; issue 5): gates announced on control channels, child sessions
/// on the parent's member, flags, clearing, predicted sessions.
@Suite("ALG child sessions")
struct GatewayReplayTests {
    static let client = IPAddress(10, 1, 1, 2)
    static let server = IPAddress(192, 0, 2, 10)
    static let b = FrameBuilder(link: .ethernet())

    /// A TCP connection's packets, with sequence numbers, so that control-channel bytes can be placed.
    struct Connection {
        var client: IPAddress
        var clientPort: UInt16
        var server: IPAddress
        var serverPort: UInt16
        var clientSequence: UInt32 = 1000
        var serverSequence: UInt32 = 5000

        /// SYN, SYN-ACK, ACK at `time`.
        mutating func open(_ h: inout ReplayHarness, at time: Double) {
            h.add(b.tcp(from: client, port: clientPort, to: server, port: serverPort, flags: [.syn], sequenceNumber: clientSequence - 1), at: time)
            h.add(b.tcp(from: server, port: serverPort, to: client, port: clientPort, flags: [.syn, .ack], sequenceNumber: serverSequence - 1), at: time + 0.001)
            h.add(b.tcp(from: client, port: clientPort, to: server, port: serverPort, flags: [.ack], sequenceNumber: clientSequence), at: time + 0.002)
        }

        /// One segment of `text` from the client or the server; `resend` repeats the last one instead.
        mutating func send(_ h: inout ReplayHarness, _ text: String, fromClient: Bool, at time: Double, advance: Bool = true) {
            let bytes = Array(text.utf8)
            if fromClient {
                h.add(b.tcp(from: client, port: clientPort, to: server, port: serverPort, flags: [.psh, .ack], sequenceNumber: clientSequence, payload: bytes), at: time)
                if advance { clientSequence &+= UInt32(bytes.count) }
            } else {
                h.add(b.tcp(from: server, port: serverPort, to: client, port: clientPort, flags: [.psh, .ack], sequenceNumber: serverSequence, payload: bytes), at: time)
                if advance { serverSequence &+= UInt32(bytes.count) }
            }
        }
    }

    static func ftpControl(port: UInt16 = 40000) -> Connection {
        Connection(client: client, clientPort: port, server: server, serverPort: 21)
    }

    /// Sessions with their parent's initiator flow, as text: `child-flow <- parent-flow` (or `<- none`).
    static func links(_ result: ReplayResult) -> [String] {
        let sessions = result.members.flatMap(\.sessions)
        return sessions.map { session in
            let parent = session.parentID.flatMap { id in sessions.first { $0.id == id } }
            let flow = SessionTableRenderer.flowLine(session.initiator).split(separator: " ").prefix(4).joined(separator: " ")
            let parentFlow = parent.map { SessionTableRenderer.flowLine($0.initiator).split(separator: " ").prefix(4).joined(separator: " ") }
            return "\(session.alg.name) \(flow) <- \(parentFlow ?? "none")"
        }.sorted()
    }

    // MARK: - FTP on real traffic

    /// `ftp.pcap` (vsftpd and curl, Captures/README.md): every data connection is the child of the control
    /// connection that announced it, on its member, whatever the number of members and the mode.
    @Test func ftpDataConnectionsAreChildrenOfTheirControlConnections() throws {
        let path = ReplayHarness.capture("ftp.pcap")
        let expected = [
            "ftp TCP 10.99.0.1:47892 -> 10.99.0.2:21 <- none",
            "ftp TCP 10.99.0.1:47898 -> 10.99.0.2:21 <- none",
            "ftp TCP 10.99.0.1:47912 -> 10.99.0.2:21 <- none",
            "ftp TCP 10.99.0.1:49266 -> 10.99.0.2:30006 <- TCP 10.99.0.1:47892 -> 10.99.0.2:21",
            "ftp TCP 10.99.0.1:55178 -> 10.99.0.2:21 <- none",
            "ftp TCP 10.99.0.1:56172 -> 10.99.0.2:30003 <- TCP 10.99.0.1:47898 -> 10.99.0.2:21",
            "ftp TCP 10.99.0.2:20 -> 10.99.0.1:38907 <- TCP 10.99.0.1:47912 -> 10.99.0.2:21",
            "ftp TCP 10.99.0.2:20 -> 10.99.0.1:52421 <- TCP 10.99.0.1:55178 -> 10.99.0.2:21",
            "ftp TCP fd00:99::1:46456 -> fd00:99::2:30003 <- TCP fd00:99::1:57504 -> fd00:99::2:21",
            "ftp TCP fd00:99::1:57504 -> fd00:99::2:21 <- none",
        ]
        for members in [1, 2, 3, 4, 8] {
            for mode in ReplayHarness.Mode.allCases {
                let result = try ReplayHarness.replay(path: path, members: members, keepExpired: true, mode: mode)
                #expect(Self.links(result) == expected, "members \(members), \(mode)")
                #expect(result.counters.gatesOpened == 5 && result.counters.childSessions == 5)
                for session in result.members.flatMap(\.sessions) {
                    if let parent = session.parentID {
                        // A child lives on its parent's member: the member is in the ID's high bits.
                        #expect(parent >> 24 == session.id >> 24)
                        #expect(session.initiator.state == .forward && session.responder.state == .forward)
                    } else {
                        #expect(session.initiator.state == .watch)
                    }
                }
            }
        }
    }

    /// `| display xml` names each child's parent (`<session-parent-id>`), on the parent's member table.
    @Test func xmlNamesTheParents() throws {
        let result = try ReplayHarness.replay(path: ReplayHarness.capture("ftp.pcap"), members: 2, keepExpired: true)
        let xml = SessionDocuments.sessionTable(result.members, extensive: true).xmlText()
        let parents = xml.split(separator: "\n").filter { $0.contains("<session-parent-id>") }
        #expect(parents.count == 5)
        for session in result.members.flatMap(\.sessions) where session.parentID != nil {
            #expect(xml.contains("<session-parent-id>\(session.parentID!)</session-parent-id>"))
        }
    }

    // MARK: - FTP transcripts

    /// A PORT command split over two segments, with the first one retransmitted, still opens its gate.
    @Test func splitAndRetransmittedCommandsOpenOneGate() throws {
        var h = ReplayHarness()
        var control = Self.ftpControl()
        control.open(&h, at: 0)
        control.send(&h, "220 ready\r\n", fromClient: false, at: 0.1)
        control.send(&h, "PORT 10,1,1,2,", fromClient: true, at: 0.2, advance: false)
        control.send(&h, "PORT 10,1,1,2,", fromClient: true, at: 0.25)  // retransmission
        control.send(&h, "195,80\r\n", fromClient: true, at: 0.3)
        h.add(Self.b.tcp(from: Self.server, port: 20, to: Self.client, port: 50000, flags: [.syn]), at: 0.4)
        let result = try h.replay(members: 2, keepExpired: true)
        #expect(Self.links(result).contains("ftp TCP 192.0.2.10:20 -> 10.1.1.2:50000 <- TCP 10.1.1.2:40000 -> 192.0.2.10:21"))
        #expect(result.counters.gatesOpened == 1)
    }

    /// EPSV's 229 reply (no address: the server's own) and EPRT with an IPv6 address.
    @Test func extendedCommandsOpenGatesForIPv4AndIPv6() throws {
        var h = ReplayHarness()
        var control = Self.ftpControl()
        control.open(&h, at: 0)
        control.send(&h, "229 Entering Extended Passive Mode (|||30100|)\r\n", fromClient: false, at: 0.1)
        h.add(Self.b.tcp(from: Self.client, port: 50001, to: Self.server, port: 30100, flags: [.syn]), at: 0.2)
        let client6 = IPAddress("2001:db8::2")!
        let server6 = IPAddress("2001:db8::10")!
        var control6 = Connection(client: client6, clientPort: 40001, server: server6, serverPort: 21)
        control6.open(&h, at: 1)
        control6.send(&h, "EPRT |2|2001:db8::2|50002|\r\n", fromClient: true, at: 1.1)
        h.add(Self.b.tcp(from: server6, port: 20, to: client6, port: 50002, flags: [.syn]), at: 1.2)
        let links = Self.links(try h.replay(members: 3, keepExpired: true, mode: .dispatched))
        #expect(links.contains("ftp TCP 10.1.1.2:50001 -> 192.0.2.10:30100 <- TCP 10.1.1.2:40000 -> 192.0.2.10:21"))
        #expect(links.contains("ftp TCP 2001:db8::10:20 -> 2001:db8::2:50002 <- TCP 2001:db8::2:40001 -> 2001:db8::10:21"))
    }

    /// A PORT naming a third host (FTP bounce) or port 0 opens no gate and is counted; the connection that
    /// follows is an ordinary session.
    @Test func bouncesAndBadPortsOpenNothing() throws {
        var h = ReplayHarness()
        var control = Self.ftpControl()
        control.open(&h, at: 0)
        control.send(&h, "PORT 10,9,9,9,195,80\r\n", fromClient: true, at: 0.1)
        control.send(&h, "PORT 10,1,1,2,0,0\r\n", fromClient: true, at: 0.2)
        control.send(&h, "PORT 10,1,1,2,999,1\r\n", fromClient: true, at: 0.3)
        control.send(&h, String(repeating: "A", count: 5000) + "\r\n", fromClient: true, at: 0.4)
        h.add(Self.b.tcp(from: Self.server, port: 20, to: IPAddress(10, 9, 9, 9), port: 50000, flags: [.syn]), at: 0.5)
        let result = try h.replay(members: 2, keepExpired: true)
        #expect(result.counters.gatesOpened == 0 && result.counters.childSessions == 0)
        #expect(result.counters.gatewayRefusals == 2)
        #expect(Self.links(result).contains("none TCP 192.0.2.10:20 -> 10.9.9.9:50000 <- none"))
    }

    /// A gate admits one flow, once, before its gate timeout (30 s by default).
    @Test func aGateIsUsedOnceAndExpires() throws {
        var h = ReplayHarness()
        var control = Self.ftpControl()
        control.open(&h, at: 0)
        control.send(&h, "227 Entering Passive Mode (192,0,2,10,117,48)\r\n", fromClient: false, at: 0.1)
        control.send(&h, "227 Entering Passive Mode (192,0,2,10,117,49)\r\n", fromClient: false, at: 0.2)
        h.add(Self.b.tcp(from: Self.client, port: 50001, to: Self.server, port: 30000, flags: [.syn]), at: 1)
        h.add(Self.b.tcp(from: Self.client, port: 50002, to: Self.server, port: 30000, flags: [.syn]), at: 2)
        control.send(&h, "NOOP\r\n", fromClient: true, at: 20)
        control.send(&h, "NOOP\r\n", fromClient: true, at: 40)
        h.add(Self.b.tcp(from: Self.client, port: 50003, to: Self.server, port: 30001, flags: [.syn]), at: 40.5)
        let links = Self.links(try h.replay(members: 2, keepExpired: true))
        #expect(links.contains("ftp TCP 10.1.1.2:50001 -> 192.0.2.10:30000 <- TCP 10.1.1.2:40000 -> 192.0.2.10:21"))
        #expect(links.contains("none TCP 10.1.1.2:50002 -> 192.0.2.10:30000 <- none"))
        #expect(links.contains("none TCP 10.1.1.2:50003 -> 192.0.2.10:30001 <- none"))
    }

    /// Over the session limit the child is refused and its parent shows flag 0x2; with
    /// bypass-traffic-on-exceeding-flow-limits the child is created, bypassed, with flag 0x2.
    @Test func aChildOverTheLimitFlagsItsParent() throws {
        var h = ReplayHarness()
        var control = Self.ftpControl()
        control.open(&h, at: 0)
        control.send(&h, "227 Entering Passive Mode (192,0,2,10,117,48)\r\n", fromClient: false, at: 0.1)
        h.add(Self.b.tcp(from: Self.client, port: 50001, to: Self.server, port: 30000, flags: [.syn]), at: 1)
        let path = try ReplayHarness.temporaryFile(h.pcap())
        var configuration = EngineConfiguration.builtInDefault(memberCount: 1)
        configuration.sessionLimit = 1
        var result = try ReplayHarness.replay(path: path, members: 1, keepExpired: true, configuration: configuration)
        var sessions = result.members.flatMap(\.sessions)
        #expect(sessions.count == 1 && sessions[0].flags == 0x2)
        configuration.bypassOverLimit = true
        result = try ReplayHarness.replay(path: path, members: 1, keepExpired: true, configuration: configuration)
        sessions = result.members.flatMap(\.sessions)
        #expect(sessions.count == 2 && sessions[0].flags == 0)
        #expect(sessions[1].parentID == sessions[0].id && sessions[1].flags == 0x2 && sessions[1].initiator.state == .bypass)
    }

    /// `clear services sessions` of a parent clears its children and its open gates; `analysis` counts
    /// the open gates as predicted sessions.
    @Test func clearingAParentClearsItsChildrenAndGates() throws {
        var h = ReplayHarness()
        var control = Self.ftpControl()
        control.open(&h, at: 0)
        control.send(&h, "227 Entering Passive Mode (192,0,2,10,117,48)\r\n", fromClient: false, at: 0.1)
        h.add(Self.b.tcp(from: Self.client, port: 50001, to: Self.server, port: 30000, flags: [.syn]), at: 1)
        control.send(&h, "227 Entering Passive Mode (192,0,2,10,117,49)\r\n", fromClient: false, at: 2)
        let file = try CaptureFile(path: try ReplayHarness.temporaryFile(h.pcap()))
        let replay = SteppedReplay(file: file, configuration: .builtInDefault(memberCount: 2))
        replay.advance(by: nil)
        var members = replay.tables().snapshot()
        #expect(members.reduce(0) { $0 + $1.sessions.count } == 2)
        #expect(members.reduce(0) { $0 + $1.analysis.predicted } == 1)
        var control21 = SessionFilter()
        control21.destinationPort = 21
        let cleared = replay.tables().clear(control21)
        #expect(cleared.reduce(0) { $0 + $1.serviceSetCounts.reduce(0) { $0 + $1.sessions } } == 2)
        members = replay.tables().snapshot()
        #expect(members.reduce(0) { $0 + $1.sessions.count } == 0)
        #expect(members.reduce(0) { $0 + $1.analysis.predicted } == 0)
        // Cleared sessions count as deleted in `analysis`.
        #expect(members.reduce(0) { $0 + $1.analysis.peakDeletedPerSecond } == 2)
    }

    // MARK: - TFTP

    /// A read request to port 69 opens a gate for the server's reply from its new port; the transfer is a
    /// child. A malformed request opens nothing.
    @Test func tftpTransfersAreChildrenOfTheirRequests() throws {
        var h = ReplayHarness()
        let request: [UInt8] = [0, 1] + Array("file.bin".utf8) + [0] + Array("octet".utf8) + [0]
        h.add(Self.b.udp(from: Self.client, port: 40000, to: Self.server, port: 69, payload: request), at: 0)
        h.add(Self.b.udp(from: Self.server, port: 51000, to: Self.client, port: 40000, payload: [0, 3, 0, 1, 42]), at: 0.01)
        h.add(Self.b.udp(from: Self.client, port: 40000, to: Self.server, port: 51000, payload: [0, 4, 0, 1]), at: 0.02)
        let bad: [UInt8] = [0, 1] + Array("no-terminator".utf8)
        h.add(Self.b.udp(from: Self.client, port: 40001, to: Self.server, port: 69, payload: bad), at: 1)
        h.add(Self.b.udp(from: Self.server, port: 51001, to: Self.client, port: 40001, payload: [0, 3, 0, 1]), at: 1.01)
        for mode in ReplayHarness.Mode.allCases {
            let result = try h.replay(members: 4, keepExpired: true, mode: mode)
            #expect(Self.links(result) == [
                "none UDP 192.0.2.10:51001 -> 10.1.1.2:40001 <- none",
                "tftp UDP 10.1.1.2:40000 -> 192.0.2.10:69 <- none",
                "tftp UDP 10.1.1.2:40001 -> 192.0.2.10:69 <- none",
                "tftp UDP 192.0.2.10:51000 -> 10.1.1.2:40000 <- UDP 10.1.1.2:40000 -> 192.0.2.10:69",
            ], "\(mode)")
            let child = result.members.flatMap(\.sessions).first { $0.parentID != nil }
            #expect(child?.initiator.frames == 1 && child?.responder.frames == 1)
        }
    }

    // MARK: - Traceroute and ICMP errors

    /// Traceroute probes (UDP to 33435–33450, TTL ≤ 30) are `traceroute` sessions; the time-exceeded and
    /// port-unreachable errors that quote a probe count on the probe's session, never as sessions of their
    /// own; an error quoting no known flow is dropped and counted.
    @Test func icmpErrorsCountOnTheFlowTheyQuote() throws {
        var raw = FrameBuilder(link: .raw)
        raw.timeToLive = 1
        let hop = IPAddress(10, 1, 1, 1)
        var h = ReplayHarness()
        var time = 0.0
        for (index, port) in [UInt16(33435), 33436, 33437].enumerated() {
            let probe = raw.udp(from: Self.client, port: 40000, to: Self.server, port: port, payload: Array(repeating: 0x40, count: 32))
            var ttl = Self.b
            ttl.timeToLive = 1
            h.add(ttl.udp(from: Self.client, port: 40000, to: Self.server, port: port, payload: Array(repeating: 0x40, count: 32)), at: time)
            // The first two probes die at the first hop, the third reaches the server.
            let (from, type, code): (IPAddress, UInt8, UInt8) = index < 2 ? (hop, 11, 0) : (Self.server, 3, 3)
            h.add(Self.b.icmpError(from: from, to: Self.client, type: type, code: code, quoting: probe, quoteLimit: 28), at: time + 0.001)
            time += 0.1
        }
        let stray = raw.udp(from: Self.client, port: 41000, to: Self.server, port: 9999)
        h.add(Self.b.icmpError(from: hop, to: Self.client, type: 3, code: 1, quoting: stray, quoteLimit: 28), at: 1)
        for members in [1, 2, 5] {
            for mode in ReplayHarness.Mode.allCases {
                let result = try h.replay(members: members, keepExpired: true, mode: mode)
                let sessions = result.members.flatMap(\.sessions)
                #expect(sessions.count == 3, "members \(members), \(mode)")
                #expect(sessions.allSatisfy { $0.alg == .traceroute && $0.initiator.frames == 1 && $0.responder.frames == 1 })
                #expect(result.counters.engineDrops[DropReason.icmpErrorWithoutFlow.rawValue] == 1)
            }
        }
    }

    // MARK: - RTSP, PPTP, SQL*Net

    /// An RTSP SETUP answer opens RTP and RTCP gates; RTP from the client and RTCP from the server both
    /// become children; interleaved transport opens nothing.
    @Test func rtspSetupRepliesMakeRTPAndRTCPChildren() throws {
        var h = ReplayHarness()
        var control = Connection(client: Self.client, clientPort: 40000, server: Self.server, serverPort: 554)
        control.open(&h, at: 0)
        control.send(&h, "SETUP rtsp://192.0.2.10/live/streamid=0 RTSP/1.0\r\nTransport: RTP/AVP/UDP;unicast;client_port=25526-25527\r\n\r\n", fromClient: true, at: 0.1)
        control.send(&h, "RTSP/1.0 200 OK\r\nTransport: RTP/AVP/UDP;unicast;client_port=25526-25527;server_port=5000-5001\r\n\r\n", fromClient: false, at: 0.2)
        h.add(Self.b.udp(from: Self.client, port: 25526, to: Self.server, port: 5000, payload: [0x80, 0, 0, 1]), at: 0.3)
        h.add(Self.b.udp(from: Self.server, port: 5001, to: Self.client, port: 25527, payload: [0x81, 0xC9, 0, 1]), at: 0.4)
        control.send(&h, "RTSP/1.0 200 OK\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n", fromClient: false, at: 0.5)
        let result = try h.replay(members: 3, keepExpired: true, mode: .dispatched)
        #expect(Self.links(result) == [
            "rtsp TCP 10.1.1.2:40000 -> 192.0.2.10:554 <- none",
            "rtsp UDP 10.1.1.2:25526 -> 192.0.2.10:5000 <- TCP 10.1.1.2:40000 -> 192.0.2.10:554",
            "rtsp UDP 192.0.2.10:5001 -> 10.1.1.2:25527 <- TCP 10.1.1.2:40000 -> 192.0.2.10:554",
        ])
        #expect(result.counters.gatesOpened == 2)
    }

    /// A PPTP Outgoing-Call-Reply announces the call's GRE flow: both directions, each carrying the other
    /// end's call ID, are one child session.
    @Test func pptpCallsMakeOneGREChildForBothDirections() throws {
        var h = ReplayHarness()
        var control = Connection(client: Self.client, clientPort: 40000, server: Self.server, serverPort: 1723)
        control.open(&h, at: 0)
        // Outgoing-Call-Reply from the PAC (the server): its call ID 0x4001, the PNS's 0x0007, Connected.
        let reply: [UInt8] = [0, 32, 0, 1, 0x1A, 0x2B, 0x3C, 0x4D, 0, 8, 0, 0, 0x40, 0x01, 0x00, 0x07, 1] + Array(repeating: 0, count: 15)
        h.add(Self.b.tcp(from: Self.server, port: 1723, to: Self.client, port: 40000, flags: [.psh, .ack], sequenceNumber: control.serverSequence, payload: reply), at: 0.1)
        let ppp: [UInt8] = [0xFF, 0x03, 0xC0, 0x21, 1, 1, 0, 4]
        for (index, fromPNS) in [false, true, true, false].enumerated() {
            let (from, to, call): (IPAddress, IPAddress, UInt16) = fromPNS ? (Self.client, Self.server, 0x4001) : (Self.server, Self.client, 0x0007)
            let header = GREHeader.enhanced(payloadLength: UInt16(ppp.count), callID: call, sequenceNumber: UInt32(index))
            h.add(Self.b.gre(from: from, to: to, header: header, payload: ppp), at: 0.2 + Double(index) / 10)
        }
        for mode in ReplayHarness.Mode.allCases {
            let result = try h.replay(members: 4, keepExpired: true, mode: mode)
            let sessions = result.members.flatMap(\.sessions)
            #expect(sessions.count == 2, "\(mode)")
            let gre = sessions.first { $0.initiator.transport == .gre }
            #expect(gre?.alg == .pptp && gre?.parentID != nil && gre?.initiator.source == Self.server)
            #expect(gre?.initiator.frames == 2 && gre?.responder.frames == 2)
        }
    }

    /// A SQL*Net Redirect names a new address and port; the client's connection there is a child, even on
    /// another host.
    @Test func sqlnetRedirectsMakeChildren() throws {
        var h = ReplayHarness()
        var control = Connection(client: Self.client, clientPort: 40000, server: Self.server, serverPort: 1521)
        control.open(&h, at: 0)
        let data = Array("(DESCRIPTION=(ADDRESS=(PROTOCOL=tcp)(HOST=198.51.100.4)(PORT=1522)))".utf8)
        let redirect: [UInt8] = [0, UInt8(10 + data.count), 0, 0, 5, 0, 0, 0, 0, UInt8(data.count)] + data
        h.add(Self.b.tcp(from: Self.server, port: 1521, to: Self.client, port: 40000, flags: [.psh, .ack], sequenceNumber: control.serverSequence, payload: redirect), at: 0.1)
        h.add(Self.b.tcp(from: Self.client, port: 40001, to: IPAddress(198, 51, 100, 4), port: 1522, flags: [.syn]), at: 0.2)
        let links = Self.links(try h.replay(members: 2, keepExpired: true, mode: .independent))
        #expect(links.contains("sqlnet TCP 10.1.1.2:40001 -> 198.51.100.4:1522 <- TCP 10.1.1.2:40000 -> 192.0.2.10:1521"))
    }

    // MARK: - ICMP echo pairing

    /// Echo replies are forwarded only for a waiting request; at most 20 requests wait; the dropped
    /// packets still count on the session but are not transmitted.
    @Test func echoRepliesNeedTheirRequestsAndTwentyMayWait() throws {
        var h = ReplayHarness()
        for sequence: UInt16 in 1...25 {
            h.add(Self.b.icmpEcho(from: Self.client, to: Self.server, identifier: 7, sequenceNumber: sequence), at: Double(sequence) / 100)
        }
        // Replies for 1…20 pair; 21…25 were never let through, and 99 was never asked.
        for sequence: UInt16 in [1, 2, 3, 21, 99] {
            h.add(Self.b.icmpEcho(from: Self.server, to: Self.client, identifier: 7, sequenceNumber: sequence, isReply: true), at: 1 + Double(sequence) / 1000)
        }
        for mode in ReplayHarness.Mode.allCases {
            let result = try h.replay(members: 2, keepExpired: true, mode: mode)
            let sessions = result.members.flatMap(\.sessions)
            #expect(sessions.count == 1 && sessions[0].initiator.frames == 25 && sessions[0].responder.frames == 5)
            // 5 requests over the limit, replies 21 and 99.
            #expect(result.counters.echoDropped == 7, "\(mode)")
            var notTransmitted: UInt64 = 0
            for member in result.members {
                notTransmitted += member.analysis.packetsReceived - member.analysis.packetsTransmitted
            }
            #expect(notTransmitted == 7)
        }
    }

    /// The real pings of `dns-icmp.pcap` all pair.
    @Test func realPingsPair() throws {
        let result = try ReplayHarness.replay(path: ReplayHarness.capture("dns-icmp.pcap"), members: 2, keepExpired: true)
        #expect(result.counters.echoDropped == 0)
        let pings = result.members.flatMap(\.sessions).filter { $0.alg == .icmp || $0.alg == .icmpv6 }
        #expect(pings.count == 2)
    }

    // MARK: - application-protocol

    /// `show services sessions application-protocol P` selects each ALG's sessions (parents and children)
    /// on its real capture; `tcp` and `udp` select the sessions without an ALG.
    @Test(arguments: [
        ("ftp.pcap", "ftp", 10), ("tftp.pcap", "tftp", 6), ("rtsp.pcap", "rtsp", 4), ("pptp.pcap", "pptp", 2),
        ("sqlnet.pcap", "sqlnet", 2), ("traceroute.pcap", "traceroute", 4), ("dns-icmp.pcap", "icmp", 2),
        ("dns-icmp.pcap", "udp", 4), ("mixed.pcap", "tcp", 3), ("mixed.pcap", "ftp", 4), ("rtsp.pcap", "udp", 0),
    ])
    func applicationProtocolSelectsEachALG(capture: String, protocolName: String, sessions: Int) throws {
        let result = try ReplayHarness.replay(path: ReplayHarness.capture(capture), members: 2, keepExpired: true)
        guard case .command(let parsed) = try CommandParser.parse("show services sessions application-protocol \(protocolName)"),
            case .showSessions(let query) = parsed.command
        else {
            Issue.record("did not parse")
            return
        }
        let selected = result.tables.snapshot(query.filter).flatMap(\.sessions)
        #expect(selected.count == sessions)
        let children = selected.filter { $0.parentID != nil }
        #expect(children.allSatisfy { child in selected.contains { $0.id == child.parentID } })
    }

    // MARK: - Configured applications

    /// A configured FTP application on another port: its control channel is read there, its gate lives
    /// `gate-timeout` seconds, its children get `child-inactivity-timeout`, and a TCP session keeps its
    /// application's `inactivity-timeout` once the handshake completes.
    @Test func configuredApplicationsSetPortsGateAndChildTimeouts() throws {
        let configuration = try ConfiguredReplayTests.engine(
            """
            interfaces { ams0 { load-balancing-options { member-interface mams-0/0/0; member-interface mams-0/1/0; }
                services-options { inactivity-timeout 60; } unit 1 { family inet; } } }
            services {
                service-set ss1 { stateful-firewall-rules r; interface-service { service-interface ams0.1; } }
                stateful-firewall { rule r { match-direction input; term t { from { applications my-ftp; } then { accept; } } } }
            }
            applications { application my-ftp { application-protocol ftp; protocol tcp; destination-port 2121;
                inactivity-timeout 200; gate-timeout 5; child-inactivity-timeout 100; } }
            """, file: "alg.conf")
        var h = ReplayHarness()
        var control = Connection(client: Self.client, clientPort: 40000, server: Self.server, serverPort: 2121)
        control.open(&h, at: 0)
        control.send(&h, "227 Entering Passive Mode (192,0,2,10,117,48)\r\n", fromClient: false, at: 0.1)
        control.send(&h, "227 Entering Passive Mode (192,0,2,10,117,49)\r\n", fromClient: false, at: 0.2)
        var data = Connection(client: Self.client, clientPort: 50000, server: Self.server, serverPort: 30000)
        data.open(&h, at: 1)
        // The second gate has expired 5 s after it opened: this connection is no child (and no term accepts it).
        h.add(Self.b.tcp(from: Self.client, port: 50001, to: Self.server, port: 30001, flags: [.syn]), at: 6)
        let path = try ReplayHarness.temporaryFile(h.pcap())
        let result = try ReplayHarness.replay(path: path, members: 2, keepExpired: true, configuration: configuration)
        let sessions = result.members.flatMap(\.sessions)
        let parent = try #require(sessions.first { $0.initiator.destinationPort == 2121 })
        let child = try #require(sessions.first { $0.initiator.destinationPort == 30000 })
        let late = try #require(sessions.first { $0.initiator.destinationPort == 30001 })
        #expect(parent.alg == .ftp && parent.initiator.state == .watch && parent.initiator.timeout == 200)
        #expect(child.parentID == parent.id && child.initiator.state == .forward && child.initiator.timeout == 100)
        #expect(late.parentID == nil && late.initiator.state == .drop)
    }
}
