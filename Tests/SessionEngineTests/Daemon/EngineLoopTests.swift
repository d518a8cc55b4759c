// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PacketCapture
import SessionEngine
import Synchronization
import Testing

/// The daemon's engine thread: it pumps, runs the jobs posted to its mailbox between two pumps, and stops
/// once the jobs posted before the stop have run. The clock is the test's: it moves 100 ms a reading.
@Suite("Engine loop")
struct EngineLoopTests {
    final class Clock: @unchecked Sendable {
        var time: UInt64 = 1_900_000_000_000_000_000
        func read() -> UInt64 {
            time += 100_000_000
            return time
        }
    }

    static func loop(_ clock: Clock) throws -> EngineLoop<PacedReplayDriver> {
        let driver = PacedReplayDriver(
            file: try CaptureFile(path: CommandExecutorTests.sample), configuration: .builtInDefault(memberCount: 2),
            pace: .speed(1), wallClock: clock.read)
        return EngineLoop(driver: driver, mailbox: EngineMailbox(), wallClock: clock.read)
    }

    @Test func theJobsPostedBeforeTheStopRunThenTheLoopReturns() throws {
        let loop = try Self.loop(Clock())
        let ran = Mutex<[Int]>([])
        for job in 0..<3 { #expect(loop.mailbox.post { _ in ran.withLock { $0.append(job) } }) }
        loop.mailbox.stop()
        loop.run()
        #expect(ran.withLock { $0 } == [0, 1, 2])
        #expect(!loop.mailbox.post { _ in })
    }

    /// A job that posts itself again runs once per pass: the capture is pumped pass after pass at its pace,
    /// and the jobs see the packet time move on, to the end of the capture.
    @Test func jobsRunBetweenPumpsAsTheCaptureGoesOn() throws {
        let loop = try Self.loop(Clock())
        let seen = Mutex<[UInt64]>([])
        let ended = Mutex(false)
        loop.onEnd = { _ in ended.withLock { $0 = true } }
        @Sendable func watch(_ engine: any EngineAccess) {
            seen.withLock { $0.append(engine.counters.frames) }
            if engine.hasEnded {
                loop.mailbox.stop()
            } else {
                loop.mailbox.post(watch)
            }
        }
        loop.mailbox.post(watch)
        loop.run()
        let frames = seen.withLock { $0 }
        #expect(ended.withLock { $0 })
        #expect(frames.last == 120)
        // The capture lasts 3.7 s: at 100 ms a reading it took many passes, each seeing no fewer frames.
        #expect(frames.count > 10 && frames == frames.sorted())
        #expect(loop.tables.liveSessions == 11)
    }
}
