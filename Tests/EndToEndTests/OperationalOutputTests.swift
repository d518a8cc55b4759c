// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import OperationalCommands
import ServicesCore
import SessionEngine
import SessionService
import Testing
import Wire

/// `show services sessions` in every output level and with every filter, on the README's sample.
@Suite("show services sessions on the sample capture")
struct OperationalOutputTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Samples/sample.pcap").standardized.path

    static func members() throws -> [MemberSnapshot] {
        try ReplayHarness.replay(path: sample, members: 2).members
    }

    /// What `ams replay sample.pcap LINE` prints, through the same executor.
    static func run(_ line: String) throws -> String {
        guard case .command(let parsed) = try CommandParser.parse(line) else { return "" }
        var source = ReplaySource(
            path: sample, configuration: nil, options: ReplayOptions(configuration: .builtInDefault(memberCount: 2), seed: 42))
        var out: [UInt8] = []
        try CommandExecutor(version: "test") { out += $0 }.execute(parsed, on: &source)
        return String(decoding: out, as: UTF8.self)
    }

    @Test(arguments: [
        ("show services sessions extensive", "sample.extensive.txt"),
        ("show services sessions terse", "sample.terse.txt"),
        ("show services sessions count", "sample.count.txt"),
        ("show services sessions application-protocol ftp", "sample.ftp.txt"),
    ])
    func outputLevelsMatchGolden(line: String, golden: String) throws {
        try ReplayHarness.expectGolden(try Self.run(line), golden)
    }

    /// Session IDs (one per header line) selected by `line`.
    static func ids(_ line: String) throws -> [String] {
        try run(line).split(separator: "\n").filter { $0.hasPrefix("Service Set:") }.map {
            String($0.split(separator: ",")[1].dropFirst(" Session: ".count))
        }
    }

    @Test func filtersSelectWholeSessionsByEitherFlow() throws {
        let all = try Self.ids("show services sessions")
        #expect(all.count == 11)
        // Port 21 appears as the destination of the initiator flow and the source of the responder flow.
        #expect(try Self.ids("show services sessions destination-port 21").count == 2)
        #expect(try Self.ids("show services sessions source-port 21").count == 2)
        #expect(try Self.ids("show services sessions source-port 21 destination-port 21") == [])
        #expect(try Self.ids("show services sessions protocol icmp6").count == 1)
        #expect(try Self.ids("show services sessions protocol udp destination-port 53").count == 2)
        #expect(try Self.ids("show services sessions source-prefix fd00:99::/64").count == 2)
        #expect(try Self.ids("show services sessions destination-prefix 10.99.0.2").count == 9)
        // The FTP data connections are children of the FTP ALG (ALG: ftp), not basic TCP sessions.
        #expect(try Self.ids("show services sessions application-protocol tcp").count == 3)
        #expect(try Self.ids("show services sessions application-protocol ftp").count == 4)
        #expect(try Self.ids("show services sessions application-protocol icmp").count == 2)
        #expect(try Self.ids("show services sessions interface mams-0/1/0") == ["33554433", "33554434"])
        #expect(try Self.ids("show services sessions interface ams0") == all)
        #expect(try Self.ids("show services sessions limit 3") == Array(all.prefix(3)))
        #expect(try Self.ids("show services sessions service-set nope") == [])
    }

    @Test func countsFollowTheFiltersAndPipesCountLines() throws {
        // Every TCP session of the sample has closed (FIN) and waits out its close timeout: Invalid.
        #expect(try Self.run("show services sessions protocol tcp count") == """


            Interface   Service set                        Valid      Invalid      Pending  Other state
            mams-0/0/0  default                                0            6            0            0
            mams-0/1/0  default                                0            1            0            0

            """)
        #expect(try Self.run("show services sessions count protocol udp interface mams-0/1/0") == """


            Interface   Service set                        Valid      Invalid      Pending  Other state
            mams-0/1/0  default                                0            0            0            0

            """)
        let xml = try Self.run("show services sessions count | display xml")
        #expect(xml.components(separatedBy: "<sess-count>").count == 3)
        #expect(xml.contains("<sess-count>9</sess-count>") && xml.contains("<sess-count>2</sess-count>"))
        #expect(try Self.run("show services sessions | count") == "Count: 35 lines\n")
        // Case is ignored: the two ICMPV6 flow lines and their session's `ALG: icmpv6` header.
        #expect(try Self.run("sh serv sess | match ICMPV6 | count") == "Count: 3 lines\n")
        #expect(try Self.run("sh serv sess | match ^ICMPV6 | count") == "Count: 2 lines\n")
    }
}

/// `clear services sessions` and `show version` through the grammar (`show interfaces load-balancing`:
/// `BundleReportTests`).
@Suite("Other operational commands")
struct OtherCommandTests {
    static func parse(_ line: String) throws -> OperationalCommand? {
        guard case .command(let parsed) = try CommandParser.parse(line) else { return nil }
        return parsed.command
    }

    @Test func clearTakesTheFiltersButNotTheDisplayOptions() throws {
        guard case .clearSessions(let query)? = try Self.parse("clear services sessions protocol tcp service-set ss1") else {
            Issue.record("not a clear command")
            return
        }
        #expect(query.filter.transport == .tcp && query.filter.serviceSet == "ss1")
        #expect(throws: CommandError.self) { try CommandParser.parse("clear services sessions limit 3") }
        #expect(throws: CommandError.self) { try CommandParser.parse("clear services sessions extensive") }
    }

    @Test func clearedRowsCountTheSelectedSessions() throws {
        var filter = SessionFilter()
        filter.transport = .tcp
        let members = try ReplayHarness.replay(path: OperationalOutputTests.sample, members: 2).tables.clear(filter)
        let text = TextBuffer.text { SessionTableRenderer.writeCleared(members, to: &$0) }
        #expect(text == """
            Interface            Service Set                      Sessions cleared
            mams-0/0/0 (ams0)    default                                         6
            mams-0/1/0 (ams0)    default                                         1

            """)
        #expect(SessionTableRenderer.clearedRows(members).map(\.removed) == [6, 1])
    }

    @Test func otherShowCommandsParse() throws {
        #expect(try Self.parse("show version") == .showVersion)
    }
}

/// `show services sessions analysis`: the statistics per member.
@Suite("Session analysis")
struct SessionAnalysisTests {
    @Test func sampleAnalysisMatchesGolden() throws {
        let members = try OperationalOutputTests.members()
        try ReplayHarness.expectGolden(
            TextBuffer.text { SessionTableRenderer.writeAnalysis(members, to: &$0) }, "sample.analysis.txt")
        let total = members.reduce(0) { $0 + $1.analysis.total }
        #expect(total == 11)
        #expect(members.reduce(0) { $0 + $1.analysis.tcp } == 7)
        #expect(members.reduce(0) { $0 + $1.analysis.udp } == 2)
        #expect(members.reduce(UInt64(0)) { $0 + $1.analysis.packetsReceived } == 118)
    }

    /// Sessions created and deleted per second of packet time, and their peaks.
    @Test func ratesArePerSecondOfPacketTime() throws {
        var h = ReplayHarness()
        let b = FrameBuilder()
        // Second 0: three sessions; second 1: one; at 40 s all of them are long expired.
        for (port, time) in [(UInt16(1), 0.1), (2, 0.2), (3, 0.3), (4, 1.5)] {
            h.add(b.udp(from: IPAddress(10, 0, 0, 1), port: port, to: IPAddress(192, 0, 2, 1), port: 53), at: time)
        }
        h.add(b.tcp(from: IPAddress(10, 0, 0, 1), port: 9, to: IPAddress(192, 0, 2, 1), port: 80, flags: [.ack]), at: 40)
        let members = try h.replay(members: 1).members
        let analysis = members[0].analysis
        #expect(analysis.peakCreatedPerSecond == 3)
        #expect(analysis.peakUDP == 4 && analysis.peakTCP == 1)
        // A session counts towards the peaks until it is reclaimed: the UDP sessions, expired at 40 s,
        // were still in the table when the TCP session was created.
        #expect(analysis.peakTotal >= 4 && analysis.peakTotal <= 5)
        #expect(analysis.total == 1 && analysis.tcpIPv4 == 1)
        #expect(analysis.slowPathDiscard == 1 && analysis.slowPathForward == 4)
        #expect(analysis.packetsReceived == 5 && analysis.packetsTransmitted == 4)
    }
}

/// `show services service-sets summary`: memory and CPU per member.
@Suite("Service sets summary")
struct ServiceSetsSummaryTests {
    @Test func everyMemberHasARowWithItsMemory() throws {
        #expect(try OtherCommandTests.parse("show services service-sets summary") == .showServiceSetsSummary(interface: nil))
        #expect(
            try OtherCommandTests.parse("sh serv service-sets sum interface mams-0/0/0")
                == .showServiceSetsSummary(interface: "mams-0/0/0"))
        let members = try ReplayHarness.replay(path: OperationalOutputTests.sample, members: 2, mode: .dispatched).members
        let text = TextBuffer.text { SessionTableRenderer.writeServiceSetsSummary(members, memory: 1 << 34, to: &$0) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 6 && lines[0].isEmpty && lines[5].isEmpty)
        #expect(lines[2] == "Interface    configured             Bytes used          Policy bytes used      utilization")
        for (line, member) in zip(lines.dropFirst(3), members) {
            let fields = line.split(separator: " ")
            #expect(fields[0] == member.name && fields[1] == "1")
            #expect(Int(fields[2]) == member.sessionBytes + member.policyBytes)
            // `( 0.00%)` is two words: the shares of 16 GiB are under 10 %.
            #expect(Int(fields[5]) == member.policyBytes)
            #expect(member.sessionBytes > 0 && member.policyBytes > 0)
            #expect((0...100).contains(member.cpuUtilization))
        }
    }
}
