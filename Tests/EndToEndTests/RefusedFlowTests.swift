// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import PacketCapture
import ServicesCore
import SessionEngine
import ServicesTestSupport
import Testing
import Wire

/// Flows the members refuse (over a `session-limit`) cost the owner rule nothing that grows (issue 12,
/// point 10): its steering table is rebuilt from the members' sessions whenever it is half full, so a flood
/// of refused flows leaves it at its size, the sessions the members keep keep their member, and every mode
/// forgets the same flows at the same packets.
@Suite("Refused flows and the owner rule")
struct RefusedFlowTests {
    static let server = IPAddress(192, 0, 2, 1)
    static let builder = FrameBuilder(link: .ethernet())

    /// Two members of at most `limit` sessions each, UDP idle for `inactivity` seconds expiring.
    static func configuration(limit: Int, inactivity: UInt32 = 30, members: Int = 2) -> EngineConfiguration {
        var configuration = EngineConfiguration.builtInDefault(memberCount: members)
        configuration.sessionLimit = limit
        configuration.inactivityTimeout = inactivity
        return configuration
    }

    /// Client `index` of a flood: distinct addresses, so that about half the flows' candidate members differ.
    static func client(_ index: Int) -> IPAddress {
        IPAddress(10, UInt8(index >> 16 & 0xFF), UInt8(index >> 8 & 0xFF), UInt8(index & 0xFF))
    }

    static func replay(
        _ path: String, _ configuration: EngineConfiguration, mode: ReplayHarness.Mode, expectedSessions: Int
    ) throws -> ReplayResult {
        var options = ReplayOptions(
            configuration: configuration, sequential: mode == .sequential, expectedSessions: expectedSessions,
            seed: 42)
        options.independentMembers = mode == .independent
        return ReplayEngine.replay(try CaptureFile(path: path), options: options)
    }

    /// 20,000 and 60,000 one-packet flows against members full at 8 sessions each: the steering table, sized
    /// for 4,096 flows (8,192 buckets), never grows, and never holds more than half of its buckets — in
    /// every mode. (Before, it remembered every flow whose candidates differ: about half of them.)
    @Test(arguments: [20_000, 60_000])
    func aFloodOfRefusedFlowsLeavesTheSteeringTableAtItsSize(flows: Int) throws {
        var h = ReplayHarness()
        for index in 0..<flows {
            h.add(Self.builder.udp(from: Self.client(index), port: 40_000, to: Self.server, port: 53), at: Double(index) * 1e-5)
        }
        let path = try ReplayHarness.temporaryFile(h.pcap())
        for mode in ReplayHarness.Mode.allCases {
            let result = try Self.replay(path, Self.configuration(limit: 8), mode: mode, expectedSessions: 4096)
            #expect(result.liveSessions == 16, "\(mode)")
            #expect(result.counters.engineDrops[DropReason.sessionLimit.rawValue] == UInt64(flows - 16), "\(mode)")
            #expect(result.steeringFlows <= 4096, "\(mode): \(result.steeringFlows) flows remembered")
            #expect(result.steeringBytes == 8192 * 16, "\(mode): \(result.steeringBytes) bytes")
        }
    }

