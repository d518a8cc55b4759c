// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import JunosConfiguration
import OperationalCommands
import PacketCapture
import Policy
import ServicesCore
import SessionEngine
import Testing
import Wire

/// Replays driven by Junos configuration files: the shipped samples, VLAN → service set mapping, members
/// and timers from the configuration.
@Suite("Replay with a configuration")
struct ConfiguredReplayTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Samples").standardized

    static func engine(_ text: String, file: String = "test.conf") throws -> EngineConfiguration {
        let (configuration, diagnostics) = ConfigurationParser.parse(text, file: file)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return try EngineConfiguration(configuration: try #require(configuration))
    }

    static func sample(_ name: String) throws -> EngineConfiguration {
        let path = samples.appendingPathComponent("config/\(name)").path
        return try engine(try String(contentsOfFile: path, encoding: .utf8), file: path)
    }

    @Test(arguments: ["stateful-firewall.conf", "two-service-sets-by-vlan.conf", "four-members-hash-keys.conf", "next-gen.conf"])
    func everySampleConfigurationLoadsAndRoundTrips(name: String) throws {
        let path = Self.samples.appendingPathComponent("config/\(name)").path
        let (parsed, diagnostics) = ConfigurationParser.parse(try String(contentsOfFile: path, encoding: .utf8), file: path)
        #expect(diagnostics.isEmpty)
        let configuration = try #require(parsed)
        #expect(ConfigurationParser.parse(configuration.curlyBraceText(), file: "x").configuration == configuration)
        #expect(ConfigurationParser.parse(configuration.setCommands(), file: "x").configuration == configuration)
        _ = try EngineConfiguration(configuration: configuration)
    }

    @Test func theStatefulFirewallSampleChangesWhatTheSampleCaptureShows() throws {
        let configuration = try Self.sample("stateful-firewall.conf")
        #expect(configuration.members == ["mams-0/0/0", "mams-0/1/0"])
        #expect(configuration.inactivityTimeout == 60)
        let result = try ReplayHarness.replay(
            path: Self.samples.appendingPathComponent("sample.pcap").path, configuration: configuration)
        try ReplayHarness.expectGolden(ReplayHarness.brief(result), "sample.stateful-firewall.brief.txt")
        // The FTP data connections match no term, but the FTP ALG's gates admit them as children.
        let sessions = result.members.flatMap(\.sessions)
        #expect(sessions.allSatisfy { $0.initiator.state != .drop })
        let children = sessions.filter { $0.parentID != nil }
        #expect(children.count == 2 && children.allSatisfy { $0.alg == .ftp && $0.initiator.state == .forward })
        #expect(children.allSatisfy { child in sessions.contains { $0.id == child.parentID && $0.alg == .ftp } })
    }

    @Test func vlansSelectServiceSets() throws {
        let configuration = try Self.sample("two-service-sets-by-vlan.conf")
        #expect(configuration.members == ["mams-1/0/0", "mams-1/1/0"])
        let client = IPAddress(10, 0, 0, 1)
        let server = IPAddress(192, 0, 2, 1)
        var h = ReplayHarness()
        for (vlan, port) in [(UInt16(100), UInt16(22)), (200, 80), (200, 22), (300, 80)] {
            let builder = FrameBuilder(link: .ethernet(vlans: [vlan]))
            h.add(builder.tcp(from: client, port: 1000 + vlan, to: server, port: port, flags: [.syn]), at: 0)
        }
        h.add(FrameBuilder().tcp(from: client, port: 999, to: server, port: 25, flags: [.syn]), at: 0)
        let result = try ReplayHarness.replay(path: try ReplayHarness.temporaryFile(h.pcap()), configuration: configuration)
        let sessions = result.members.flatMap(\.sessions).map {
            "\($0.serviceSet) \($0.initiator.sourcePort)->\($0.initiator.destinationPort) \($0.initiator.state.name)"
        }.sorted()
        #expect(sessions == [
            "tenant-a 1100->22 Forward", "tenant-a 999->25 Forward", "tenant-b 1200->80 Forward",
            "tenant-b 1200->22 Drop",
        ].sorted())
        #expect(result.counters.engineDrops[DropReason.noServiceSet.rawValue] == 1)
    }

    @Test(arguments: [false, true])
    func maxFlowsRefusesOrBypassesPerServiceSet(bypass: Bool) throws {
        let configuration = try Self.engine("""
            set interfaces ams0 load-balancing-options member-interface mams-0/0/0
            set interfaces ams0 unit 1 family inet
            set interfaces ams0 unit 1 vlan-id 10
            set interfaces ams0 unit 2 family inet
            set interfaces ams0 unit 2 vlan-id 20
            set services service-set small max-flows 2
            set services service-set small interface-service service-interface ams0.1
            set services service-set other interface-service service-interface ams0.2
            """ + (bypass ? "\nset services service-set small service-set-options bypass-traffic-on-exceeding-flow-limits\n" : "\n"))
        var h = ReplayHarness()
        for vlan in [UInt16(10), 20] {
            for port in UInt16(1)...4 {
                h.add(FrameBuilder(link: .ethernet(vlans: [vlan])).udp(
                    from: IPAddress(10, 0, 0, 1), port: port, to: IPAddress(192, 0, 2, 1), port: 53), at: 0)
            }
        }
        let result = try ReplayHarness.replay(path: try ReplayHarness.temporaryFile(h.pcap()), configuration: configuration)
        let sessions = result.members.flatMap(\.sessions)
        let small = sessions.filter { $0.serviceSet == "small" }.map(\.initiator.state)
        let other = sessions.filter { $0.serviceSet == "other" }.map(\.initiator.state)
        #expect(other == [.forward, .forward, .forward, .forward])
        if bypass {
            #expect(small == [.forward, .forward, .bypass, .bypass])
        } else {
            #expect(small == [.forward, .forward])
            // Refused by the service set's max-flows, and counted under that name, not session-limit.
            #expect(result.counters.engineDrops[DropReason.maxFlows.rawValue] == 2)
            #expect(result.counters.engineDrops[DropReason.sessionLimit.rawValue] == 0)
        }
    }

    /// With both limits, each refusal is counted under the limit that refused it: the member's
    /// `session-limit` when the member is full, else the service set's `max-flows`.
    @Test func refusalsAreCountedUnderTheLimitThatRefusedThem() throws {
        let configuration = try Self.engine("""
            set interfaces ams0 load-balancing-options member-interface mams-0/0/0
            set interfaces ams0 unit 1 family inet
            set interfaces ams0 unit 1 vlan-id 10
            set interfaces ams0 unit 2 family inet
            set interfaces ams0 unit 2 vlan-id 20
            set interfaces ams0 services-options session-limit maximum 5
            set services service-set small max-flows 2
            set services service-set small interface-service service-interface ams0.1
            set services service-set other interface-service service-interface ams0.2
            """)
        #expect(DropReason.maxFlows.name == "max-flows" && DropReason.sessionLimit.name == "session-limit")
        var h = ReplayHarness()
        // Four flows in `small` (2 over its max-flows), then four in `other`, of which the member (at 2 + 3)
        // has room for three (1 over its session-limit).
        for (vlan, time) in [(UInt16(10), 0.0), (20, 1.0)] {
            for port in UInt16(1)...4 {
                h.add(FrameBuilder(link: .ethernet(vlans: [vlan])).udp(
                    from: IPAddress(10, 0, 0, 1), port: port, to: IPAddress(192, 0, 2, 1), port: 53), at: time)
            }
        }
        let result = try ReplayHarness.replay(path: try ReplayHarness.temporaryFile(h.pcap()), configuration: configuration)
        #expect(result.members.flatMap(\.sessions).count == 5)
        #expect(result.counters.engineDrops[DropReason.maxFlows.rawValue] == 2)
        #expect(result.counters.engineDrops[DropReason.sessionLimit.rawValue] == 1)
    }

    @Test func membersTimersAndLimitsComeFromTheConfiguration() throws {
        let configuration = try Self.sample("four-members-hash-keys.conf")
        #expect(configuration.members == ["mams-0/0/0", "mams-0/1/0", "mams-1/0/0", "mams-1/1/0"])
        #expect(configuration.openTimeout == 10 && configuration.closeTimeout == 2)
        #expect(configuration.serviceSets[0].maxFlows == 100_000 && configuration.serviceSets[0].bypassOverLimit)
        var h = ReplayHarness()
        for host in UInt8(1)...40 {
            h.add(FrameBuilder().udp(from: IPAddress(10, 0, 0, host), port: 5000, to: IPAddress(192, 0, 2, 1), port: 53), at: 0)
        }
        let result = try ReplayHarness.replay(path: try ReplayHarness.temporaryFile(h.pcap()), configuration: configuration)
        #expect(result.members.map(\.name) == configuration.members)
        #expect(result.members.allSatisfy { $0.bundle == "ams0" })
        #expect(result.members.filter { !$0.sessions.isEmpty }.count >= 3)
        #expect(result.members.flatMap(\.sessions).count == 40)
    }
}

