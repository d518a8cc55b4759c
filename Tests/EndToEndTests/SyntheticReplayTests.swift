// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import OperationalCommands
import PacketCapture
import Policy
import ServicesCore
@testable import SessionEngine
import ServicesTestSupport
import Testing
import Wire

/// Replays of captures built by the project's own frame builder: every session rule of SPEC.md §4 that a
/// capture can show.
@Suite("Replay of generated captures")
struct SyntheticReplayTests {
    static let client = IPAddress(10, 1, 1, 2)
    static let server = IPAddress(192, 0, 2, 10)
    static let builder = FrameBuilder(link: .ethernet())

    /// An FTP control connection, two pings, a DNS exchange, a mid-connection TCP flow, an IPv6 TCP
    /// connection and a GRE packet.
    static func mixedCapture() -> ReplayHarness {
        let b = builder
        let c = client
        let s = server
        var h = ReplayHarness()
        h.add(b.tcp(from: c, port: 36412, to: s, port: 21, flags: [.syn]), at: 0)
        h.add(b.tcp(from: s, port: 21, to: c, port: 36412, flags: [.syn, .ack]), at: 0.001)
        h.add(b.tcp(from: c, port: 36412, to: s, port: 21, flags: [.ack]), at: 0.002)
        h.add(b.tcp(from: s, port: 21, to: c, port: 36412, flags: [.psh, .ack], payload: Array("220 ready\r\n".utf8)), at: 0.1)
        h.add(b.tcp(from: c, port: 36412, to: s, port: 21, flags: [.ack]), at: 0.2)
        h.add(b.icmpEcho(from: c, to: s, identifier: 0x1234, sequenceNumber: 1), at: 1)
        h.add(b.icmpEcho(from: s, to: c, identifier: 0x1234, sequenceNumber: 1, isReply: true), at: 1.001)
        h.add(b.icmpEcho(from: c, to: s, identifier: 0x1234, sequenceNumber: 2), at: 2)
        h.add(b.icmpEcho(from: s, to: c, identifier: 0x1234, sequenceNumber: 2, isReply: true), at: 2.001)
        let resolver = IPAddress(192, 0, 2, 53)
        h.add(b.udp(from: c, port: 5353, to: resolver, port: 53, payload: Array(repeating: 1, count: 30)), at: 3)
        h.add(b.udp(from: resolver, port: 53, to: c, port: 5353, payload: Array(repeating: 2, count: 46)), at: 3.01)
        h.add(b.tcp(from: IPAddress(10, 1, 1, 3), port: 40000, to: IPAddress(198, 51, 100, 1), port: 443, flags: [.ack]), at: 4)
        let v6Client = IPAddress("2001:db8::1")!
        let v6Server = IPAddress("2001:db8::2")!
        h.add(b.tcp(from: v6Client, port: 50000, to: v6Server, port: 80, flags: [.syn]), at: 5)
        h.add(b.tcp(from: v6Server, port: 80, to: v6Client, port: 50000, flags: [.syn, .ack]), at: 5.001)
        h.add(b.tcp(from: v6Client, port: 50000, to: v6Server, port: 80, flags: [.ack]), at: 5.002)
        h.add(b.tcp(from: v6Client, port: 50000, to: v6Server, port: 80, flags: [.fin, .ack]), at: 5.5)
        h.add(b.tcp(from: v6Server, port: 80, to: v6Client, port: 50000, flags: [.fin, .ack]), at: 5.501)
        h.add(b.gre(from: c, to: s, header: GREHeader(protocolType: EtherType(rawValue: 0x0800)), payload: [0x45, 0, 0, 20]), at: 6)
        return h
    }

    @Test func briefOutputMatchesGolden() throws {
        let result = try Self.mixedCapture().replay(members: 2)
        try ReplayHarness.expectGolden(ReplayHarness.brief(result), "mixed-2-members.brief.txt")
        #expect(result.counters.frames == 18)
        #expect(result.counters.packets == 18)
        #expect(result.counters.sessionsCreated == 6)
    }

