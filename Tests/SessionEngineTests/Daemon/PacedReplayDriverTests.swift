// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PacketCapture
import ServicesTestSupport
import SessionEngine
import Testing
import Wire

/// `ams run --replay`: the capture fed at its own pace, driven here by explicit wall-clock times.
@Suite("Paced replay driver")
struct PacedReplayDriverTests {
    /// The wall clock at the first pump (any value: only differences count).
    static let start: UInt64 = 1_900_000_000_000_000_000
    static let second: UInt64 = 1_000_000_000

    /// A capture of one UDP flow of its own at each of `seconds` (from 1.7e9 s after the epoch).
    static func capture(at seconds: [Double]) -> CaptureFile {
        var writer = PcapWriter(linkType: .ethernet, nanosecondResolution: true)
        for (index, time) in seconds.enumerated() {
            let frame = PacketBuilder.ipv4("10.0.0.1", "192.0.2.7").udp(UInt16(10_000 + index), 53).bytes
            writer.append(frame, timestamp: 1_700_000_000 * second + UInt64(time * 1e9))
        }
        let bytes = writer.bytes
        return CaptureFile(bytes: bytes.span)
    }

    static func driver(_ seconds: [Double], pace: PacedReplayDriver.Pace) -> PacedReplayDriver {
        PacedReplayDriver(
            file: capture(at: seconds), configuration: .builtInDefault(memberCount: 2), pace: pace,
            wallClock: { fatalError("the tests pass the wall clock") })
    }

    @Test func atSpeedOneTheWallClockGapIsThePacketTimeGap() {
        var driver = Self.driver([0, 1, 2, 3], pace: .speed(1))
        #expect(driver.pump(atWallClock: Self.start) == .pumped(frames: 1))
        let first = driver.now
        #expect(driver.pump(atWallClock: Self.start + Self.second / 2) == .pumped(frames: 0))
        // Packet time follows the wall clock even without a frame.
        #expect(driver.now == first + Self.second / 2)
        #expect(driver.pump(atWallClock: Self.start + Self.second) == .pumped(frames: 1))
        #expect(driver.pump(atWallClock: Self.start + Self.second * 2 + Self.second / 2) == .pumped(frames: 1))
        #expect(driver.tables.liveSessions == 3)
        // The last frame, then the end of the capture.
        #expect(driver.pump(atWallClock: Self.start + Self.second * 4) == .ended)
        #expect(driver.framesRead == 4 && driver.hasEnded)
        #expect(driver.pump(atWallClock: Self.start + Self.second * 5) == .ended)
    }

    @Test func atSpeedTwoPacketTimeRunsTwiceAsFast() {
        var driver = Self.driver([0, 1, 2, 3], pace: .speed(2))
        #expect(driver.pump(atWallClock: Self.start) == .pumped(frames: 1))
        let first = driver.now
        #expect(driver.pump(atWallClock: Self.start + Self.second) == .pumped(frames: 2))
        #expect(driver.now == first + 2 * Self.second)
        #expect(driver.packetTime(atWallClock: Self.start + Self.second / 4) == first + Self.second / 2)
    }

    /// The tick ages the table at the packet time the wall clock stands for, after the end of the capture
    /// too (UDP sessions: 30 s of inactivity).
    @Test func theTickAgesTheTableAfterTheEnd() {
        var driver = Self.driver([0, 1, 2, 3], pace: .speed(1))
        _ = driver.pump(atWallClock: Self.start)
        #expect(driver.pump(atWallClock: Self.start + 10 * Self.second) == .ended)
        driver.tick(wallClock: Self.start + 29 * Self.second)
        #expect(driver.tables.liveSessions == 4)
        driver.tick(wallClock: Self.start + 31 * Self.second + Self.second / 2)
        #expect(driver.tables.liveSessions == 2)
        driver.tick(wallClock: Self.start + 40 * Self.second)
        #expect(driver.tables.liveSessions == 0)
    }

    /// The tick takes the frames due before it expires anything: a session is not aged past a packet that
    /// keeps it alive.
    @Test func theTickTakesTheFramesDueFirst() {
        var driver = Self.driver([0, 1], pace: .speed(1))
        _ = driver.pump(atWallClock: Self.start)
        driver.tick(wallClock: Self.start + 2 * Self.second)
        #expect(driver.framesRead == 2 && driver.hasEnded)
    }

    @Test func asFastAsPossibleTakesASliceAPump() {
        let times = (0..<20_000).map { Double($0) / 1000 }
        var driver = Self.driver(times, pace: .asFastAsPossible)
        #expect(driver.pump(atWallClock: Self.start) == .pumped(frames: 1))
        #expect(driver.pump(atWallClock: Self.start) == .pumped(frames: 16_384))
        #expect(driver.pump(atWallClock: Self.start) == .ended)
        #expect(driver.framesRead == 20_000)
        // After the end packet time runs with the wall clock, from the last frame (19.999 s).
        let last = driver.now
        driver.tick(wallClock: Self.start + 11 * Self.second)
        #expect(driver.now == last + 11 * Self.second)
        // At 30.999 s the sessions of the first second (0 to 0.999 s) have expired.
        #expect(driver.tables.liveSessions == 19_000)
    }

    @Test func anEmptyCaptureHasEnded() {
        var driver = Self.driver([], pace: .speed(1))
        #expect(driver.pump(atWallClock: Self.start) == .ended)
        #expect(driver.tables.liveSessions == 0)
    }
}
