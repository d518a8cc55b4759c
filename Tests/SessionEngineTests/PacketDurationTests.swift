// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import PacketCapture
import SessionEngine
import SessionService
import Testing

/// Spans of packet time given in seconds (`--at`, `request replay advance`): range-checked and saturated
/// at the end of packet time, never wrapped or trapped (issue 12: `--at 18446744074`, `1e308` and `inf`
/// crashed; two advances of 10,000,000,000 s wrapped packet time).
@Suite("Packet durations")
struct PacketDurationTests {
    @Test func secondsBecomeNanosecondsOrSaturate() {
        #expect(PacketDuration(seconds: 1.5) == PacketDuration(seconds: 1.5))
        #expect(PacketDuration(seconds: 1.5)?.nanoseconds == 1_500_000_000)
        #expect(PacketDuration(seconds: 0)?.nanoseconds == 0)
        for huge in [18_446_744_074.0, 18_446_744_073.709_553, 1e308, PacketDuration.maximumSeconds] {
            #expect(PacketDuration(seconds: huge)?.nanoseconds == .max, "\(huge)")
            #expect(PacketDuration(seconds: huge)?.isSaturated == true, "\(huge)")
        }
        #expect(PacketDuration(seconds: 18_446_744_073)?.isSaturated == false)
        for bad in [Double.infinity, -Double.infinity, Double.nan, -1, -0.001] {
            #expect(PacketDuration(seconds: bad) == nil, "\(bad)")
        }
    }

    /// The shell: advancing past the end of packet time, twice, stops there and says so.
    @Test func advancingPastTheEndOfTimeStopsThere() throws {
        let configuration = EngineConfiguration.builtInDefault(memberCount: 2)
        var source = SteppedSource(
            configuration: nil, engine: configuration,
            stepped: SteppedReplay(file: try CaptureFile(path: CommandExecutorTests.sample), configuration: configuration))
        for _ in 0..<2 {
            let text = try CommandExecutorTests.run("request replay advance 18446744074", on: &source)
            #expect(text.contains("packet time stops at its end"), "\(text)")
        }
        for _ in 0..<2 {
            let text = try CommandExecutorTests.run("request replay advance 10000000000", on: &source)
            #expect(!text.contains("Replay at -") && text.contains("packet time stops at its end"), "\(text)")
        }
        // Every session has timed out by then.
        #expect(try CommandExecutorTests.run("show services sessions", on: &source).isEmpty)
    }

    /// `ams replay --at` past the end of packet time: the table at the end of time, empty.
    @Test func aReplayStoppedAtTheEndOfTime() throws {
        let options = ReplayOptions(
            configuration: .builtInDefault(memberCount: 2), stopAfter: PacketDuration(seconds: 1e308)!.nanoseconds,
            seed: 1)
        let result = ReplayEngine.replay(try CaptureFile(path: CommandExecutorTests.sample), options: options)
        #expect(result.counters.frames == 120 && result.liveSessions == 0)
    }
}