    @Test func oneMemberHoldsEverySessionInCreationOrder() throws {
        let result = try Self.mixedCapture().replay(members: 1)
        try ReplayHarness.expectGolden(ReplayHarness.brief(result), "mixed-1-member.brief.txt")
        let ids = result.members[0].sessions.map(\.id)
        #expect(ids == (1...6).map { UInt64(1 << 24 + $0) })
    }

    @Test func tcpWithoutSYNIsADropSession() throws {
        let result = try Self.mixedCapture().replay(members: 1)
        let drop = try #require(result.members[0].sessions.first { $0.initiator.destinationPort == 443 })
        #expect(drop.initiator.state == .drop && drop.responder.state == .drop)
        let ftp = try #require(result.members[0].sessions.first { $0.initiator.destinationPort == 21 })
        #expect(ftp.alg == .ftp && ftp.initiator.state == .watch)
        #expect(ftp.initiator.frames == 3 && ftp.responder.frames == 2)
    }

    @Test func idleSessionsExpireOnPacketTime() throws {
        var h = ReplayHarness()
        let b = Self.builder
        h.add(b.udp(from: Self.client, port: 1000, to: Self.server, port: 2000), at: 0)
        h.add(b.udp(from: Self.client, port: 1001, to: Self.server, port: 2000), at: 10)
        h.add(b.udp(from: Self.client, port: 1002, to: Self.server, port: 2000), at: 35)
        // At 35 s the first flow (idle since 0 s, timeout 30 s) is gone; the second is not.
        let ports = { (r: ReplayResult) in r.members.flatMap(\.sessions).map(\.initiator.sourcePort).sorted() }
        #expect(ports(try h.replay()) == [1001, 1002])
        #expect(ports(try h.replay(keepExpired: true)) == [1000, 1001, 1002])
        // --at 12: the table as it was at 12 s.
        #expect(ports(try h.replay(stopAfter: 12)) == [1000, 1001])
        #expect(ports(try h.replay(stopAfter: 40.5)) == [1002])
        #expect(try h.replay().counters.sessionsExpired == 1)
    }

    @Test func aPacketAfterTheTimeoutStartsANewSession() throws {
        var h = ReplayHarness()
        let b = Self.builder
        h.add(b.udp(from: Self.client, port: 1000, to: Self.server, port: 2000), at: 0)
        h.add(b.udp(from: Self.server, port: 2000, to: Self.client, port: 1000), at: 31)
        let result = try h.replay(members: 1)
        let sessions = result.members[0].sessions
        #expect(sessions.count == 1)
        // The reply came too late: it opened a session of its own, with the server as initiator.
        #expect(sessions[0].id == 1 << 24 + 2)
        #expect(sessions[0].initiator.source == Self.server)
        #expect(sessions[0].initiator.frames == 1 && sessions[0].responder.frames == 0)
    }

    @Test func closedTCPSessionsUseTheCloseTimeoutAndASYNReplacesThem() throws {
        var h = ReplayHarness()
        let b = Self.builder
        let c = Self.client
        let s = Self.server
        h.add(b.tcp(from: c, port: 4000, to: s, port: 80, flags: [.syn]), at: 0)
        h.add(b.tcp(from: s, port: 80, to: c, port: 4000, flags: [.syn, .ack]), at: 0.01)
        h.add(b.tcp(from: c, port: 4000, to: s, port: 80, flags: [.ack]), at: 0.02)
        h.add(b.tcp(from: c, port: 4000, to: s, port: 80, flags: [.rst]), at: 0.5)
        h.add(b.tcp(from: c, port: 4000, to: s, port: 80, flags: [.syn]), at: 1)
        h.add(b.tcp(from: c, port: 4001, to: s, port: 80, flags: [.syn]), at: 1)
        h.add(b.tcp(from: c, port: 4001, to: s, port: 80, flags: [.fin]), at: 1.1)
        h.add(b.udp(from: c, port: 9, to: s, port: 9), at: 5.2)
        let result = try h.replay(members: 1)
        let sessions = result.members[0].sessions
        // 4000: replaced by the new SYN (new ID 2); 4001: closing since 1.1 s, gone 4 s later.
        #expect(sessions.map(\.initiator.sourcePort) == [4000, 9])
        #expect(sessions[0].id == 1 << 24 + 2 && sessions[0].initiator.frames == 1)
        #expect(result.counters.sessionsReplaced == 1)
        #expect(result.counters.sessionsExpired == 1)
    }

