// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import PacketCapture
import ServicesCore
import SessionEngine
import SessionService
import Testing
import Wire

/// Session records read back (`ams show --sessions`): a JSON line is the ``FinishedSession`` it was written
/// from; bad lines are told apart by kind; the held sessions of a replay's records, put back into tables,
/// are the replay's table.
@Suite("Session records read back")
struct SessionRecordReaderTests {
    static let configuration = EngineConfiguration.builtInDefault(memberCount: 2)

    /// The replay's records of `path` as JSON lines, and the replay.
    static func lines(_ path: String, members: Int = 2) throws -> (lines: [String], result: ReplayResult) {
        let recorded = try SessionRecordReplayTests.replay(path, members: members)
        let names = SessionRecordNames(.builtInDefault(memberCount: members))
        return (recorded.sessions.map { JSONLinesRecordSink.line($0, names: names) }, recorded.result)
    }

    static func read(_ line: String, _ reader: inout SessionRecordReader) throws(SessionRecordReader.LineError) -> FinishedSession {
        var bytes = Array(line.utf8)
        if bytes.last == 0x0A { bytes.removeLast() }
        return try reader.session(bytes.span)
    }

    /// Every line of a replay reads back as the session it was written from: its close record whole, its start.
    @Test func linesReadBackAsTheirSessions() throws {
        let recorded = try SessionRecordReplayTests.replay(SessionRecordReplayTests.sample)
        let names = SessionRecordNames(Self.configuration)
        var reader = SessionRecordReader(configuration: Self.configuration)
        #expect(!recorded.sessions.isEmpty)
        for session in recorded.sessions {
            let read = try Self.read(JSONLinesRecordSink.line(session, names: names), &reader)
            #expect(read.close == session.close)
            #expect(read.start == session.start)
        }
    }

    /// What a bad line is, by kind; a fatal one for names the configuration lacks.
    @Test func badLinesAreToldApart() throws {
        let good = try #require(Self.lines(SessionRecordReplayTests.sample).lines.first)
        func error(_ line: String) -> SessionRecordReader.LineError? {
            var reader = SessionRecordReader(configuration: Self.configuration)
            do {
                _ = try Self.read(line, &reader)
                return nil
            } catch { return error }
        }
        func replacing(_ pattern: String, with replacement: String) -> String {
            good.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        #expect(error(good) == nil)
        #expect(error("not json")?.kind == .notJSON)
        #expect(error("[1, 2]")?.kind == .notJSON)
        #expect(error(String(good.dropLast(5)))?.kind == .notJSON)
        #expect(error(replacing(#""timeout":\d+,"#, with: ""))?.message == #"no "timeout""#)
        #expect(error(replacing(#""timeout":\d+"#, with: #""timeout":"4""#))?.message == #""timeout" is not a whole number in range"#)
        #expect(error(replacing(#""initiator_source_port":\d+"#, with: #""initiator_source_port":70000"#))?.kind == .notJSON)
        #expect(error(replacing(#""alg":"[^"]*""#, with: #""alg":"telnet-ish""#))?.message == #"alg "telnet-ish" is not an ALG's name"#)
        #expect(error(replacing(#""reason":"[^"]*""#, with: #""reason":"none""#))?.kind == .badValue)
        #expect(error(replacing(#""phase":"[^"]*""#, with: #""phase":"listen""#))?.kind == .badValue)
        #expect(error(replacing(#""initiator_state":"[^"]*""#, with: #""initiator_state":"forward""#))?.kind == .badValue)
        #expect(error(replacing(#""initiator_source":"[^"]*""#, with: #""initiator_source":"10.0.0.300""#))?.kind == .badValue)
        #expect(error(replacing(#""responder_source_port":\d+"#, with: #""responder_source_port":1"#))?.message
            == "the responder flow is not the initiator flow reversed")
        #expect(error(replacing(#""protocol":"[^"]*""#, with: #""protocol":"SCTP""#))?.kind == .badValue)
        #expect(error(replacing(#""session_id":\d+"#, with: #""session_id":5"#))?.kind == .badValue)
        #expect(error(replacing(#""start_ns":\d+"#, with: #""start_ns":18446744073709551615"#))?.message == "start_ns is after end_ns")
        let unknownMember = try #require(error(replacing(#""member":"[^"]*""#, with: #""member":"mams-9/0/0""#)))
        #expect(unknownMember.kind == .unknownName && unknownMember.isFatal)
        #expect(error(replacing(#""bundle":"[^"]*""#, with: #""bundle":"ams7""#))?.isFatal == true)
        #expect(error(replacing(#""service_set":"[^"]*""#, with: #""service_set":"other""#))?.isFatal == true)
        // The same session twice.
        var reader = SessionRecordReader(configuration: Self.configuration)
        _ = try Self.read(good, &reader)
        #expect(throws: SessionRecordReader.LineError.self) { try Self.read(good, &reader) }
        // Keys a later ams may add are ignored.
        #expect(error(String(good.dropLast(2)) + #","later":[1,{"a":null}]}"#) == nil)
    }

    /// The held sessions of a replay's records, restored, are the replay's table: every session, as
    /// `extensive` shows it (its timeout left too), and the count rows.
    @Test(arguments: ["sample", "ftp.pcap", "mixed.pcap", "dns-icmp.pcap", "rtsp.pcap"])
    func restoredTablesAreTheReplays(_ name: String) throws {
        let path = name == "sample" ? SessionRecordReplayTests.sample : ReplayHarness.capture(name)
        let (lines, result) = try Self.lines(path)
        var reader = SessionRecordReader(configuration: Self.configuration)
        let restored = RestoredTables(configuration: Self.configuration)
        for line in lines { restored.add(try Self.read(line, &reader)) }
        let tables = restored.tables()
        let replayed = result.tables.snapshot()
        let read = tables.snapshot()
        #expect(read.map(\.name) == replayed.map(\.name))
        #expect(read.flatMap(\.sessions) == replayed.flatMap(\.sessions))
        #expect(read.map { $0.serviceSetCounts.map(\.1) } == replayed.map { $0.serviceSetCounts.map(\.1) })
        #expect(tables.countRows(SessionFilter()) == result.tables.countRows(SessionFilter()))
        #expect(restored.held == replayed.flatMap(\.sessions).count)
    }
}
