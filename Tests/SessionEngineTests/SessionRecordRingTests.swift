// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Dispatch
@testable import SessionEngine
import SessionTable
import Synchronization
import Testing
import Wire

/// The members' rings of session records: order across wrap-arounds, a full ring dropping and counting,
/// and a producer and a consumer on two threads (the producer's side handed between threads, as a lane
/// is).
@Suite("Session record ring")
struct SessionRecordRingTests {
    /// A record whose session number is `n` (its ID, member 0, carries it).
    static func record(_ n: UInt32) -> SessionRecord {
        var session = Session()
        session.number = n
        session.source = IPAddress(10, 0, 0, 1)
        session.destination = IPAddress(10, 0, 0, 2)
        session.lastSeen = UInt64(n)
        return SessionRecord(.open, session: session, start: UInt64(n), member: 0)
    }

    static func numbers(_ ring: SessionRecordRing, limit: Int = .max) -> [UInt32] {
        var taken: [UInt32] = []
        ring.consume(limit: limit) { taken.append(UInt32(truncatingIfNeeded: $0.id & 0xFF_FFFF)) }
        return taken
    }

    @Test func capacityIsAPowerOfTwo() {
        #expect(SessionRecordRing(capacity: 5).capacity == 8)
        #expect(SessionRecordRing(capacity: 1).capacity == 2)
        #expect(MemoryLayout<SessionRecord>.stride == 128)
    }

    /// Records come out in the order they went in, over many turns of a small ring.
    @Test func wrapsAroundInOrder() {
        let ring = SessionRecordRing(capacity: 4)
        let producer = ring.producer
        var next: UInt32 = 1
        var expected: UInt32 = 1
        for round in 0..<50 {
            let burst = round % 4 + 1
            for _ in 0..<burst {
                #expect(producer.push(Self.record(next)))
                next += 1
            }
            #expect(ring.count == burst)
            for number in Self.numbers(ring) {
                #expect(number == expected)
                expected += 1
            }
        }
        #expect(expected == next && ring.dropped == 0 && ring.count == 0)
    }

    /// A full ring drops the record and counts it; the records already in it are kept, and once some are
    /// taken there is room again.
    @Test func fullRingDropsAndCounts() {
        let ring = SessionRecordRing(capacity: 4)
        let producer = ring.producer
        for n in UInt32(1)...4 { #expect(producer.push(Self.record(n))) }
        #expect(!producer.push(Self.record(5)))
        #expect(!producer.push(Self.record(6)))
        #expect(ring.dropped == 2)
        #expect(Self.numbers(ring, limit: 1) == [1])
        #expect(producer.push(Self.record(7)))
        #expect(!producer.push(Self.record(8)))
        #expect(Self.numbers(ring) == [2, 3, 4, 7])
        #expect(ring.dropped == 3)
    }

    /// A ring that waits when full (a replay's) loses nothing: a producer on another thread pushing far more
    /// than the ring holds waits for this consumer, and every record arrives, in order.
    @Test func aRingThatWaitsWhenFullLosesNothing() {
        let ring = SessionRecordRing(capacity: 8, waitsWhenFull: true)
        let total: UInt32 = 50_000
        let finished = Atomic<Bool>(false)
        let pushedAll = Atomic<Bool>(true)
        DispatchQueue(label: "waiting.producer").async {
            let producer = ring.producer
            for number in 1...total where !producer.push(Self.record(number)) { pushedAll.store(false, ordering: .relaxed) }
            finished.store(true, ordering: .releasing)
        }
        var next: UInt32 = 1
        var ordered = true
        while true {
            let done = finished.load(ordering: .acquiring)
            ring.consume { record in
                if UInt32(truncatingIfNeeded: record.id & 0xFF_FFFF) != next { ordered = false }
                next += 1
            }
            if done && ring.count == 0 { break }
        }
        #expect(ordered && pushedAll.load(ordering: .relaxed))
        #expect(next == total + 1 && ring.dropped == 0)
    }

    /// A consumer on this thread and a producer whose side moves between two threads every 1,000 records,
    /// each hand-over through a semaphore (as a lane's claim changes threads under its lock): every record
    /// is either taken, in order, or counted dropped.
    @Test func producerAndConsumerOnOtherThreads() {
        let ring = SessionRecordRing(capacity: 256)
        let total: UInt32 = 200_000
        let finished = Atomic<Bool>(false)
        let turns = [DispatchSemaphore(value: 1), DispatchSemaphore(value: 0)]
        let group = DispatchGroup()
        nonisolated(unsafe) var next: UInt32 = 1  // the producer's, passed with the turn
        for thread in 0..<2 {
            DispatchQueue(label: "producer.\(thread)").async(group: group) {
                while true {
                    turns[thread].wait()
                    if next > total {
                        turns[1 - thread].signal()
                        return
                    }
                    let producer = ring.producer
                    for _ in 0..<1000 where next <= total {
                        producer.push(Self.record(next))
                        next += 1
                    }
                    turns[1 - thread].signal()
                }
            }
        }
        DispatchQueue(label: "producers.done").async {
            group.wait()
            finished.store(true, ordering: .releasing)
        }
        var taken = 0
        var last: UInt32 = 0
        var ordered = true
        while true {
            let done = finished.load(ordering: .acquiring)
            ring.consume { record in
                let number = UInt32(truncatingIfNeeded: record.id & 0xFF_FFFF)
                if number <= last || record.time != UInt64(number) { ordered = false }
                last = number
                taken += 1
            }
            if done && ring.count == 0 { break }
        }
        #expect(ordered)
        #expect(taken + ring.dropped == Int(total))
        #expect(taken > 0)
    }
}
