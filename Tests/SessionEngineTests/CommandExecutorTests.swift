// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import JunosConfiguration
import OperationalCommands
import PacketCapture
import SessionEngine
import SessionService
import Testing

/// `CommandExecutor` on the engine's two session sources, as `ams replay` and `ams cli` run it.
@Suite("Command executor")
struct CommandExecutorTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        .standardized
    static let sample = root.appendingPathComponent("Samples/sample.pcap").path

    static func replay(members: Int = 2) -> ReplaySource {
        ReplaySource(
            path: sample, configuration: nil,
            options: ReplayOptions(configuration: .builtInDefault(memberCount: members), seed: 1))
    }

    /// Runs `line` on `source` and returns what it printed.
    static func run<Source: SessionSource>(_ line: String, on source: inout Source) throws -> String {
        guard case .command(let parsed) = try CommandParser.parse(line) else { return "" }
        var output: [UInt8] = []
        try CommandExecutor(version: "test") { output += $0 }.execute(parsed, on: &source)
        return String(decoding: output, as: UTF8.self)
    }

    static func golden(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("Tests/EndToEndTests/Golden/\(name)"), encoding: .utf8)
    }

    @Test func aReplayPrintsTheGoldenTables() throws {
        var source = Self.replay()
        #expect(try Self.run("show services sessions", on: &source) == Self.golden("sample.brief.txt"))
        #expect(try Self.run("show services sessions count", on: &source) == Self.golden("sample.count.txt"))
        #expect(try Self.run("show services sessions extensive", on: &source) == Self.golden("sample.extensive.txt"))
        // The capture is replayed once, on the first command.
        #expect(source.result?.counters.frames == 120)
    }

    @Test func pipesAndDocuments() throws {
        var source = Self.replay()
        #expect(try Self.run("show services sessions | match ICMP | count", on: &source) == "Count: 4 lines\n")
        let xml = try Self.run("show services sessions count | display xml", on: &source)
        #expect(xml.contains("<service-msp-sess-count-information>") || xml.contains("sess-count"))
        let json = try Self.run("show services sessions protocol udp limit 1 | display json", on: &source)
        #expect(json.hasPrefix("{") && json.contains("\"UDP\"") == json.contains("UDP"))
    }

    @Test func filtersAndLimitAcrossMembers() throws {
        var source = Self.replay()
        let tcp = try Self.run("show services sessions protocol tcp", on: &source)
        #expect(tcp.components(separatedBy: "Service Set:").count - 1 == 7)
        let limited = try Self.run("show services sessions protocol tcp limit 3", on: &source)
        #expect(limited.components(separatedBy: "Service Set:").count - 1 == 3)
        let member = try Self.run("show services sessions interface mams-0/1/0 count", on: &source)
        #expect(member.contains("mams-0/1/0") && !member.contains("mams-0/0/0 (ams0)    default"))
    }

    @Test func commandsThatCannotRunHereSaySo() throws {
        var source = Self.replay()
        #expect(throws: CommandFailure.self) { try Self.run("show configuration", on: &source) }
        #expect(throws: CommandFailure.self) { try Self.run("request replay advance 1", on: &source) }
        #expect(throws: CommandFailure.self) { try Self.run("show interfaces load-balancing ams1", on: &source) }
        #expect(try Self.run("show version", on: &source).contains("ams version test"))
    }

    /// The shell's source: stepping, counting, clearing on the live table.
    @Test func aSteppedReplayAdvancesAndClears() throws {
        let configuration = EngineConfiguration.builtInDefault(memberCount: 2)
        var source = SteppedSource(
            configuration: nil, engine: configuration,
            stepped: SteppedReplay(file: try CaptureFile(path: Self.sample), configuration: configuration))
        #expect(
            try Self.run("request replay advance 1", on: &source)
                == "Replay at 1.000 s after the first packet, 23 frames read\n")
        #expect(try Self.run("request replay advance to-end", on: &source).hasSuffix("120 frames read (end of capture)\n"))
        #expect(try Self.run("show services sessions count", on: &source) == Self.golden("sample.count.txt"))
        let cleared = try Self.run("clear services sessions protocol tcp", on: &source)
        #expect(cleared.contains("mams-0/0/0") && cleared.contains("6"))
        let after = try Self.run("show services sessions count", on: &source)
        #expect(after.contains("3") && !after.contains("9"))
        #expect(try Self.run("show services sessions protocol tcp", on: &source).isEmpty)
    }

    @Test func withoutACaptureTheShellHasEmptyTables() throws {
        var source = SteppedSource(configuration: nil, engine: .builtInDefault(memberCount: 2))
        #expect(throws: CommandFailure.self) { try Self.run("request replay advance 1", on: &source) }
        #expect(try Self.run("show services sessions count", on: &source).hasPrefix("Interface "))
        #expect(try Self.run("show services sessions", on: &source).isEmpty)
    }
}

extension CommandExecutorTests {
    /// `analysis` and `service-sets summary` with `interface` show that member only (as Junos does per
    /// services PIC); without it, every member.
    @Test func analysisAndSummaryOfOneMember() throws {
        var source = Self.replay()
        let one = try Self.run("show services sessions analysis interface mams-0/1/0", on: &source)
        #expect(one.contains("mams-0/1/0") && !one.contains("mams-0/0/0"))
        let all = try Self.run("show services sessions analysis", on: &source)
        #expect(all.contains("mams-0/1/0") && all.contains("mams-0/0/0"))
        let summary = try Self.run("show services service-sets summary interface mams-0/0/0", on: &source)
        #expect(summary.contains("mams-0/0/0") && !summary.contains("mams-0/1/0"))
    }
}
