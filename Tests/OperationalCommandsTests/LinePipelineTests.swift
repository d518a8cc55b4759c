// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import OperationalCommands
import Testing

@Suite("Text pipes")
struct LinePipelineTests {
    /// `text` through `pipes`, fed `chunk` bytes at a time.
    static func run(_ pipes: [OutputPipe], _ text: String, chunk: Int = 7) -> String {
        var out = ""
        var pipeline = LinePipeline(pipes) { out += String(decoding: $0, as: UTF8.self) }
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            pipeline.feed(Array(bytes[start..<min(bytes.count, start + chunk)]))
            start += chunk
        }
        pipeline.finish()
        return out
    }

    static func pattern(_ source: String) throws -> LinePattern { try LinePattern(source) }

    static let text = "TCP a Forward\nUDP b Drop\nICMP c Forward\nTCP d Drop\n"

    /// Eleven sessions as `show services sessions` prints them.
    static let sessionTable = """
        mams-0/0/0 (ams0)
        Service Set: default, Session: 16777217, ALG: icmp, Flags: 0x0000, IP Action: no, Offload: no, Asymmetric: no
        ICMP          10.99.0.1        ->       10.99.0.2        Forward  I               3
        ICMP          10.99.0.2        ->       10.99.0.1        Forward  O               3
        Service Set: default, Session: 16777218, ALG: none, Flags: 0x0000, IP Action: no, Offload: no, Asymmetric: no
        TCP           10.99.0.1:50866  ->       10.99.0.2:8080   Forward  I               7
        TCP           10.99.0.2:8080   ->       10.99.0.1:50866  Forward  O               6

        """

    @Test func countMatchExceptAndLastChain() throws {
        #expect(Self.run([.count], Self.text) == "Count: 4 lines\n")
        #expect(try Self.run([.match(Self.pattern("TCP"))], Self.text) == "TCP a Forward\nTCP d Drop\n")
        #expect(try Self.run([.except(Self.pattern("Drop"))], Self.text) == "TCP a Forward\nICMP c Forward\n")
        #expect(Self.run([.last(2)], Self.text) == "ICMP c Forward\nTCP d Drop\n")
        #expect(try Self.run([.match(Self.pattern("Forward")), .count], Self.text) == "Count: 2 lines\n")
        #expect(try Self.run([.last(3), .match(Self.pattern("TCP"))], Self.text) == "TCP d Drop\n")
        #expect(try Self.run([.match(Self.pattern("^(UDP|ICMP)"))], Self.text, chunk: 1) == "UDP b Drop\nICMP c Forward\n")
    }

    /// `| count` first counts line ends a chunk at a time: the lines of any text, cut anywhere, ended or not by
    /// a newline — as many as `| match .` (every line through the line-by-line path) then `| count` finds.
    @Test func countCountsEveryLineWhereverTheChunksEnd() throws {
        for text in [Self.text, Self.sessionTable, "", "\n", "no newline", "a\n\nb", "a\nb\n\n"] {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - (text.hasSuffix("\n") || text.isEmpty ? 1 : 0)
            for chunk in [1, 2, 3, 7, 1000] {
                #expect(Self.run([.count], text, chunk: chunk) == "Count: \(lines) lines\n", "\(text.debugDescription) chunk \(chunk)")
                #expect(Self.run([.count, .match(try Self.pattern("Count"))], text, chunk: chunk) == "Count: \(lines) lines\n")
            }
        }
    }

    @Test func matchAndExceptIgnoreCase() throws {
        #expect(try Self.run([.match(Self.pattern("icmp"))], Self.text) == "ICMP c Forward\n")
        #expect(try Self.run([.except(Self.pattern("drop"))], Self.text) == "TCP a Forward\nICMP c Forward\n")
    }

    @Test func findShowsTheOutputFromTheFirstMatchingLineOn() throws {
        #expect(try Self.run([.find(Self.pattern("ICMP"))], Self.text) == "ICMP c Forward\nTCP d Drop\n")
        #expect(try Self.run([.find(Self.pattern("drop")), .match(Self.pattern("TCP"))], Self.text) == "TCP d Drop\n")
        #expect(try Self.run([.match(Self.pattern("TCP")), .find(Self.pattern("Drop"))], Self.text) == "TCP d Drop\n")
        #expect(try Self.run([.find(Self.pattern("^TCP"))], Self.text, chunk: 1) == Self.text)
    }

    @Test func findWithoutAMatchSaysPatternNotFound() throws {
        #expect(try Self.run([.find(Self.pattern("GRE"))], Self.text) == "Pattern not found\n")
        #expect(try Self.run([.find(Self.pattern("GRE")), .count], Self.text) == "Pattern not found\nCount: 0 lines\n")
        #expect(try Self.run([.find(Self.pattern("GRE"))], "") == "Pattern not found\n")
    }

    @Test func trimDropsTheFirstColumnsOfEveryLine() {
        #expect(Self.run([.trim(4)], Self.text) == "a Forward\nb Drop\n c Forward\nd Drop\n")
        #expect(Self.run([.trim(100)], "short\n\nlines\n") == "\n\n\n")
        // A column is a character, not a byte.
        #expect(Self.run([.trim(1)], "éa x\n", chunk: 1) == "a x\n")
        #expect(Self.run([.trim(2)], "a", chunk: 1) == "\n")
    }

    @Test func pipesThatDoNotFilterLinesLeaveThemAlone() {
        #expect(Self.run([.hold, .noMore, .displaySet, .save("x")], Self.text) == Self.text)
    }

    /// Issue 12, point 3: these ran for ever on eleven sessions.
    @Test(arguments: [#"(.*)*Z"#, #"(.+)+Z"#, #"(a|aa)*Z"#, #"(.*)*(.*)*(.*)*Z"#])
    func catastrophicPatternsFilterASessionTable(pattern: String) throws {
        let table = String(repeating: Self.sessionTable, count: 100)
        #expect(try Self.run([.match(Self.pattern(pattern))], table, chunk: 4096) == "")
        #expect(try Self.run([.except(Self.pattern(pattern)), .count], table, chunk: 4096) == "Count: 700 lines\n")
    }
}
