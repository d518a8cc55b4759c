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

    /// Ctrl-C (the shell's `shouldStop`) while the sessions of `terse` or a document are collected: the
    /// collecting stops, and no part of the table or document is printed.
    @Test(arguments: ["show services sessions terse", "show services sessions | display xml",
                      "show services sessions extensive | display json"])
    func aStoppedCollectionPrintsNothing(line: String) throws {
        var source = Self.replay()
        guard case .command(let parsed) = try CommandParser.parse(line) else { return }
        var output: [UInt8] = []
        var asked = 0
        try CommandExecutor(version: "test", shouldStop: {
            asked += 1
            return true
        }) { output += $0 }.execute(parsed, on: &source)
        #expect(output.isEmpty)
        #expect(asked >= 1)
        #expect(try !Self.run(line, on: &source).isEmpty)
    }

    @Test func pipesAndDocuments() throws {
        var source = Self.replay()
        // Case is ignored: the four ICMP flow lines and the two `ALG: icmp` and `ALG: icmpv6` headers.
        #expect(try Self.run("show services sessions | match ICMP | count", on: &source) == "Count: 6 lines\n")
        #expect(try Self.run("show services sessions | match ^icmp | count", on: &source) == "Count: 4 lines\n")
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
        #expect(member.contains("\nmams-0/1/0  default ") && !member.contains("mams-0/0/0"))
    }

    @Test func commandsThatCannotRunHereSaySo() throws {
        var source = Self.replay()
        #expect(throws: CommandFailure.self) { try Self.run("show configuration", on: &source) }
        #expect(throws: CommandFailure.self) { try Self.run("request replay advance 1", on: &source) }
        #expect(throws: CommandFailure.self) { try Self.run("show interfaces load-balancing ams1", on: &source) }
        #expect(try Self.run("show version", on: &source).contains("Junos: 19.4R3\nams version test"))
        #expect(try Self.run("show version | display xml", on: &source).contains("<junos-version>19.4R3</junos-version>"))
        #expect(try Self.run("show version | display json", on: &source).contains("\"software-information\" : ["))
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
        // What is left: the pings and the DNS exchanges, all Valid.
        #expect(try Self.run("show services sessions count", on: &source) == """


            Interface   Service set                        Valid      Invalid      Pending  Other state
            mams-0/0/0  default                                3            0            0            0
            mams-0/1/0  default                                1            0            0            0

            """)
        #expect(try Self.run("show services sessions protocol tcp", on: &source).isEmpty)
    }

    @Test func withoutACaptureTheShellHasEmptyTables() throws {
        var source = SteppedSource(configuration: nil, engine: .builtInDefault(memberCount: 2))
        #expect(throws: CommandFailure.self) { try Self.run("request replay advance 1", on: &source) }
        #expect(try Self.run("show services sessions count", on: &source) == """


            Interface   Service set                        Valid      Invalid      Pending  Other state
            mams-0/0/0  default                                0            0            0            0
            mams-0/1/0  default                                0            0            0            0

            """)
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

/// The pipes that write somewhere or hold (issue 12, point 15), and an empty table.
extension CommandExecutorTests {
    static func scratchFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ams-\(UUID().uuidString)-\(name)").path
    }

    @Test func saveWritesTheOutputToTheFileAndSaysHowManyLines() throws {
        var source = Self.replay()
        let path = Self.scratchFile("icmp.txt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let shown = try Self.run("show services sessions | match ^ICMP", on: &source)
        #expect(try Self.run("show services sessions | match ^ICMP | save \(path)", on: &source)
            == "Wrote 4 lines of output to '\(path)'\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == shown)
        // Without a line filter, and with a document: the same count of the file's lines.
        let json = try Self.run("show services sessions count | display json | save \(path)", on: &source)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(json == "Wrote \(saved.split(separator: "\n").count) lines of output to '\(path)'\n")
        #expect(saved.hasPrefix("{\n    \"service-msp-sess-count-information\" : [\n"))
    }

    @Test func saveToAFileThatCannotBeWrittenIsAnErrorNotACrash() throws {
        var source = Self.replay()
        #expect(throws: CommandFailure("could not create '/nonexistent-ams-dir/x': No such file or directory")) {
            try Self.run("show services sessions | save /nonexistent-ams-dir/x", on: &source)
        }
        #expect(throws: CommandFailure("could not write '/dev/full': No space left on device")) {
            try Self.run("show services sessions | save /dev/full", on: &source)
        }
    }

    @Test func findAndHoldRunThroughTheExecutor() throws {
        var source = Self.replay()
        let all = try Self.run("show services sessions", on: &source)
        let found = try Self.run("show services sessions | find 16777220", on: &source)
        #expect(found.hasPrefix("Service Set: default, Session: 16777220,") && all.hasSuffix(found))
        #expect(try Self.run("show services sessions | find GRE", on: &source) == "Pattern not found\n")
        // `hold` is the pager's: without one, the output is as it was.
        #expect(try Self.run("show services sessions | hold", on: &source) == all)
    }

    /// An empty table prints nothing, as SPEC.md §2.2 has it: a member's heading only above its sessions
    /// ("Individual empty service sets are not displayed", show-services-sessions.txt).
    @Test func anEmptyTablePrintsNothing() throws {
        var source = Self.replay()
        for level in ["", " brief", " extensive", " terse"] {
            #expect(try Self.run("show services sessions\(level) destination-port 9", on: &source) == "")
        }
        #expect(try Self.run("show services sessions destination-port 9 | count", on: &source) == "Count: 0 lines\n")
        #expect(try Self.run("show services sessions destination-port 9 | display json", on: &source) == """
            {
                "msp-session-table" : [
                {
                    "attributes" : {"xmlns" : "http://xml.juniper.net/junos/19.4R3/junos-adaptive-services"}
                }
                ]
            }

            """)
    }
}
