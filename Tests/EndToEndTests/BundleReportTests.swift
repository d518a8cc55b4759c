// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import JunosConfiguration
import OperationalCommands
import PacketCapture
import ServicesCore
import SessionEngine
import SessionService
import Testing
import Wire

/// `show interfaces load-balancing [detail]` and `show services sessions utilization` through the executor,
/// as `ams replay` and the shell run them: what the replay and the configuration make of them.
@Suite("Bundle reports end to end")
struct BundleReportTests {
    /// What `ams replay CAPTURE [--config] LINE` prints.
    static func run(_ line: String, capture: String = OperationalOutputTests.sample, configuration text: String? = nil)
        throws -> String
    {
        guard case .command(let parsed) = try CommandParser.parse(line) else { return "" }
        let configuration = text.flatMap { ConfigurationParser.parse($0, file: "test.conf").configuration }
        let engine = try configuration.map { try EngineConfiguration(configuration: $0) } ?? .builtInDefault(memberCount: 2)
        var source = ReplaySource(
            path: capture, configuration: configuration, options: ReplayOptions(configuration: engine, seed: 42))
        var out: [UInt8] = []
        try CommandExecutor(version: "test") { out += $0 }.execute(parsed, on: &source)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func loadBalancingOfTheSample() throws {
        let detail = """
            Load-balancing interfaces detail
            Interface        : ams0
              State          : Up
              Last change    : 00:00:03
              Member count   : 2
              HA Model       : None
              Members        :
                  Interface    Weight   State
                  mams-0/0/0   10       Active
                  mams-0/1/0   10       Active

            """
        #expect(try Self.run("show interfaces load-balancing detail") == detail)
        #expect(try Self.run("sh int load ams0 det") == detail)
        #expect(try Self.run("show interfaces load-balancing") == """
            Interface        State    Last change   Members
            ams0             Up       00:00:03      2

            """)
        #expect(throws: CommandFailure("interface ams1 is not an AMS bundle here (ams0 is)")) {
            try Self.run("show interfaces load-balancing detail ams1")
        }
        let xml = try Self.run("show interfaces load-balancing detail | display xml")
        #expect(xml.contains("""
                    <interface-load-balancing-member-detail>
                        <interface-name>ams0</interface-name>
                        <state>Up</state>
                        <member-count>2</member-count>
                        <ha-model>None</ha-model>
                        <member-interface>
                            <member-name>mams-0/0/0</member-name>
            """))
        let json = try Self.run("show interfaces load-balancing detail | display json")
        #expect(json.hasPrefix("{\n    \"interface-load-balancing-detail\" : [\n"))
    }

    static let fourMembers = """
        set interfaces ams1 load-balancing-options member-interface mams-2/1/0
        set interfaces ams1 load-balancing-options member-interface mams-3/1/0
        set interfaces ams1 load-balancing-options member-interface mams-8/1/0
        set interfaces ams1 load-balancing-options member-interface mams-9/1/0
        set interfaces ams1 unit 1 family inet
        set services service-set ss1 interface-service service-interface ams1.1

        """

    /// `HA Model` is the bundle's `high-availability-options`; the members are those configured, in order.
    @Test(arguments: [
        ("", "None"),
        ("set interfaces ams1 load-balancing-options high-availability-options many-to-one preferred-backup mams-9/1/0",
         "Many-to-one"),
        ("set interfaces ams1 load-balancing-options high-availability-options one-to-one preferred-backup mams-9/1/0",
         "One-to-one"),
    ])
    func theHAModelComesFromTheConfiguration(statement: String, model: String) throws {
        let text = try Self.run("show interfaces load-balancing detail", configuration: Self.fourMembers + statement)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[1] == "Interface        : ams1")
        #expect(lines[4] == "  Member count   : 4")
        #expect(lines[5] == "  HA Model       : \(model)")
        #expect(lines.suffix(4).map { $0.split(separator: " ").first.map(String.init) }
            == ["mams-2/1/0", "mams-3/1/0", "mams-8/1/0", "mams-9/1/0"])
    }

    /// `Last change` is the packet time from the first frame to the time the table stands at: the end of
    /// the capture, `--at`, or the shell's step.
    @Test func lastChangeIsPacketTimeSinceTheFirstFrame() throws {
        var h = ReplayHarness()
        let b = FrameBuilder()
        for time in [0.0, 2 * 86_400 + 3_600 + 61.5] {
            h.add(b.udp(from: IPAddress(10, 0, 0, 1), port: 5000, to: IPAddress(192, 0, 2, 1), port: 53), at: time)
        }
        let path = try ReplayHarness.temporaryFile(h.pcap())
        #expect(try ReplayHarness.replay(path: path).tables.bundle().secondsSinceChange == 2 * 86_400 + 3_661)
        #expect(try ReplayHarness.replay(path: path, stopAfter: 90).tables.bundle().secondsSinceChange == 90)
        #expect(try Self.run("show interfaces load-balancing", capture: path).contains(" 2d 01:01 "))
        let engine = EngineConfiguration.builtInDefault(memberCount: 2)
        let shell = SteppedSource(
            configuration: nil, engine: engine, stepped: SteppedReplay(file: try CaptureFile(path: path), configuration: engine))
        #expect(try shell.tables().bundle().secondsSinceChange == 0)
        _ = try shell.advance(by: 7_200, stoppingWhen: { false })
        #expect(try shell.tables().bundle().secondsSinceChange == 7_200)
    }

    /// The sample's members: sessions, rates of the last whole second and health from the members' own
    /// statistics; `interface` keeps one member.
    @Test func utilizationOfTheSample() throws {
        let members = try OperationalOutputTests.members()
        let lines = try Self.run("show services sessions utilization").split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0] == "               Session            Setup            Drop  Teardown")
        #expect(lines[1] == "Interface        Count  %Memory    Rate   %Rate    Rate      Rate    %CPU")
        for (line, member) in zip(lines.dropFirst(2), members) {
            let fields = line.split(separator: " ").map(String.init)
            #expect(fields.count == 9)
            #expect(fields[0] == member.name && Int(fields[1]) == member.analysis.total)
            #expect(Int(fields[3]) == member.analysis.createdPerSecond)
            #expect(Int(fields[5]) == 0 && Int(fields[6]) == member.analysis.deletedPerSecond)
            // The health follows the measured CPU share, which a loaded machine raises (thresholds: unit tests).
            #expect(["Green", "Yellow", "Red"].contains(fields[8]))
        }
        #expect(members.map(\.analysis.total) == [9, 2])
        let one = try Self.run("show services sessions utilization interface mams-0/1/0")
        #expect(one.split(separator: "\n").count == 3 && one.contains("\nmams-0/1/0 ") && !one.contains("mams-0/0/0"))
        let xml = try Self.run("sh serv sess util | display xml")
        #expect(xml.components(separatedBy: "<service-session-utilization-entry>").count == 3)
        #expect(xml.contains("<interface-name>mams-0/1/0</interface-name>\n            <session-count>2</session-count>"))
    }

    /// Sessions refused over the `session-limit` are the drop rate; the setup rate is of the sessions made,
    /// as a share of the busiest second.
    @Test func refusedSessionsAreTheDropRate() throws {
        var h = ReplayHarness()
        let b = FrameBuilder()
        for port in UInt16(1)...5 {
            h.add(b.udp(from: IPAddress(10, 0, 0, 1), port: port, to: IPAddress(192, 0, 2, 1), port: 53), at: 0.1 * Double(port))
        }
        h.add(b.udp(from: IPAddress(10, 0, 0, 1), port: 1, to: IPAddress(192, 0, 2, 1), port: 53), at: 1.5)
        let text = try Self.run(
            "show services sessions utilization", capture: try ReplayHarness.temporaryFile(h.pcap()),
            configuration: """
                set interfaces ams0 load-balancing-options member-interface mams-0/0/0
                set interfaces ams0 unit 1 family inet
                set interfaces ams0 services-options session-limit maximum 2
                set services service-set ss1 interface-service service-interface ams0.1
                """)
        let fields = text.split(separator: "\n")[2].split(separator: " ").map(String.init)
        // Two sessions, two set up and three refused in second 0 (the last whole one), none removed.
        #expect(Array(fields.prefix(2)) == ["mams-0/0/0", "2"])
        #expect(Array(fields[3...6]) == ["2", "100.00", "3", "0"])
    }
}
