// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import SessionEngine
import SessionTable
import Testing
import Wire

/// The drain's join of open and close records, and its bound where records can be lost (live traffic).
@Suite("Session record drain")
struct SessionRecordDrainTests {
    final class Collector: SessionRecordSink {
        var finished: [FinishedSession] = []
        func finished(_ session: FinishedSession) { finished.append(session) }
    }

    static func session(_ number: UInt32) -> Session {
        var session = Session()
        session.number = number
        session.source = IPAddress(10, 0, 0, 1)
        session.destination = IPAddress(10, 0, 0, 2)
        session.lastSeen = UInt64(number) * 1_000
        return session
    }

    /// Ten sessions opened, then ended: with no bound every close finds its start; past a bound of four
    /// starts (a live drain whose rings may have dropped close records) they are forgotten, counted, and
    /// those sessions end without a start.
    @Test(arguments: [nil, 4] as [Int?])
    func closesFindTheirStartsWithinTheBound(bound: Int?) {
        let recording = SessionRecording(members: 1, capacity: 64)
        let collector = Collector()
        let drain = SessionRecordDrain(recording: recording, sinks: [collector], maximumStarts: bound ?? .max)
        let producer = recording.rings[0].producer
        for number in UInt32(1)...10 { producer.push(SessionRecord(.open, session: Self.session(number), member: 0)) }
        drain.drain()
        for number in UInt32(1)...10 {
            producer.push(SessionRecord(.close, reason: .fin, session: Self.session(number), member: 0))
        }
        drain.drain()
        #expect(drain.finished == 10 && collector.finished.count == 10)
        let withStart = collector.finished.filter { $0.start != nil }
        if bound == nil {
            #expect(drain.forgottenStarts == 0 && drain.finishedWithoutOpen == 0 && withStart.count == 10)
            #expect(withStart.allSatisfy { $0.start == $0.close.time })
        } else {
            // Forgotten at the fifth and the ninth open: 8 starts; sessions 9 and 10 keep theirs.
            #expect(drain.forgottenStarts == 8 && drain.finishedWithoutOpen == 8)
            #expect(withStart.map { SessionID.decode($0.close.id).number } == [9, 10])
        }
        #expect(drain.openSessions == 0)
    }

    /// A live recording (rings that drop when full) bounds the starts; a replay's (rings that wait) does not.
    @Test func theBoundIsLiveTrafficsOnly() {
        #expect(SessionRecordDrain(recording: SessionRecording(members: 1), sinks: []).maximumStarts
            == SessionRecordDrain.liveMaximumStarts)
        #expect(SessionRecordDrain(recording: SessionRecording(members: 1, waitsWhenFull: true), sinks: []).maximumStarts == nil)
    }
}