    @Test func handshakeMustCompleteWithinTheOpenTimeout() throws {
        var h = ReplayHarness()
        let b = Self.builder
        h.add(b.tcp(from: Self.client, port: 4000, to: Self.server, port: 80, flags: [.syn]), at: 0)
        h.add(b.udp(from: Self.client, port: 9, to: Self.server, port: 9), at: 29)
        #expect(try h.replay(members: 1).members[0].sessions.count == 2)
        h.add(b.udp(from: Self.client, port: 9, to: Self.server, port: 9), at: 30.5)
        #expect(try h.replay(members: 1).members[0].sessions.count == 1)
    }

    @Test func laterFragmentsCountOnTheSessionOfTheFirst() throws {
        var h = ReplayHarness()
        var b = Self.builder
        b.fragment = .init(offset: 0, moreFragments: true, identification: 77)
        let first = b.udp(from: Self.client, port: 7000, to: Self.server, port: 7001, payload: Array(repeating: 0, count: 16))
        h.add(first, at: 0)
        b.fragment = .init(offset: 3, moreFragments: true, identification: 77)
        h.add(b.frame(from: Self.client, to: Self.server, transport: .udp, segment: Array(repeating: 1, count: 24)), at: 0.001)
        b.fragment = .init(offset: 6, moreFragments: false, identification: 77)
        h.add(b.frame(from: Self.client, to: Self.server, transport: .udp, segment: Array(repeating: 2, count: 8)), at: 0.002)
        b.fragment = .init(offset: 6, moreFragments: false, identification: 78)
        h.add(b.frame(from: Self.client, to: Self.server, transport: .udp, segment: Array(repeating: 3, count: 8)), at: 0.003)
        for (members, mode) in [(1, ReplayHarness.Mode.sequential), (2, .dispatched), (5, .independent), (5, .sequential)] {
            let result = try h.replay(members: members, mode: mode)
            let sessions = result.members.flatMap(\.sessions)
            #expect(sessions.count == 1)
            #expect(sessions.first?.initiator.frames == 3)
            #expect(result.counters.engineDrops[DropReason.fragmentWithoutFirst.rawValue] == 1)
        }
    }

    @Test func sessionLimitRefusesOrBypasses() throws {
        var h = ReplayHarness()
        for port in UInt16(1)...5 { h.add(Self.builder.udp(from: Self.client, port: port, to: Self.server, port: 53), at: 0) }
        let path = try ReplayHarness.temporaryFile(h.pcap())
        var configuration = EngineConfiguration.builtInDefault(memberCount: 1)
        configuration.sessionLimit = 3
        let refused = try ReplayHarness.replay(path: path, configuration: configuration)
        #expect(refused.members[0].sessions.count == 3)
        #expect(refused.counters.engineDrops[DropReason.sessionLimit.rawValue] == 2)
        configuration.bypassOverLimit = true
        let bypassed = try ReplayHarness.replay(path: path, configuration: configuration)
        #expect(bypassed.members[0].sessions.map(\.initiator.state) == [.forward, .forward, .forward, .bypass, .bypass])
    }

    @Test func undecodableFramesAreCountedByReasonAndSkipped() throws {
        var h = ReplayHarness()
        let arp: [UInt8] = FrameLink.destinationMAC + FrameLink.sourceMAC + [0x08, 0x06] + Array(repeating: 0, count: 28)
        h.add(arp, at: 0)
        var truncated = Self.builder.udp(from: Self.client, port: 1, to: Self.server, port: 2)
        truncated.removeLast(truncated.count - 20)  // 14 Ethernet + 6 bytes of IPv4
        h.add(truncated, at: 0.1)
        h.add(Self.builder.udp(from: Self.client, port: 1, to: Self.server, port: 2), at: 0.2)
        let result = try h.replay(members: 2)
        #expect(result.counters.frames == 3)
        #expect(result.counters.wireDrops[WireError.notIP.counterIndex] == 1)
        #expect(result.counters.wireDrops[WireError.truncated(.ipv4).counterIndex] == 1)
        #expect(result.members.flatMap(\.sessions).count == 1)
    }

