// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import PacketCapture
import SessionEngine
import SessionService
import ServicesTestSupport
import Testing
import Wire

/// `ams replay`'s progress line (README.md, *ams replay*): a pure function of the counters and the time.
@Suite("Replay progress line")
struct ReplayProgressLineTests {
    typealias Line = ReplayProgressLine

    static func replaying(_ bytes: Int, of total: Int?, frames: Int) -> ReplayProgress.Snapshot {
        ReplayProgress.Snapshot(phase: .replaying, bytes: bytes, frames: frames, totalBytes: total)
    }

    @Test(arguments: [
        (0, "0 B"), (999, "999 B"), (1000, "1.0 kB"), (1499, "1.5 kB"), (12_345, "12 kB"), (999_499, "999 kB"),
        (999_500, "1.0 MB"), (9_949_999, "9.9 MB"), (9_960_000, "10 MB"), (412_000_000, "412 MB"),
        (1_900_000_000, "1.9 GB"), (2_500_000_000_000, "2.5 TB"), (-5, "0 B"),
    ])
    func sizesAreDecimalWithOneDecimalBelowTen(bytes: Int, text: String) {
        #expect(Line.size(bytes) == text)
    }

    @Test(arguments: [
        (0.0, "0"), (12.4, "12"), (850.0, "850"), (999.4, "999"), (999.6, "1.0 k"), (12_400.0, "12 k"),
        (1_300_000.0, "1.3 M"), (25_000_000.0, "25 M"), (3.2e9, "3.2 G"),
    ])
    func countsTakeAPrefix(value: Double, text: String) {
        #expect(Line.count(value) == text)
    }

    @Test(arguments: [
        (0.0, "0:00"), (0.2, "0:01"), (7.0, "0:07"), (59.5, "1:00"), (61.0, "1:01"), (754.0, "12:34"),
        (3600.0, "1:00:00"), (3723.0, "1:02:03"), (Double.infinity, "0:00"), (-3.0, "0:00"),
    ])
    func timeLeftIsMinutesAndSecondsRoundedUp(seconds: Double, text: String) {
        #expect(Line.duration(seconds) == text)
    }

    /// The example: 412 MB of 1.9 GB read in 2 s with 2.6 million frames.
    @Test func aReplayShowsBytesOfTotalRateAndTimeLeft() {
        let line = Line.text(Self.replaying(412_000_000, of: 1_900_000_000, frames: 2_600_000), elapsed: 2)
        // 206 MB/s: the 1,488 MB left take 7.2 s, shown rounded up.
        #expect(line == "  412 MB of 1.9 GB (21 %), 1.3 M frames/s, 0:08 left")
    }

    @Test func ratesAreAveragesOverThePhase() {
        let line = Line.text(Self.replaying(600_000_000, of: 1_000_000_000, frames: 6_000_000), elapsed: 6)
        // 100 MB/s: the 400 MB left take 4 s.
        #expect(line == "  600 MB of 1.0 GB (60 %), 1.0 M frames/s, 0:04 left")
    }

    @Test func beforeAnythingIsReadThereIsNoRateAndNoTimeLeft() {
        #expect(Line.text(Self.replaying(0, of: 5_000_000, frames: 0), elapsed: 1.5) == "  0 B of 5.0 MB (0 %)")
        #expect(Line.text(Self.replaying(1_000, of: 5_000_000, frames: 1), elapsed: 0) == "  1.0 kB of 5.0 MB (0 %)")
        #expect(Line.text(ReplayProgress.Snapshot(phase: .starting, bytes: 0, frames: 0, totalBytes: nil), elapsed: 3) == "")
    }

    @Test func theEndIsAHundredPercentWithNothingLeft() {
        #expect(
            Line.text(Self.replaying(5_000_000, of: 5_000_000, frames: 70_000), elapsed: 1)
                == "  5.0 MB of 5.0 MB (100 %), 70 k frames/s, 0:00 left")
    }

    /// Standard input (`ams replay -`) is read before it is replayed, its size unknown: bytes and rate only.
    @Test func standardInputShowsBytesAndRateOnly() {
        let reading = ReplayProgress.Snapshot(phase: .reading, bytes: 412_000_000, frames: 0, totalBytes: nil)
        #expect(Line.text(reading, elapsed: 13.7) == "  412 MB read, 30 MB/s")
        #expect(Line.text(reading, elapsed: 0) == "  412 MB read")
        #expect(Line.text(Self.replaying(412_000_000, of: nil, frames: 1_300_000), elapsed: 1) == "  412 MB, 1.3 M frames/s")
    }

    /// The replay publishes how far it has got: the whole capture once it ends, every frame counted — in
    /// every mode (independent members: one pump publishes).
    @Test(arguments: [(1, false, false), (2, false, false), (2, true, false), (3, false, true)])
    func aReplayPublishesItsProgress(members: Int, sequential: Bool, independent: Bool) throws {
        var writer = PcapWriter(linkType: .ethernet, nanosecondResolution: true)
        let b = FrameBuilder(link: .ethernet())
        // 40,000 frames: about 2.3 MB, past two publications a mebibyte apart.
        for index in 0..<40_000 {
            writer.append(
                b.udp(from: IPAddress(10, 0, UInt8(index >> 8 & 0xFF), UInt8(index & 0xFF)), port: 1000,
                      to: IPAddress(192, 0, 2, 1), port: 53),
                timestamp: 1_000_000_000_000 + UInt64(index) * 1000)
        }
        let file = CaptureFile(bytes: writer.bytes.span)
        let progress = ReplayProgress()
        #expect(progress.snapshot.phase == .starting)
        var options = ReplayOptions(configuration: .builtInDefault(memberCount: members), sequential: sequential, seed: 1)
        options.independentMembers = independent
        options.progress = progress
        _ = ReplayEngine.replay(file, options: options)
        let snapshot = progress.snapshot
        #expect(snapshot.phase == .replaying && snapshot.totalBytes == file.count)
        // Published at the first frame past each mebibyte: the last one at or past 2 MiB.
        #expect(snapshot.bytes >= 2 << 20 && snapshot.bytes < file.count)
        #expect(snapshot.frames > 35_000 && snapshot.frames < 40_000)
    }
}
