// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import PacketCapture
import Policy
import ServicesCore
import SessionEngine
import SessionService
import SessionTable
import Testing
import Wire

/// Session records of whole replays (`ams replay --records`): every session of the final table ends once,
/// by `shutdown`, with the IDs, flows and counters `show services sessions extensive` shows; every mode of
/// running the members gives the same records.
@Suite("Session records of replays")
struct SessionRecordReplayTests {
    /// A sink that keeps what it is given.
    final class Collector: SessionRecordSink {
        var opens: [SessionRecord] = []
        var sessions: [FinishedSession] = []
        func opened(_ record: SessionRecord) { opens.append(record) }
        func finished(_ session: FinishedSession) { sessions.append(session) }
    }

    struct Recorded {
        var result: ReplayResult
        var opens: [SessionRecord]
        /// Sorted by session ID.
        var sessions: [FinishedSession]
        var dropped: Int
        var withoutStart: Int
    }

    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Samples/sample.pcap").standardized.path

    static func replay(
        _ path: String, members: Int = 2, mode: ReplayHarness.Mode = .sequential, keepExpired: Bool = false
    ) throws -> Recorded {
        let recording = SessionRecording(members: members, capacity: 1 << 14)
        let collector = Collector()
        let drain = SessionRecordDrain(recording: recording, sinks: [collector])
        var options = ReplayOptions(
            configuration: .builtInDefault(memberCount: members), keepExpired: keepExpired,
            sequential: mode == .sequential, seed: 42)
        options.independentMembers = mode == .independent
        options.records = recording
        let result = ReplayEngine.replay(try CaptureFile(path: path), options: options)
        drain.drain()
        return Recorded(
            result: result, opens: collector.opens, sessions: collector.sessions.sorted { $0.close.id < $1.close.id },
            dropped: recording.dropped, withoutStart: drain.finishedWithoutStart)
    }