/// The shell's replay: stepping through a capture ends where a whole replay does; clear removes sessions.
@Suite("Stepped replay")
struct SteppedReplayTests {
    static func counts(_ members: [MemberSnapshot]) -> [Int] { members.map { $0.serviceSetCounts.reduce(0) { $0 + $1.sessions } } }

    @Test func stepsAddUpToTheWholeReplay() throws {
        let path = OperationalOutputTests.sample
        let configuration = EngineConfiguration.builtInDefault(memberCount: 2)
        let stepped = SteppedReplay(file: try CaptureFile(path: path), configuration: configuration)
        #expect(Self.counts(stepped.tables().counts(SessionFilter())) == [0, 0])
        stepped.advance(by: 1)
        #expect(stepped.elapsedSeconds == 1 && stepped.framesRead == 23 && !stepped.isFinished)
        #expect(Self.counts(stepped.tables().counts(SessionFilter())) == [3, 0])
        stepped.advance(by: 0.5)
        stepped.advance(by: nil)
        #expect(stepped.isFinished && stepped.framesRead == 120)
        let whole = try ReplayHarness.replay(path: path, members: 2)
        #expect(ReplayHarness.sessionSet(whole).count == 11)
        let final = stepped.tables().snapshot()
        #expect(SessionTableRenderer.brief(final) == SessionTableRenderer.brief(whole.members))
        // 60 s later every session has timed out.
        stepped.advance(by: 60)
        #expect(Self.counts(stepped.tables().counts(SessionFilter())) == [0, 0])
    }

