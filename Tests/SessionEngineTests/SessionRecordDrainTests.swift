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

    /// A sink that gives way, as syslog does, taking the records of `serviceSets`; `onFirst` runs when it
    /// is handed its first record.
    final class GivingWay: SessionRecordSink {
        var finished: [FinishedSession] = []
        var onFirst: (() -> Void)?
        var serviceSets: Set<Int> = [0]
        var givesWay: Bool { true }
        func takes(serviceSet: Int) -> Bool { serviceSets.contains(serviceSet) }
        func finished(_ session: FinishedSession) {
            if finished.isEmpty { onFirst?() }
            finished.append(session)
        }
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

    static func close(_ numbers: ClosedRange<UInt32>, into producer: SessionRecordRing.Producer) {
        for number in numbers {
            producer.push(SessionRecord(.close, reason: .idle, session: Self.session(number), start: 1, member: 0))
        }
    }

    /// The sinks that give way get records from the drain's backlog once the rings are all but empty: a
    /// burst larger than the backlog is shed past it (counted), the rest arrives in the end; the first
    /// sinks get every record at once.
    @Test func aSinkThatGivesWayGetsWhatTheBacklogHolds() {
        let recording = SessionRecording(members: 1, capacity: 2 * SessionRecordDrain.backlogCapacity)
        let collector = Collector()
        let givingWay = GivingWay()
        let drain = SessionRecordDrain(recording: recording, sinks: [givingWay, collector])
        let burst = UInt32(SessionRecordDrain.backlogCapacity + 100)
        Self.close(1...burst, into: recording.rings[0].producer)
        #expect(drain.drain() == Int(burst) + SessionRecordDrain.backlogCapacity)
        #expect(collector.finished.count == Int(burst) && drain.finished == Int(burst))
        #expect(givingWay.finished.count == SessionRecordDrain.backlogCapacity && drain.shed == 100)
        #expect(givingWay.finished.map { SessionID.decode($0.close.id).number } == Array(1...burst - 100))
    }

    /// While the backlog is worked through, a member that writes more than a chunk into its ring is served
    /// first: the drain stops after the chunk under way and comes back to the ring on its next pass.
    @Test func theBacklogWaitsForABusyMember() {
        let recording = SessionRecording(members: 1, capacity: 1024)
        let collector = Collector()
        let givingWay = GivingWay()
        let drain = SessionRecordDrain(recording: recording, sinks: [givingWay, collector])
        let producer = recording.rings[0].producer
        Self.close(1...200, into: producer)
        givingWay.onFirst = { Self.close(201...300, into: producer) }
        #expect(drain.drain() == 200 + SessionRecordDrain.chunk)
        #expect(collector.finished.count == 200 && givingWay.finished.count == SessionRecordDrain.chunk)
        #expect(drain.drain() == 100 + 236)
        #expect(collector.finished.count == 300 && givingWay.finished.count == 300 && drain.shed == 0)
    }

    /// A reload's sinks: once everything waiting has been drained, the records from then on go to the new
    /// sinks only; a sink that gives way, new with the reload, gets a backlog of full size.
    @Test func replacedSinksGetTheRecordsFromThenOn() {
        let recording = SessionRecording(members: 1, capacity: 64)
        let old = Collector()
        let drain = SessionRecordDrain(recording: recording, sinks: [old])
        let producer = recording.rings[0].producer
        Self.close(1...3, into: producer)
        drain.drain()
        let new = Collector()
        let givingWay = GivingWay()
        drain.replaceSinks([new, givingWay])
        Self.close(4...5, into: producer)
        #expect(drain.drain() == 4)
        #expect(old.finished.map { SessionID.decode($0.close.id).number } == [1, 2, 3])
        #expect(new.finished.map { SessionID.decode($0.close.id).number } == [4, 5])
        #expect(givingWay.finished.count == 2 && drain.finished == 5 && drain.shed == 0)
    }

    /// A sink that gives way is queued only the records of the service sets it takes; the others are
    /// neither queued nor counted as shed. The first sinks get every record.
    @Test func onlyTheServiceSetsASinkThatGivesWayTakes() {
        let recording = SessionRecording(members: 1, capacity: 64)
        let collector = Collector()
        let givingWay = GivingWay()
        givingWay.serviceSets = [1]
        let drain = SessionRecordDrain(recording: recording, sinks: [givingWay, collector])
        let producer = recording.rings[0].producer
        for number in UInt32(1)...6 {
            var session = Self.session(number)
            session.serviceSet = UInt8(number % 2)
            producer.push(SessionRecord(.close, reason: .idle, session: session, start: 1, member: 0))
        }
        #expect(drain.drain() == 6 + 3)
        #expect(collector.finished.count == 6 && drain.shed == 0)
        #expect(givingWay.finished.map { SessionID.decode($0.close.id).number } == [1, 3, 5])
    }

    /// A ring's records reach a sink a region at a time, in order, across the ring's wrap: two regions
    /// where the waiting records wrap.
    @Test func regionsAcrossTheWrapKeepTheOrder() {
        let ring = SessionRecordRing(capacity: 8)
        Self.close(1...5, into: ring.producer)
        #expect(ring.consume { _ in } == 5)
        Self.close(6...12, into: ring.producer)
        var regions: [[UInt32]] = []
        #expect(ring.consumeRegions { regions.append($0.map { SessionID.decode($0.id).number }) } == 7)
        #expect(regions == [[6, 7, 8], [9, 10, 11, 12]])
        let recording = SessionRecording(members: 1, capacity: 8)
        let collector = Collector()
        let drain = SessionRecordDrain(recording: recording, sinks: [collector])
        Self.close(1...5, into: recording.rings[0].producer)
        #expect(drain.drain() == 5)
        Self.close(6...12, into: recording.rings[0].producer)
        #expect(drain.drain() == 7)
        #expect(collector.finished.map { SessionID.decode($0.close.id).number } == Array(1...12))
    }
}