    /// Conversations accepted before a flood keep their member through it: each is one session with every
    /// packet of both directions, although the steering table is rebuilt many times while the flood's flows
    /// are refused (a table that forgot a live session's flow would send its replies to the other member,
    /// which is full and refuses them).
    @Test func conversationsKeepTheirMemberThroughAFloodOfRefusedFlows() throws {
        let selector = MemberSelector(memberCount: 2)
        let serverMember = selector.member(for: Self.server)
        // Clients whose member is not the server's: their replies need the steering table.
        let talkers = (1...200).map { IPAddress(172, 16, 0, UInt8($0)) }.filter { selector.member(for: $0) != serverMember }
            .prefix(3)
        #expect(talkers.count == 3)
        var h = ReplayHarness()
        for (index, client) in talkers.enumerated() {
            h.add(Self.builder.udp(from: client, port: 5000, to: Self.server, port: 53), at: Double(index) * 1e-3)
        }
        var time = 0.01
        for step in 0..<30 {
            for client in talkers {
                h.add(Self.builder.udp(from: Self.server, port: 53, to: client, port: 5000), at: time)
                time += 1e-5
                if step < 29 { h.add(Self.builder.udp(from: client, port: 5000, to: Self.server, port: 53), at: time) }
                time += 1e-5
            }
            for flood in 0..<500 {
                h.add(Self.builder.udp(from: Self.client(step * 500 + flood), port: 40_000, to: Self.server, port: 80), at: time)
                time += 1e-5
            }
        }
        let path = try ReplayHarness.temporaryFile(h.pcap())
        for mode in ReplayHarness.Mode.allCases {
            let result = try Self.replay(path, Self.configuration(limit: 4), mode: mode, expectedSessions: 16)
            let sessions = result.members.flatMap(\.sessions)
            for client in talkers {
                let conversation = sessions.filter { $0.initiator.source == client }
                #expect(conversation.count == 1, "\(mode) \(client)")
                #expect(conversation.first?.initiator.frames == 30 && conversation.first?.responder.frames == 30, "\(mode) \(client)")
            }
            #expect(result.counters.engineDrops[DropReason.sessionLimit.rawValue] > 10_000, "\(mode)")
            #expect(result.steeringBytes <= 2048 * 16, "\(mode): \(result.steeringBytes) bytes")
        }
    }

    /// Refused flows answered later, some soon, some after the table was rebuilt, while sessions expire and
    /// free room for later flows: every mode — dispatched, sequential, independent, stepped in uneven
    /// steps — prints the same sessions on the same members, for 2 to 5 members.
    @Test func everyModeForgetsTheSameRefusedFlows() throws {
        var rng = SplitMix64(state: 12)
        var frames: [(time: Double, bytes: [UInt8])] = []
        for index in 0..<3000 {
            let client = Self.client(index)
            let server = IPAddress(192, 0, 2, UInt8(1 + rng.next() % 5))
            let start = Double(index) * 0.003
            frames.append((start, Self.builder.udp(from: client, port: 40_000, to: server, port: 53)))
            // An answer after 0.1 to 3 s: a few flows later, or hundreds (past rebuilds of the table).
            let answer = start + 0.1 + Double(rng.next() % 2900) / 1000
            frames.append((answer, Self.builder.udp(from: server, port: 53, to: client, port: 40_000)))
            if rng.next() % 3 == 0 {
                frames.append((answer + 0.01, Self.builder.udp(from: client, port: 40_000, to: server, port: 53)))
            }
        }
        frames.sort { $0.time < $1.time }
        var h = ReplayHarness()
        for frame in frames { h.add(frame.bytes, at: frame.time) }
        let path = try ReplayHarness.temporaryFile(h.pcap())
        for members in 2...5 {
            let configuration = Self.configuration(limit: 12, inactivity: 2, members: members)
            var outputs: [(String, String)] = []
            for mode in ReplayHarness.Mode.allCases {
                let result = try Self.replay(path, configuration, mode: mode, expectedSessions: 16)
                outputs.append(("\(mode)", SessionTableRenderer.brief(result.members)))
                #expect(result.counters.engineDrops[DropReason.sessionLimit.rawValue] > 1000, "\(members) \(mode)")
                #expect(result.counters.sessionsCreated > 100, "\(members) \(mode)")
            }
            let stepped = SteppedReplay(
                file: try CaptureFile(path: path), configuration: configuration, seed: 7, expectedSessions: 16)
            for step in [0.5, 2.25, 0.0, 0.75, 3.0] { stepped.advance(by: step) }
            stepped.advance(by: nil)
            outputs.append(("stepped", SessionTableRenderer.brief(stepped.tables().snapshot())))
            #expect(!outputs[0].1.isEmpty)
            for (name, output) in outputs.dropFirst() {
                #expect(output == outputs[0].1, "members \(members): \(name) differs from \(outputs[0].0)")
            }
        }
    }
}
