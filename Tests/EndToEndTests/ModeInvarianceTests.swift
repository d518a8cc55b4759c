// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import JunosConfiguration
import OperationalCommands
import PacketCapture
import ServicesCore
import SessionEngine
import ServicesTestSupport
import Testing
import Wire

/// Every way of running the engine gives the same table (SPEC.md §4 *Determinism*; issue 11): `ams replay`
/// (dispatched), `--sequential`, `--independent-members` and the shell's stepped replay, on captures with
/// several service sets (VLANs), 5-tuples reused across them and started from either side, fragments and
/// ALG children.
@Suite("Mode invariance")
struct ModeInvarianceTests {
    /// Two service sets by VLAN (100: accepts everything, every ALG; 200: web and DNS only), members from
    /// `Samples/config/two-service-sets-by-vlan.conf`, with `members` members.
    static func twoServiceSets(members: Int) throws -> EngineConfiguration {
        var configuration = try ConfiguredReplayTests.sample("two-service-sets-by-vlan.conf")
        configuration.members = EngineConfiguration.builtInDefault(memberCount: members).members
        return configuration
    }

    /// The brief text of every path, by name.
    static func outputs(path: String, configuration: EngineConfiguration) throws -> [(String, String)] {
        var outputs: [(String, String)] = []
        for (name, sequential, independent) in [
            ("dispatched", false, false), ("sequential", true, false), ("independent", false, true),
        ] {
            var options = ReplayOptions(configuration: configuration, sequential: sequential, seed: 42)
            options.independentMembers = independent
            let result = ReplayEngine.replay(try CaptureFile(path: path), options: options)
            outputs.append((name, SessionTableRenderer.brief(result.members)))
        }
        // The shell's replay, in uneven steps.
        let stepped = SteppedReplay(file: try CaptureFile(path: path), configuration: configuration, seed: 7)
        for step in [0.25, 1.5, 0.0, 3.0] { stepped.advance(by: step) }
        stepped.advance(by: nil)
        outputs.append(("stepped", SessionTableRenderer.brief(stepped.tables().snapshot())))
        return outputs
    }

    /// The reproduction: 400 flows over two VLANs, each 5-tuple used on both, the second time
    /// started from the other side. Every path prints the same bytes, for every member count.
    @Test func aFiveTupleOnTwoVLANsStartedFromEitherSide() throws {
        var h = ReplayHarness()
        var time = 0.0
        for flow in 0..<200 {
            let client = IPAddress(10, 0, UInt8(flow / 50), UInt8(1 + flow % 50))
            let server = IPAddress(192, 0, 2, UInt8(1 + flow % 7))
            let port = UInt16(20_000 + flow)
            for (vlan, reversed) in [(UInt16(100), false), (200, true)] {
                let b = FrameBuilder(link: .ethernet(vlans: [vlan]))
                let (from, fromPort, to, toPort) = reversed ? (server, UInt16(53), client, port) : (client, port, server, UInt16(53))
                for exchange in 0..<5 {
                    time += 0.001
                    let forward = exchange % 2 == 0
                    h.add(
                        forward
                            ? b.udp(from: from, port: fromPort, to: to, port: toPort)
                            : b.udp(from: to, port: toPort, to: from, port: fromPort), at: time)
                }
            }
        }
        let path = try ReplayHarness.temporaryFile(h.pcap())
        for members in [1, 2, 3, 8] {
            let outputs = try Self.outputs(path: path, configuration: try Self.twoServiceSets(members: members))
            let sessions = outputs[0].1.components(separatedBy: "Service Set:").count - 1
            #expect(sessions == 400, "members \(members)")
            for (name, output) in outputs.dropFirst() {
                #expect(output == outputs[0].1, "members \(members): \(name) differs from dispatched")
            }
        }
    }

    /// Random captures (seeded, 300 flows each) of every kind: UDP, TCP handshakes and teardowns, ICMP
    /// echoes, fragmented datagrams, FTP control connections whose data connections are ALG children;
    /// on VLAN 100, 200, untagged or an unconfigured VLAN; 5-tuples reused across VLANs; each flow started
    /// from either side. For each member count 1–8, all four paths print the same bytes; across member
    /// counts, the same sessions.
    @Test(arguments: [UInt64(1), 2, 3])
    func randomCapturesAgreeInEveryPath(seed: UInt64) throws {
        let path = try ReplayHarness.temporaryFile(Self.randomCapture(seed: seed, flows: 300).pcap())
        var reference: [String]?
        for members in 1...8 {
            let configuration = try Self.twoServiceSets(members: members)
            let outputs = try Self.outputs(path: path, configuration: configuration)
            for (name, output) in outputs.dropFirst() {
                #expect(output == outputs[0].1, "seed \(seed), members \(members): \(name) differs from dispatched")
            }
            let options = ReplayOptions(configuration: configuration, seed: 42)
            let sessions = ReplayHarness.sessionSet(ReplayEngine.replay(try CaptureFile(path: path), options: options))
            if let reference {
                #expect(sessions == reference, "seed \(seed): \(members) members found other sessions than 1")
            } else {
                #expect(sessions.count > 100)
                // Some FTP data connections became children (their ALG is the parent's).
                #expect(sessions.contains { $0.hasPrefix("ftp ") && ($0.contains(":20 ") || $0.contains(":3000")) })
                reference = sessions
            }
        }
    }

