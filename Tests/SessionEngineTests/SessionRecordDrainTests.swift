// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import SessionEngine
import SessionTable
import Testing
import Wire

/// The drain hands each close record on with the start it carries; it holds nothing of the sessions open.
@Suite("Session record drain")
struct SessionRecordDrainTests {
    final class Collector: SessionRecordSink {
        var opened: [SessionRecord] = []
        var finished: [FinishedSession] = []
        func opened(_ record: SessionRecord) { opened.append(record) }
        func finished(_ session: FinishedSession) { finished.append(session) }
    }

    /// A sink that sheds while the drain is behind, as syslog does.
    final class Shedding: SessionRecordSink {
        var finished: [FinishedSession] = []
        var shed: [SessionRecord] = []
        var shedsWhenBehind: Bool { true }
        func finished(_ session: FinishedSession) { finished.append(session) }
        func shed(_ record: SessionRecord) { shed.append(record) }
    }

    static func session(_ number: UInt32) -> Session {
        var session = Session()
        session.number = number
        session.source = IPAddress(10, 0, 0, 1)
        session.destination = IPAddress(10, 0, 0, 2)
        session.lastSeen = UInt64(number) * 1_000
        return session
    }

    /// Ten sessions ended, the odd ones with a start, the even ones without (`UInt64.max`: a session held before
    /// records were on): each finished session has its own record's start, and those without are counted.
    @Test func closesCarryTheirStart() {
        let recording = SessionRecording(members: 1, capacity: 64)
        let collector = Collector()
        let drain = SessionRecordDrain(recording: recording, sinks: [collector])
        let producer = recording.rings[0].producer
        producer.push(SessionRecord(.open, session: Self.session(1), start: 1_000, member: 0))
        for number in UInt32(1)...10 {
            let start = number % 2 == 1 ? UInt64(number) * 7 : .max
            producer.push(SessionRecord(.close, reason: .fin, session: Self.session(number), start: start, member: 0))
        }
        #expect(drain.drain() == 11)
        #expect(collector.opened.map(\.start) == [1_000])
        #expect(drain.finished == 10 && drain.finishedWithoutStart == 5)
        #expect(collector.finished.map(\.start) == [7, nil, 21, nil, 35, nil, 49, nil, 63, nil])
        #expect(collector.finished.map { SessionID.decode($0.close.id).number } == Array(1...10))
    }

    /// More than half a ring waiting: the drain is behind, and a sink that sheds is handed those records as
    /// shed while the others get them all; once it has caught up (half a ring or less), every sink gets
    /// every record.
    @Test func aSheddingSinkGivesWayWhileTheDrainIsBehind() {
        let recording = SessionRecording(members: 1, capacity: 64)
        let collector = Collector()
        let shedding = Shedding()
        let drain = SessionRecordDrain(recording: recording, sinks: [shedding, collector])
        let producer = recording.rings[0].producer
        func close(_ numbers: ClosedRange<UInt32>) {
            for number in numbers {
                producer.push(SessionRecord(.close, reason: .idle, session: Self.session(number), start: 1, member: 0))
            }
        }
        close(1...33)
        #expect(drain.drain() == 33)
        #expect(collector.finished.count == 33 && shedding.finished.isEmpty && shedding.shed.count == 33)
        close(34...65)
        #expect(drain.drain() == 32)
        #expect(collector.finished.count == 65 && shedding.finished.count == 32 && shedding.shed.count == 33)
        #expect(drain.finished == 65)
    }
}
