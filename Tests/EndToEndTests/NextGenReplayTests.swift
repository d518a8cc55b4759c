// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import JunosConfiguration
import OperationalCommands
import Policy
import ServicesCore
import SessionEngine
import Testing
import Wire

/// Next Gen Services (SPEC.md §9): its policies drive the same engine as MS-MPC terms. The shipped Next Gen sample
/// and its MS-MPC twin find the same sessions and verdicts; the Next Gen timers act as the MS-MPC ones.
@Suite("Next Gen replay")
struct NextGenReplayTests {
    static let twins = ["stateful-firewall.conf", "next-gen.conf"]

    /// Every session of a replay as member index + session, without the Next Gen policy (which only Next Gen
    /// sets) and with MS-MPC session IDs: what must be equal between the twins.
    static func sessions(_ result: ReplayResult) -> [[SessionSnapshot]] {
        result.members.map { member in
            member.sessions.map { session in
                var session = session
                session.policy = nil
                let msMPC = { (id: UInt64) -> UInt64 in
                    let (member, number) = SessionID.decode(id, generation: member.generation)
                    return SessionID.make(member: member, number: number)
                }
                session.id = msMPC(session.id)
                session.parentID = session.parentID.map(msMPC)
                return session
            }
        }
    }

    /// A capture with every verdict of the twins' policy: web to 8080, DNS and ping from the client LAN
    /// (permit), telnet (reject), SSH from the LAN and DNS from outside it (no match: discard), IPv6 too.
    static func verdictCapture() -> ReplayHarness {
        var h = ReplayHarness()
        let client = IPAddress(10, 99, 0, 7)
        let stranger = IPAddress(10, 98, 0, 7)
        let server = IPAddress(192, 0, 2, 80)
        let b = FrameBuilder()
        h.add(b.tcp(from: client, port: 40_000, to: server, port: 8080, flags: [.syn]), at: 0)
        h.add(b.tcp(from: server, port: 8080, to: client, port: 40_000, flags: [.syn, .ack]), at: 0.1)
        h.add(b.tcp(from: client, port: 40_000, to: server, port: 8080, flags: [.ack]), at: 0.2)
        h.add(b.udp(from: client, port: 40_001, to: server, port: 53, payload: [1, 2, 3]), at: 0.3)
        h.add(b.udp(from: server, port: 53, to: client, port: 40_001, payload: [4, 5, 6]), at: 0.4)
        h.add(b.icmpEcho(from: client, to: server, identifier: 7, sequenceNumber: 1), at: 0.5)
        h.add(b.tcp(from: client, port: 40_002, to: server, port: 23, flags: [.syn]), at: 0.6)
        h.add(b.tcp(from: stranger, port: 40_003, to: server, port: 23, flags: [.syn]), at: 0.7)
        h.add(b.tcp(from: client, port: 40_004, to: server, port: 22, flags: [.syn]), at: 0.8)
        h.add(b.udp(from: stranger, port: 40_005, to: server, port: 53, payload: [1]), at: 0.9)
        h.add(b.tcp(from: IPAddress("fd00:99::7")!, port: 40_006, to: IPAddress("2001:db8::80")!, port: 8080, flags: [.syn]), at: 1.0)
        h.add(b.udp(from: IPAddress("fd00:98::7")!, port: 40_007, to: IPAddress("2001:db8::80")!, port: 53), at: 1.1)
        return h
    }

    @Test func theSampleCaptureFindsTheSameSessionsWithBothTwins() throws {
        let path = ConfiguredReplayTests.samples.appendingPathComponent("sample.pcap").path
        let (msMPC, nextGen) = (try ConfiguredReplayTests.sample(Self.twins[0]), try ConfiguredReplayTests.sample(Self.twins[1]))
        #expect(msMPC.generation == .msMPC && nextGen.generation == .nextGen)
        #expect(nextGen.members == ["vms-0/0/0", "vms-0/1/0"])
        let a = try ReplayHarness.replay(path: path, keepExpired: true, configuration: msMPC)
        let b = try ReplayHarness.replay(path: path, keepExpired: true, configuration: nextGen)
        #expect(!Self.sessions(a).joined().isEmpty)
        #expect(Self.sessions(a) == Self.sessions(b))
        #expect(a.counters.engineDrops == b.counters.engineDrops && a.counters.packetsDropped == b.counters.packetsDropped)
        #expect(b.members.allSatisfy { $0.generation == .nextGen } && a.members.allSatisfy { $0.generation == .msMPC })
        // Every session the policy admitted names it; ALG children were admitted by their parent's gate, and name
        // their parent's policy.
        let allowed = PolicyReference(name: "allowed", id: 131_089)
        #expect(b.members.flatMap(\.sessions).contains { $0.parentID != nil })
        for session in b.members.flatMap(\.sessions) {
            #expect(session.policy == allowed, "\(session.id)")
        }
        #expect(a.members.flatMap(\.sessions).allSatisfy { $0.policy == nil })
    }