    /// Every session of the table (the sessions `extensive` lists) is in the records once, ended by
    /// `shutdown`, with the same ID, parent, flows and counters each way; every record joined its open.
    @Test(arguments: [false, true])
    func everySessionOfTheTableEndsByShutdown(keepExpired: Bool) throws {
        let recorded = try Self.replay(Self.sample, keepExpired: keepExpired)
        let table = recorded.result.members.flatMap(\.sessions)
        #expect(!table.isEmpty && recorded.dropped == 0 && recorded.withoutStart == 0)
        #expect(Set(recorded.sessions.map(\.close.id)).count == recorded.sessions.count)
        #expect(recorded.opens.count == recorded.sessions.count)
        let byID = Dictionary(uniqueKeysWithValues: recorded.sessions.map { ($0.close.id, $0) })
        let shutdown = recorded.sessions.filter { $0.close.reason == .shutdown }
        #expect(shutdown.count == table.count)
        if keepExpired { #expect(shutdown.count == recorded.sessions.count) }
        for session in table {
            let finished = try #require(byID[session.id], "session \(session.id) has no record")
            let close = finished.close
            #expect(close.reason == .shutdown)
            #expect(close.parentID == (session.parentID ?? 0))
            #expect(close.alg == session.alg && close.transport == session.initiator.transport)
            #expect(close.source == session.initiator.source && close.sourcePort == session.initiator.sourcePort)
            #expect(close.destination == session.initiator.destination)
            #expect(close.destinationPort == session.initiator.destinationPort)
            #expect(close.initiatorPackets == session.initiator.frames && close.initiatorBytes == session.initiator.bytes)
            #expect(close.responderPackets == session.responder.frames && close.responderBytes == session.responder.bytes)
            let start = try #require(finished.start)
            let open = try #require(recorded.opens.first { $0.id == close.id })
            #expect(start == open.time && start <= close.time && open.initiatorPackets == 1)
        }
        // The sample's FTP data sessions are children: their parent is named.
        #expect(recorded.sessions.contains { $0.close.parentID != 0 && byID[$0.close.parentID] != nil })
    }

    /// Many flows over 200 s: UDP exchanges that go idle (ended at their next packet and by the sweep),
    /// TCP connections closed by FIN, reset, or left half open.
    static func busyCapture() -> ReplayHarness {
        let builder = FrameBuilder()
        var h = ReplayHarness()
        for i in 0..<400 {
            let client = IPAddress(10, 0, UInt8(i / 200), UInt8(i % 200 + 1))
            let server = IPAddress(192, 0, 2, UInt8(i % 7 + 1))
            let t = Double(i) * 0.5
            switch i % 4 {
            case 0:
                h.add(builder.udp(from: client, port: 5000, to: server, port: 53), at: t)
                h.add(builder.udp(from: server, port: 53, to: client, port: 5000), at: t + 0.1)
                // Its next packet long after: the session is found expired.
                if i < 200 { h.add(builder.udp(from: client, port: 5000, to: server, port: 53), at: t + 150) }
            case 1:
                h.add(builder.tcp(from: client, port: 40000, to: server, port: 80, flags: [.syn]), at: t)
                h.add(builder.tcp(from: server, port: 80, to: client, port: 40000, flags: [.syn, .ack]), at: t + 0.01)
                h.add(builder.tcp(from: client, port: 40000, to: server, port: 80, flags: [.ack]), at: t + 0.02)
                h.add(builder.tcp(from: client, port: 40000, to: server, port: 80, flags: [.fin, .ack]), at: t + 0.1)
                h.add(builder.tcp(from: server, port: 80, to: client, port: 40000, flags: [.fin, .ack]), at: t + 0.11)
            case 2:
                h.add(builder.tcp(from: client, port: 40001, to: server, port: 443, flags: [.syn]), at: t)
                h.add(builder.tcp(from: server, port: 443, to: client, port: 40001, flags: [.rst, .ack]), at: t + 0.01)
            default:
                h.add(builder.tcp(from: client, port: 40002, to: server, port: 22, flags: [.syn]), at: t)
            }
        }
        h.frames.sort { $0.time < $1.time }
        return h
    }

    /// Sequential, dispatched and independent members give the same records (in another order).
    @Test func everyModeGivesTheSameRecords() throws {
        let busy = try ReplayHarness.temporaryFile(Self.busyCapture().pcap())
        for path in [Self.sample, busy, ReplayHarness.capture("ftp.pcap")] {
            let sequential = try Self.replay(path, members: 3, mode: .sequential)
            #expect(sequential.dropped == 0 && sequential.withoutStart == 0)
            for mode in [ReplayHarness.Mode.dispatched, .independent] {
                let other = try Self.replay(path, members: 3, mode: mode)
                #expect(other.sessions == sequential.sessions, "\(mode) \(path)")
                #expect(other.opens.sorted { $0.id < $1.id } == sequential.opens.sorted { $0.id < $1.id })
            }
        }
        // The busy capture ends sessions every way a replay can.
        let reasons = Set(try Self.replay(busy, members: 3).sessions.map(\.close.reason))
        #expect(reasons == [.idle, .fin, .rst, .shutdown])
    }

    /// The JSON line of a session: every key, in order.
    @Test func jsonLine() throws {
        var session = Session()
        session.number = 3
        session.link = 1
        session.source = IPAddress(10, 0, 0, 1)
        session.destination = try #require(IPAddress("2001:db8::7"))
        session.sourcePort = 40000
        session.destinationPort = 20
        session.transport = .tcp
        session.alg = .ftp
        session.serviceSet = 0
        session.initiatorFrames = 1
        session.initiatorBytes = 60
        session.lastSeen = 1_700_000_000_123_456_789
        let start = session.lastSeen
        session.initiatorFrames = 5
        session.initiatorBytes = 400
        session.responderFrames = 4
        session.responderBytes = 5000
        session.lastSeen = 1_700_000_061_999_000_000
        session.phase = .closed
        session.initiatorState = .watch
        session.responderState = .watch
        session.algFlags = 0x2
        session.timeout = 4
        let close = SessionRecord(.close, reason: .fin, session: session, start: start, member: 1, at: 1_700_000_065_999_000_001)
        var configuration = EngineConfiguration.builtInDefault(memberCount: 2)
        configuration.serviceSets[0].name = "ss \"1\""
        let line = JSONLinesRecordSink.line(
            FinishedSession(start: start, close: close), names: SessionRecordNames(configuration))
        #expect(
            line == """
                {"member":"mams-0/1/0","bundle":"ams0","service_set":"ss \\"1\\"","session_id":33554435,\
                "parent_id":33554433,"alg":"ftp","protocol":"TCP","protocol_number":6,\
                "initiator_source":"10.0.0.1","initiator_source_port":40000,\
                "initiator_destination":"2001:db8::7","initiator_destination_port":20,\
                "initiator_packets":5,"initiator_bytes":400,\
                "responder_source":"2001:db8::7","responder_source_port":20,\
                "responder_destination":"10.0.0.1","responder_destination_port":40000,\
                "responder_packets":4,"responder_bytes":5000,\
                "start":"2023-11-14T22:13:20.123Z","end":"2023-11-14T22:14:21.999Z","reason":"fin",\
                "phase":"closed","initiator_state":"Watch","responder_state":"Watch","alg_flags":2,"timeout":4,\
                "start_ns":1700000000123456789,"end_ns":1700000061999000000,"recorded_ns":1700000065999000001}

                """)
        let withoutStart = JSONLinesRecordSink.line(FinishedSession(start: nil, close: close), names: SessionRecordNames(configuration))
        #expect(withoutStart.contains(#""start":null,"end":"2023-11-14T22:14:21.999Z""#))
        #expect(withoutStart.contains(#""start_ns":null,"end_ns":1700000061999000000,"#))
        #expect(JSONLinesRecordSink.timestamp(0) == "1970-01-01T00:00:00.000Z")
        #expect(JSONLinesRecordSink.timestamp(951_825_600_007_000_000) == "2000-02-29T12:00:00.007Z")
    }

    /// `--records FILE`: the drain thread runs during the replay; once stopped, the file has a line per
    /// session ended.
    @Test func theServiceWritesAFile() throws {
        let path = try ReplayHarness.temporaryFile([], suffix: ".jsonl")
        let configuration = EngineConfiguration.builtInDefault(memberCount: 2)
        let sink = try JSONLinesRecordSink(path: path, names: SessionRecordNames(configuration))
        let service = SessionRecordService(members: 2, sinks: [sink], capacity: 1 << 14)
        service.start()
        var options = ReplayOptions(configuration: configuration, seed: 42)
        options.records = service.recording
        let busy = try ReplayHarness.temporaryFile(Self.busyCapture().pcap())
        _ = ReplayEngine.replay(try CaptureFile(path: busy), options: options)
        service.stop()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == service.drain.finished && sink.written == lines.count && service.dropped == 0)
        #expect(lines.count == 400 + 50)
        #expect(lines.allSatisfy { $0.hasPrefix(#"{"member":"mams-0/"#) && $0.hasSuffix("}") })
    }
}
