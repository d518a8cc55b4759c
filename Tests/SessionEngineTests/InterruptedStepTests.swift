// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import OperationalCommands
import PacketCapture
import SessionEngine
import SessionService
import Testing

/// Ctrl-C in the shell: a step of the stepped replay stops early at a consistent point — after the last
/// frame taken, its packet time not moved past it — and the replay goes on from there to the same tables
/// as without the stop; a listing stops after the sessions written.
@Suite("Interrupted commands")
struct InterruptedStepTests {
    static let configuration = EngineConfiguration.builtInDefault(memberCount: 2)

    static func stepped() throws -> SteppedReplay {
        SteppedReplay(file: try CaptureFile(path: CommandExecutorTests.sample), configuration: configuration)
    }

    /// `shouldStop` that says `true` the `n`-th time it is asked.
    static func stopping(atQuestion n: Int) -> () -> Bool {
        var asked = 0
        return {
            asked += 1
            return asked == n
        }
    }

    @Test func aStoppedStepGoesOnToTheSameTables() throws {
        let whole = try Self.stepped()
        #expect(whole.advance(step: nil))
        let expected = whole.tables().snapshot()

        let stopped = try Self.stepped()
        // Asked before the first frame and every 32 frames: the third question comes before frame 65.
        #expect(!stopped.advance(step: nil, stoppingWhen: Self.stopping(atQuestion: 3)))
        #expect(stopped.framesRead == 64 && !stopped.isFinished)
        #expect(stopped.advance(step: nil))
        #expect(stopped.framesRead == 120 && stopped.isFinished)
        #expect(stopped.tables().snapshot() == expected)
        #expect(stopped.now == whole.now)
    }

    /// The packet time reached stays at the last frame taken: had it moved to the end of the step, sessions
    /// would expire before the packets that keep them alive were replayed.
    @Test func aStoppedStepKeepsItsPacketTime() throws {
        let stepped = try Self.stepped()
        stepped.advance(by: 0.5)
        let (now, frames) = (stepped.now, stepped.framesRead)
        #expect(!stepped.advance(step: PacketDuration(seconds: 1), stoppingWhen: { true }))
        #expect(stepped.now == now && stepped.framesRead == frames)
        #expect(stepped.advance(step: PacketDuration(seconds: 1)))
        #expect(stepped.now == now + 1_000_000_000)

        let midway = try Self.stepped()
        #expect(!midway.advance(step: PacketDuration(seconds: 10), stoppingWhen: Self.stopping(atQuestion: 2)))
        #expect(midway.framesRead == 32)
        #expect(midway.now < midway.firstTimestamp! + 10_000_000_000)
    }

    @Test func theExecutorStopsAStepAndAListing() throws {
        var source = SteppedSource(configuration: nil, engine: Self.configuration, stepped: try Self.stepped())
        func run(_ line: String, stop: @escaping () -> Bool) throws -> String {
            guard case .command(let parsed) = try CommandParser.parse(line) else { return "" }
            var output: [UInt8] = []
            try CommandExecutor(version: "test", shouldStop: stop) { output += $0 }.execute(parsed, on: &source)
            return String(decoding: output, as: UTF8.self)
        }
        #expect(
            try run("request replay advance to-end", stop: Self.stopping(atQuestion: 2))
                .hasSuffix(", 32 frames read (interrupted)\n"))
        #expect(try run("request replay advance to-end", stop: { false }).hasSuffix("120 frames read (end of capture)\n"))
        // The listing stops after the first chunk of sessions: the second member is not shown.
        let all = try run("show services sessions", stop: { false })
        let stopped = try run("show services sessions", stop: { true })
        #expect(all.contains("mams-0/1/0") && stopped.contains("mams-0/0/0") && !stopped.contains("mams-0/1/0"))
    }
}