    @Test func aDamagedCaptureKeepsWhatWasRead() throws {
        let h = Self.mixedCapture()
        var bytes = h.pcap()
        bytes.removeLast(10)  // cut into the last record
        let result = try ReplayHarness.replay(path: try ReplayHarness.temporaryFile(bytes), members: 1)
        let error = try #require(result.captureError)
        #expect(error.framesRead == 17)
        #expect(result.counters.frames == 17)
        // Everything but the GRE packet (the last frame) is there.
        #expect(result.members[0].sessions.count == 5)
    }

    /// Many hosts, every protocol, replies and retries: the sessions found must not depend on the number
    /// of members or on running them in parallel.
    @Test(arguments: [UInt64(7), 8])
    func memberCountDoesNotChangeTheSessions(seed: UInt64) throws {
        let path = try ReplayHarness.temporaryFile(Self.mixedCapture(seed: seed).pcap())
        let reference = ReplayHarness.sessionSet(try ReplayHarness.replay(path: path, members: 1))
        #expect(reference.count > 500)
        for members in [2, 3, 4, 8, 32] {
            for mode in ReplayHarness.Mode.allCases {
                let result = try ReplayHarness.replay(path: path, members: members, mode: mode)
                #expect(ReplayHarness.sessionSet(result) == reference, "members \(members), \(mode)")
                #expect(result.members.count == members)
            }
        }
    }

    /// 3,000 frames between many hosts, of every protocol, with replies and retries.
    static func mixedCapture(seed: UInt64) -> ReplayHarness {
        var rng = SplitMix64(state: seed)
        var h = ReplayHarness()
        let b = Self.builder
        var time = 0.0
        for _ in 0..<3000 {
            time += Double(rng.next() % 50) / 1000
            let client = IPAddress(10, 0, UInt8(rng.next() % 4), UInt8(1 + rng.next() % 40))
            let server = IPAddress(172, 16, 0, UInt8(1 + rng.next() % 8))
            let port = UInt16(1024 + rng.next() % 64)
            let reply = rng.next() % 2 == 0
            let (from, to) = reply ? (server, client) : (client, server)
            switch rng.next() % 5 {
            case 0: h.add(b.udp(from: from, port: reply ? 53 : port, to: to, port: reply ? port : 53), at: time)
            case 1: h.add(b.icmpEcho(from: from, to: to, identifier: port, isReply: reply), at: time)
            case 2:
                let flags: TCPFlags = [[.syn], [.syn, .ack], [.ack], [.fin, .ack], [.rst]][Int(rng.next() % 5)]
                h.add(b.tcp(from: from, port: reply ? 80 : port, to: to, port: reply ? port : 80, flags: flags), at: time)
            case 3: h.add(b.gre(from: from, to: to, header: GREHeader(protocolType: EtherType(rawValue: 0x0800))), at: time)
            default:
                let v6c = IPAddress("2001:db8::\(String(port, radix: 16))")!
                let v6s = IPAddress("2001:db8:1::1")!
                h.add(b.udp(from: reply ? v6s : v6c, port: reply ? 123 : port, to: reply ? v6c : v6s, port: reply ? port : 123), at: time)
            }
        }
        return h
    }

    /// Batches of 3 packets and 2 batches a member: the dispatcher keeps running out of batches and runs
    /// members' batches itself while the workers run others, so members move between threads all the
    /// time. Each member must still see its packets in order: the same sessions on the same members, with
    /// the same IDs, as members run one after another.
    @Test(arguments: [UInt64(7), 8])
    func membersMovingBetweenThreadsKeepTheirOrder(seed: UInt64) throws {
        let path = try ReplayHarness.temporaryFile(Self.mixedCapture(seed: seed).pcap())
        for members in [2, 3, 8] {
            let reference = try ReplayHarness.replay(path: path, members: members, mode: .sequential)
            let options = ReplayOptions(configuration: .builtInDefault(memberCount: members), seed: 42)
            for _ in 0..<3 {
                let result = ReplayEngine.replay(
                    try CaptureFile(path: path), options: options, batchCapacity: 3, batchesPerMember: 2)
                #expect(result.members.count == members)
                for (got, expected) in zip(result.members, reference.members) {
                    #expect(got.sessions.map(\.id) == expected.sessions.map(\.id), "members \(members)")
                    #expect(
                        ReplayHarness.sessionSet(members: [got]) == ReplayHarness.sessionSet(members: [expected]),
                        "members \(members)")
                }
                #expect(result.counters.frames == reference.counters.frames)
            }
        }
    }
}