    /// A capture of `flows` random flows, interleaved (see ``randomCapturesAgreeInEveryPath(seed:)``).
    static func randomCapture(seed: UInt64, flows: Int) -> ReplayHarness {
        var rng = SplitMix64(state: seed)
        // Every flow's packets, with their times; sorted at the end so that flows interleave.
        var frames: [(time: Double, bytes: [UInt8])] = []
        let vlans: [[UInt16]] = [[100], [200], [], [300]]
        for _ in 0..<flows {
            var time = Double(rng.next() % 20_000) / 1000
            func add(_ bytes: [UInt8]) {
                frames.append((time, bytes))
                time += Double(1 + rng.next() % 30) / 1000
            }
            // Small pools, so that the same 5-tuple comes back on other VLANs and from the other side.
            let client = IPAddress(10, 0, 0, UInt8(1 + rng.next() % 8))
            let server = IPAddress(172, 16, 0, UInt8(1 + rng.next() % 3))
            let port = UInt16(40_000 + rng.next() % 8)
            var b = FrameBuilder(link: .ethernet(vlans: vlans[Int(rng.next() % UInt64(vlans.count))]))
            let fromServer = rng.next() % 3 == 0
            let (a, aPort, z, zPort) = fromServer ? (server, UInt16(53), client, port) : (client, port, server, UInt16(53))
            switch rng.next() % 6 {
            case 0:
                for exchange in 0..<Int(1 + rng.next() % 4) {
                    add(exchange % 2 == 0 ? b.udp(from: a, port: aPort, to: z, port: zPort) : b.udp(from: z, port: zPort, to: a, port: aPort))
                }
            case 1:
                let (c, s) = fromServer ? (server, client) : (client, server)
                add(b.tcp(from: c, port: port, to: s, port: 80, flags: [.syn]))
                add(b.tcp(from: s, port: 80, to: c, port: port, flags: [.syn, .ack]))
                add(b.tcp(from: c, port: port, to: s, port: 80, flags: [.ack]))
                add(b.tcp(from: c, port: port, to: s, port: 80, flags: [.psh, .ack], payload: [1, 2, 3]))
                if rng.next() % 2 == 0 {
                    add(b.tcp(from: s, port: 80, to: c, port: port, flags: [.fin, .ack]))
                    add(b.tcp(from: c, port: port, to: s, port: 80, flags: [.fin, .ack]))
                }
            case 2:
                add(b.icmpEcho(from: a, to: z, identifier: port, isReply: false))
                add(b.icmpEcho(from: z, to: a, identifier: port, isReply: true))
            case 3:
                // A fragmented datagram: the first fragment, then the rest, in both directions.
                let identification = UInt32(rng.next() % 65_536)
                b.fragment = FrameBuilder.Fragment(offset: 0, moreFragments: true, identification: identification)
                add(b.udp(from: a, port: aPort, to: z, port: zPort, payload: Array(repeating: 7, count: 64)))
                b.fragment = FrameBuilder.Fragment(offset: 9, moreFragments: false, identification: identification)
                add(b.udp(from: a, port: aPort, to: z, port: zPort, payload: Array(repeating: 7, count: 16)))
                b.fragment = nil
                add(b.udp(from: z, port: zPort, to: a, port: aPort))
            default:
                let passive = rng.next() % 2 == 0
                let dataPort = UInt16(30_000 + rng.next() % 8)
                Self.ftp(add, b: b, client: client, clientPort: port, server: server, passive: passive, dataPort: dataPort)
            }
        }
        frames.sort { $0.time < $1.time }
        var h = ReplayHarness()
        for frame in frames { h.add(frame.bytes, at: frame.time) }
        return h
    }