    @Test func clearRemovesTheSelectedSessions() throws {
        let stepped = SteppedReplay(
            file: try CaptureFile(path: OperationalOutputTests.sample), configuration: .builtInDefault(memberCount: 2))
        stepped.advance(by: nil)
        var filter = SessionFilter()
        filter.transport = .tcp
        let removed = stepped.tables().clear(filter)
        #expect(Self.counts(removed) == [6, 1])
        #expect(Self.counts(stepped.tables().counts(SessionFilter())) == [3, 1])
        #expect(stepped.tables().snapshot().flatMap(\.sessions).allSatisfy { $0.initiator.transport != .tcp })
    }
}

/// The members evaluate a filter on their tables in place (`MemberProcessor.selects`, on `Session`); the
/// same filter also tests copied-out sessions (`SessionFilter.selects(_:)`, on `SessionSnapshot`). Both
/// must select the same sessions, with and without `limit`.
@Suite("Filters agree in place and on copies")
struct FilterAgreementTests {
    @Test(arguments: [
        "show services sessions protocol tcp", "show services sessions destination-port 53",
        "show services sessions source-port 21", "show services sessions source-prefix fd00:99::/64",
        "show services sessions destination-prefix 10.99.0.1/32", "show services sessions application-protocol ftp",
        "show services sessions application-protocol tcp", "show services sessions application-protocol icmp",
        "show services sessions service-set default protocol udp", "show services sessions protocol 58",
        "show services sessions interface mams-0/1/0", "show services sessions interface ams0 protocol udp limit 2",
    ])
    func bothFindTheSameSessions(line: String) throws {
        guard case .command(let parsed) = try CommandParser.parse(line), case .showSessions(let query) = parsed.command
        else { return }
        let configuration = EngineConfiguration.builtInDefault(memberCount: 2)
        let stepped = SteppedReplay(file: try CaptureFile(path: OperationalOutputTests.sample), configuration: configuration)
        stepped.advance(by: nil)
        let tables = stepped.tables()
        var remaining = query.limit ?? .max
        let copied = tables.snapshot().map { member in
            var kept = member
            let selected = query.filter.selects(member: member.name, bundle: member.bundle)
                ? member.sessions.filter { query.filter.selects($0) } : []
            kept.keepOnly(Array(selected.prefix(remaining)))
            remaining -= kept.sessions.count
            return kept
        }
        let inPlace = tables.snapshot(query.filter, limit: query.limit ?? .max)
        #expect(SessionTableRenderer.brief(inPlace) == SessionTableRenderer.brief(copied))
        #expect(!inPlace.flatMap(\.sessions).isEmpty)
    }
}

extension MemberSnapshot {
    /// Keeps only `sessions` and sets each service set's count to the number of them in it: the copied-out
    /// oracle of ``FilterAgreementTests`` (the engine counts in place).
    mutating func keepOnly(_ sessions: [SessionSnapshot]) {
        self.sessions = sessions
        serviceSetCounts = serviceSetCounts.map { row in
            (row.serviceSet, sessions.count { $0.serviceSet == row.serviceSet })
        }
    }
}