/// Replays whose service set has stateful-firewall rules (SPEC.md §4): discard and reject show as
/// `Drop` and `Reject` sessions, a service set with rules and no match discards.
@Suite("Replay through a stateful-firewall policy")
struct PolicyReplayTests {
    @Test func discardAndRejectAreVisibleAsSessions() throws {
        let b = SyntheticReplayTests.builder
        let c = SyntheticReplayTests.client
        let s = SyntheticReplayTests.server
        var h = ReplayHarness()
        h.add(b.tcp(from: c, port: 40000, to: s, port: 80, flags: [.syn]), at: 0)
        h.add(b.tcp(from: s, port: 80, to: c, port: 40000, flags: [.syn, .ack]), at: 0.001)
        h.add(b.tcp(from: c, port: 40001, to: s, port: 23, flags: [.syn]), at: 0.1)
        h.add(b.tcp(from: c, port: 40001, to: s, port: 23, flags: [.syn]), at: 1.1)
        h.add(b.udp(from: c, port: 5000, to: s, port: 9999), at: 0.2)
        h.add(b.tcp(from: c, port: 40002, to: s, port: 21, flags: [.syn]), at: 0.3)
        let rule = PolicyRule(
            name: "r1", direction: .input,
            terms: [
                PolicyTerm(name: "web", applications: [PredefinedApplications.named("junos-http")!], action: .accept),
                PolicyTerm(name: "ftp", applications: [PredefinedApplications.named("junos-ftp")!], action: .accept),
                PolicyTerm(name: "no-telnet", applications: [PredefinedApplications.named("junos-telnet")!], action: .reject),
            ])
        var configuration = EngineConfiguration.builtInDefault(memberCount: 1)
        configuration.serviceSets = [ServiceSetPolicy(name: "ss1", rules: [rule])]
        let path = try ReplayHarness.temporaryFile(h.pcap())
        let result = try ReplayHarness.replay(path: path, configuration: configuration)
        let sessions = result.members[0].sessions
        let byPort = Dictionary(uniqueKeysWithValues: sessions.map { ($0.initiator.destinationPort, $0) })
        #expect(byPort[80]?.initiator.state == .forward && byPort[80]?.responder.frames == 1)
        #expect(byPort[23]?.initiator.state == .reject && byPort[23]?.initiator.frames == 2)
        #expect(byPort[9999]?.initiator.state == .drop)
        #expect(byPort[21]?.alg == .ftp && byPort[21]?.initiator.state == .watch)
        #expect(sessions.allSatisfy { $0.serviceSet == "ss1" })
    }
}

/// Regression: a hostile capture's timestamps near the end of time (found by the engine fuzzer) overflowed
/// the per-second statistics.
@Suite("Extreme packet times")
struct ExtremePacketTimeTests {
    @Test func timestampsNearTheEndOfTimeDoNotTrap() throws {
        var member = MemberProcessor(memberIndex: 0, configuration: .builtInDefault(memberCount: 1), seed: 1)
        let frame = FrameBuilder().udp(from: IPAddress(10, 0, 0, 1), port: 1, to: IPAddress(10, 0, 0, 2), port: 2)
        let packet = try DecodedPacket(parsing: frame.span, linkType: .ethernet)
        for time in [UInt64.max - 1_000_000_000, UInt64.max - 1, UInt64.max] { member.process(SessionPacket(packet, time: time)) }
        member.expireAll(upTo: .max)
        #expect(member.counters.packets == 3)
    }
}