    /// An FTP control connection that announces one data connection (PORT, or a 227 answer to PASV), and
    /// the data connection.
    static func ftp(
        _ add: ([UInt8]) -> Void, b: FrameBuilder, client: IPAddress, clientPort: UInt16, server: IPAddress,
        passive: Bool, dataPort: UInt16
    ) {
        var clientSequence: UInt32 = 1000
        var serverSequence: UInt32 = 5000
        func send(_ frame: [UInt8]) { add(frame) }
        func say(_ text: String, fromClient: Bool) {
            let bytes = Array(text.utf8)
            if fromClient {
                send(b.tcp(from: client, port: clientPort, to: server, port: 21, flags: [.psh, .ack], sequenceNumber: clientSequence, payload: bytes))
                clientSequence &+= UInt32(bytes.count)
            } else {
                send(b.tcp(from: server, port: 21, to: client, port: clientPort, flags: [.psh, .ack], sequenceNumber: serverSequence, payload: bytes))
                serverSequence &+= UInt32(bytes.count)
            }
        }
        send(b.tcp(from: client, port: clientPort, to: server, port: 21, flags: [.syn], sequenceNumber: clientSequence - 1))
        send(b.tcp(from: server, port: 21, to: client, port: clientPort, flags: [.syn, .ack], sequenceNumber: serverSequence - 1))
        send(b.tcp(from: client, port: clientPort, to: server, port: 21, flags: [.ack], sequenceNumber: clientSequence))
        func octets(_ address: IPAddress) -> String {
            let v = UInt32(truncatingIfNeeded: address.low)
            return "\(v >> 24),\(v >> 16 & 0xFF),\(v >> 8 & 0xFF),\(v & 0xFF)"
        }
        if passive {
            say("PASV\r\n", fromClient: true)
            say("227 Entering Passive Mode (\(octets(server)),\(dataPort >> 8),\(dataPort & 0xFF)).\r\n", fromClient: false)
            send(b.tcp(from: client, port: clientPort &+ 1000, to: server, port: dataPort, flags: [.syn]))
            send(b.tcp(from: server, port: dataPort, to: client, port: clientPort &+ 1000, flags: [.syn, .ack]))
        } else {
            say("PORT \(octets(client)),\(dataPort >> 8),\(dataPort & 0xFF)\r\n", fromClient: true)
            say("200 PORT command successful.\r\n", fromClient: false)
            send(b.tcp(from: server, port: 20, to: client, port: dataPort, flags: [.syn]))
            send(b.tcp(from: client, port: dataPort, to: server, port: 20, flags: [.syn, .ack]))
        }
    }
}

/// `--no-expire` (SPEC.md §5): no timeout ends a session anywhere in the replay — every session the
/// capture opened is shown with all its packets, whatever the member count and the mode; only a session
/// that a new SYN replaced after it closed leaves the table, counted.
@Suite("Replay without expiry")
struct NoExpireTests {
    static let b = FrameBuilder(link: .ethernet())
    static let client = IPAddress(10, 1, 1, 2)
    static let server = IPAddress(192, 0, 2, 10)

    static func replays(_ h: ReplayHarness) throws -> [(String, ReplayResult)] {
        let path = try ReplayHarness.temporaryFile(h.pcap())
        var results: [(String, ReplayResult)] = []
        for members in [1, 2, 3, 4] {
            for mode in ReplayHarness.Mode.allCases {
                results.append(("\(members) \(mode)", try ReplayHarness.replay(path: path, members: members, keepExpired: true, mode: mode)))
            }
        }
        return results
    }

    /// A flow idle far longer than its timeout, mid-capture, stays one session with every packet; the
    /// reply that comes after the gap is still its responder's (not a new session started the other way).
    @Test func anIdleFlowStaysOneSessionWithAllItsPackets() throws {
        var h = ReplayHarness()
        h.add(Self.b.udp(from: Self.client, port: 1000, to: Self.server, port: 53), at: 0)
        h.add(Self.b.udp(from: Self.server, port: 53, to: Self.client, port: 1000), at: 100)
        h.add(Self.b.tcp(from: Self.client, port: 40000, to: Self.server, port: 80, flags: [.syn]), at: 1)
        h.add(Self.b.tcp(from: Self.server, port: 80, to: Self.client, port: 40000, flags: [.syn, .ack]), at: 1.001)
        h.add(Self.b.tcp(from: Self.client, port: 40000, to: Self.server, port: 80, flags: [.ack]), at: 1.002)
        h.add(Self.b.tcp(from: Self.server, port: 80, to: Self.client, port: 40000, flags: [.psh, .ack]), at: 500)
        for (name, result) in try Self.replays(h) {
            let sessions = result.members.flatMap(\.sessions)
            #expect(sessions.count == 2, "\(name)")
            let udp = sessions.first { $0.initiator.transport == .udp }
            #expect(udp?.initiator.source == Self.client && udp?.initiator.frames == 1 && udp?.responder.frames == 1, "\(name)")
            let tcp = sessions.first { $0.initiator.transport == .tcp }
            #expect(tcp?.initiator.frames == 2 && tcp?.responder.frames == 2, "\(name)")
            #expect(result.counters.sessionsExpired == 0, "\(name)")
        }
    }