    @Test(arguments: [ReplayHarness.Mode.sequential, .dispatched])
    func everyVerdictIsTheSameWithBothTwins(mode: ReplayHarness.Mode) throws {
        let path = try ReplayHarness.temporaryFile(Self.verdictCapture().pcap())
        let a = try ReplayHarness.replay(path: path, mode: mode, configuration: try ConfiguredReplayTests.sample(Self.twins[0]))
        let b = try ReplayHarness.replay(path: path, mode: mode, configuration: try ConfiguredReplayTests.sample(Self.twins[1]))
        #expect(Self.sessions(a) == Self.sessions(b))
        #expect(a.counters.engineDrops == b.counters.engineDrops && a.counters.packetsDropped == b.counters.packetsDropped)
        let states = b.members.flatMap(\.sessions).map { session in
            "\(session.initiator.destinationPort) \(session.initiator.source) \(session.initiator.state.name) \(session.policy?.text ?? "-")"
        }.sorted()
        #expect(states == [
            "7 10.99.0.7 Forward allowed/131089",  // ICMP: the echo identifier
            "22 10.99.0.7 Drop -",
            "23 10.98.0.7 Reject no-telnet/131090",
            "23 10.99.0.7 Reject no-telnet/131090",
            "53 10.98.0.7 Drop -",
            "53 10.99.0.7 Forward allowed/131089",
            "53 fd00:98::7 Drop -",
            "8080 10.99.0.7 Forward allowed/131089",
            "8080 fd00:99::7 Forward allowed/131089",
        ].sorted())
    }

    /// A policy that denies one service and permits the rest, in both generations.
    static func denyTwins() throws -> (EngineConfiguration, EngineConfiguration) {
        let msMPC = try ConfiguredReplayTests.engine("""
            interfaces { ams0 { load-balancing-options { member-interface mams-0/0/0; } unit 1; } }
            services {
                service-set s { stateful-firewall-rules r; interface-service { service-interface ams0.1; } }
                stateful-firewall {
                    rule r {
                        match-direction input;
                        term no-ssh { from { destination-address 192.0.2.0/24; applications junos-ssh; } then discard; }
                        term rest { then accept; }
                    }
                }
            }
            """)
        let nextGen = try ConfiguredReplayTests.engine("""
            interfaces { vms-0/0/0 { unit 1; unit 2; } }
            services {
                service-set s {
                    stateful-firewall-rules r;
                    next-hop-service { inside-service-interface vms-0/0/0.1; outside-service-interface vms-0/0/0.2; }
                }
                policies {
                    stateful-firewall-rule r {
                        match-direction input;
                        policy no-ssh {
                            match { source-address any; destination-address servers; application junos-ssh; }
                            then deny;
                        }
                        policy rest { match { source-address any; destination-address any; application any; } then permit; }
                    }
                }
                address-book global { address servers 192.0.2.0/24; }
            }
            """)
        return (msMPC, nextGen)
    }

    @Test func denyActsAsDiscard() throws {
        let (msMPC, nextGen) = try Self.denyTwins()
        // A lone vms- interface is its own one member.
        #expect(nextGen.bundle == "vms-0/0/0" && nextGen.members == ["vms-0/0/0"] && nextGen.generation == .nextGen)
        var h = ReplayHarness()
        let b = FrameBuilder()
        h.add(b.tcp(from: IPAddress(10, 0, 0, 1), port: 1000, to: IPAddress(192, 0, 2, 1), port: 22, flags: [.syn]), at: 0)
        h.add(b.tcp(from: IPAddress(10, 0, 0, 1), port: 1001, to: IPAddress(198, 51, 100, 1), port: 22, flags: [.syn]), at: 0)
        h.add(b.tcp(from: IPAddress(10, 0, 0, 1), port: 1002, to: IPAddress(192, 0, 2, 1), port: 80, flags: [.syn]), at: 0)
        let path = try ReplayHarness.temporaryFile(h.pcap())
        let a = try ReplayHarness.replay(path: path, configuration: msMPC)
        let n = try ReplayHarness.replay(path: path, configuration: nextGen)
        #expect(Self.sessions(a) == Self.sessions(n))
        let states = n.members.flatMap(\.sessions).map { "\($0.initiator.sourcePort) \($0.initiator.state.name) \($0.policy?.text ?? "-")" }
        #expect(states.sorted() == ["1000 Drop no-ssh/131089", "1001 Forward rest/131090", "1002 Forward rest/131090"])
    }

    static func timers(limit: String) throws -> EngineConfiguration {
        try ConfiguredReplayTests.engine("""
            interfaces { vms-0/0/0 { unit 1; unit 2; } }
            services {
                service-set s {
                    service-set-options {
                        inactivity-non-tcp-timeout 20;
                        session-timeout 300;
                        \(limit)
                        tcp-session { open-timeout 10; inactivity-tcp-timeout 100; }
                    }
                    next-hop-service { inside-service-interface vms-0/0/0.1; outside-service-interface vms-0/0/0.2; }
                }
            }
            """)
    }

    @Test func nextGenTimersActAsTheInterfaceTimers() throws {
        let nextGen = try Self.timers(limit: "session-limit { maximum 4; }")
        #expect(nextGen.inactivityTimeout == 100 && nextGen.openTimeout == 10)
        #expect(nextGen.inactivityTimeout(isTCP: true) == 100 && nextGen.inactivityTimeout(isTCP: false) == 20)
        #expect(nextGen.sessionTimeout(serviceSet: 0) == 300)
        #expect(nextGen.serviceSets[0].maxFlows == 4)
        var h = ReplayHarness()
        let b = FrameBuilder()
        let (client, server) = (IPAddress(10, 0, 0, 1), IPAddress(192, 0, 2, 1))
        h.add(b.tcp(from: client, port: 1000, to: server, port: 80, flags: [.syn]), at: 0)
        h.add(b.tcp(from: server, port: 80, to: client, port: 1000, flags: [.syn, .ack]), at: 0)
        h.add(b.tcp(from: client, port: 1000, to: server, port: 80, flags: [.ack]), at: 0)
        h.add(b.tcp(from: client, port: 1001, to: server, port: 80, flags: [.syn]), at: 0)
        h.add(b.udp(from: client, port: 1002, to: server, port: 53), at: 0)
        h.add(b.icmpEcho(from: client, to: server, identifier: 9), at: 0)
        // Over the service set's session-limit: refused as max-flows refuses.
        h.add(b.udp(from: client, port: 1003, to: server, port: 53), at: 0)
        let result = try ReplayHarness.replay(path: try ReplayHarness.temporaryFile(h.pcap()), configuration: nextGen)
        let timeouts = result.members.flatMap(\.sessions).map { "\($0.initiator.transport.rawValue) \($0.initiator.sourcePort) \($0.initiator.timeout)" }
        #expect(timeouts.sorted() == ["1 9 20", "17 1002 20", "6 1000 100", "6 1001 10"].sorted())
        #expect(result.counters.engineDrops[DropReason.maxFlows.rawValue] == 1)
        // The 20 s non-TCP timeout ends the UDP and ICMP sessions, not the TCP ones.
        var later = h
        later.add(b.tcp(from: client, port: 5000, to: server, port: 80, flags: [.syn]), at: 25)
        let expired = try ReplayHarness.replay(
            path: try ReplayHarness.temporaryFile(later.pcap()), configuration: try Self.timers(limit: ""))
        #expect(expired.members.flatMap(\.sessions).map(\.initiator.sourcePort).sorted() == [1000, 5000])
    }

    @Test func policiesCompileIntoTermsThatKeepTheirNameAndID() throws {
        let (parsed, diagnostics) = ConfigurationParser.parse("""
            interfaces { vms-0/0/0 { unit 1; unit 2; } }
            services {
                service-set s {
                    stateful-firewall-rules [ out in ];
                    next-hop-service { inside-service-interface vms-0/0/0.1; outside-service-interface vms-0/0/0.2; }
                }
                policies {
                    stateful-firewall-rule out {
                        match-direction output;
                        policy never-input { match { source-address any; destination-address any; application any; } then reject; }
                    }
                    stateful-firewall-rule in {
                        match-direction input;
                        policy v4 { match { source-address any-ipv4; destination-address any; application junos-http; } then permit; }
                        policy v6 { match { source-address any-ipv6; destination-address any; application web; } then deny; }
                    }
                }
            }
            applications { application-set web { application junos-http; } }
            """, file: "p.conf")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let configuration = try #require(parsed)
        let policy = ServiceSetPolicy(compiling: configuration.serviceSets[0], in: configuration)
        #expect(policy.hasPolicies)
        #expect(policy.rules.map(\.direction) == [.output, .input])
        let v4 = FlowPacket(source: IPAddress(10, 0, 0, 1), destination: IPAddress(192, 0, 2, 1), sourcePort: 1, destinationPort: 80, transport: .tcp)
        let v6 = FlowPacket(source: IPAddress("2001:db8::1")!, destination: IPAddress("2001:db8::2")!, sourcePort: 1, destinationPort: 80, transport: .tcp)
        // The output rule does not apply to an initiator flow; any-ipv4 and any-ipv6 split the families.
        #expect(policy.decide(v4).action == .accept && policy.policyReference(for: v4) == PolicyReference(name: "v4", id: 131_090))
        #expect(policy.decide(v6).action == .discard && policy.policyReference(for: v6) == PolicyReference(name: "v6", id: 131_091))
        #expect(policy.decide(v4, as: .responder).action == .reject)
        #expect(policy.policyReference(for: v4, as: .responder)?.text == "never-input/131089")
        var other = v4
        other.destinationPort = 22
        #expect(policy.decide(other).action == .discard && policy.policyReference(for: other) == nil)
    }

    /// `tcp-non-syn drop-flow-send-rst` (MS-MPC `service-set-options`, Next Gen `tcp-session`) compiles into
    /// the service set's reset of a non-SYN first packet (`PacketVerdictTests` has the verdicts).
    @Test func tcpNonSYNSendRSTCompiles() throws {
        for (options, resets) in [
            ("service-set-options { tcp-session { tcp-non-syn drop-flow-send-rst; } }", true),
            ("service-set-options { tcp-session { tcp-non-syn drop-flow; } }", false), ("", false),
        ] {
            let (parsed, diagnostics) = ConfigurationParser.parse("""
                interfaces { vms-0/0/0 { unit 1; unit 2; } }
                services {
                    service-set s {
                        \(options)
                        next-hop-service { inside-service-interface vms-0/0/0.1; outside-service-interface vms-0/0/0.2; }
                    }
                }
                """, file: "t.conf")
            #expect(diagnostics.isEmpty, "\(diagnostics)")
            let configuration = try #require(parsed)
            #expect(ServiceSetPolicy(compiling: configuration.serviceSets[0], in: configuration).resetsNonSYN == resets)
        }
        let (parsed, _) = ConfigurationParser.parse("""
            services { service-set s { service-set-options { tcp-non-syn drop-flow-send-rst; } interface-service { service-interface ams0.1; } } }
            interfaces { ams0 { load-balancing-options { member-interface mams-0/0/0; } unit 1; } }
            """, file: "m.conf")
        let configuration = try #require(parsed)
        #expect(ServiceSetPolicy(compiling: configuration.serviceSets[0], in: configuration).resetsNonSYN)
    }

    @Test func theBuiltInBundleOfNextGenMembers() {
        let configuration = EngineConfiguration.builtInDefault(memberCount: 3, generation: .nextGen)
        #expect(configuration.members == ["vms-0/0/0", "vms-0/1/0", "vms-1/0/0"])
        #expect(configuration.generation == .nextGen)
        #expect(EngineConfiguration.builtInDefault(memberCount: 3).generation == .msMPC)
    }
}