    /// A new SYN on a closed connection's 5-tuple replaces it (new session ID), and `--stats` counts it.
    @Test func onlyANewSYNReplacesAClosedSession() throws {
        var h = ReplayHarness()
        h.add(Self.b.tcp(from: Self.client, port: 40000, to: Self.server, port: 80, flags: [.syn]), at: 0)
        h.add(Self.b.tcp(from: Self.server, port: 80, to: Self.client, port: 40000, flags: [.syn, .ack]), at: 0.001)
        h.add(Self.b.tcp(from: Self.client, port: 40000, to: Self.server, port: 80, flags: [.ack]), at: 0.002)
        h.add(Self.b.tcp(from: Self.client, port: 40000, to: Self.server, port: 80, flags: [.fin, .ack]), at: 1)
        h.add(Self.b.tcp(from: Self.server, port: 80, to: Self.client, port: 40000, flags: [.fin, .ack]), at: 1.001)
        h.add(Self.b.tcp(from: Self.client, port: 40000, to: Self.server, port: 80, flags: [.syn]), at: 200)
        for (name, result) in try Self.replays(h) {
            let sessions = result.members.flatMap(\.sessions)
            #expect(sessions.count == 1 && sessions.first?.initiator.frames == 1, "\(name)")
            #expect(result.counters.sessionsReplaced == 1 && result.counters.sessionsExpired == 0, "\(name)")
        }
    }

    /// Connections a minute apart on the same 5-tuple's reverse, as in RTSP captures: with expiry the
    /// first is gone; without, every one is there, on every member count.
    @Test func everySessionOfTheCaptureIsShown() throws {
        var h = ReplayHarness()
        for index in 0..<20 {
            let time = Double(index) * 60
            let client = IPAddress(10, 1, 1, UInt8(1 + index % 5))
            h.add(Self.b.udp(from: client, port: 5000, to: Self.server, port: UInt16(6000 + index)), at: time)
            h.add(Self.b.udp(from: Self.server, port: UInt16(6000 + index), to: client, port: 5000), at: time + 0.5)
        }
        let expired = try h.replay(members: 2)
        #expect(expired.members.flatMap(\.sessions).count == 1)
        for (name, result) in try Self.replays(h) {
            #expect(result.members.flatMap(\.sessions).count == 20, "\(name)")
            #expect(result.members.flatMap(\.sessions).allSatisfy { $0.initiator.frames == 1 && $0.responder.frames == 1 }, "\(name)")
        }
    }
}

/// An application's own inactivity timeout longer than the interface's: a flow idle past the interface's
/// timers but within its application's keeps its session, and its packets stay on that session's member
/// in every mode (the owner rule forgets a flow only after the longest timeout of all).
@Suite("Application timeouts and the owner rule")
struct ApplicationTimeoutRoutingTests {
    static let configuration = """
        interfaces { ams0 { load-balancing-options { member-interface mams-0/0/0; member-interface mams-0/1/0;
            member-interface mams-1/0/0; member-interface mams-1/1/0; } unit 1 { family inet; } } }
        services {
            service-set s1 { stateful-firewall-rules r1; interface-service { service-interface ams0.1; } }
            stateful-firewall { rule r1 { match-direction input;
                term t1 { from { applications slow-udp; } then { accept; } } } }
        }
        applications { application slow-udp { protocol udp; destination-port 5000; inactivity-timeout 600; } }
        """

    @Test func aFlowIdlePastTheInterfaceTimersStaysOnItsMember() throws {
        let engine = try ConfiguredReplayTests.engine(Self.configuration)
        #expect(engine.longestTimeout == 600)
        let b = FrameBuilder(link: .ethernet())
        var h = ReplayHarness()
        // Many clients, so that for some the two candidate members differ; each answered 100 s later.
        for index in 0..<40 {
            let client = IPAddress(10, 0, 0, UInt8(1 + index))
            h.add(b.udp(from: client, port: 40000, to: IPAddress(192, 0, 2, 1), port: 5000), at: Double(index) * 0.01)
            h.add(b.udp(from: IPAddress(192, 0, 2, 1), port: 5000, to: client, port: 40000), at: 100 + Double(index) * 0.01)
        }
        let path = try ReplayHarness.temporaryFile(h.pcap())
        for mode in ReplayHarness.Mode.allCases {
            let result = try ReplayHarness.replay(path: path, mode: mode, configuration: engine)
            let sessions = result.members.flatMap(\.sessions)
            #expect(sessions.count == 40, "\(mode)")
            #expect(sessions.allSatisfy { $0.initiator.frames == 1 && $0.responder.frames == 1 }, "\(mode)")
        }
    }
}
