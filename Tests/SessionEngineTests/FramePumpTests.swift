// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import PacketCapture
@testable import SessionEngine
import ServicesTestSupport
import Testing
import Wire

/// The one frame loop: steps, the frame a step leaves for the next, counting.
@Suite("Frame pump")
struct FramePumpTests {
    /// A sink that remembers which member got which packet.
    struct Recorder: PacketSink, ~Copyable {
        var taken: [(member: Int, time: UInt64)] = []
        var flushes = 0
        mutating func take(_ packet: SessionPacket, member: Int) { taken.append((member, packet.time)) }
        mutating func flush() { flushes += 1 }
    }

    static func capture(frames: Int) throws -> CaptureFile {
        var writer = PcapWriter(linkType: .ethernet, nanosecondResolution: true)
        let b = FrameBuilder(link: .ethernet())
        for index in 0..<frames {
            writer.append(
                b.udp(from: IPAddress(10, 0, 0, UInt8(1 + index % 50)), port: 1000, to: IPAddress(192, 0, 2, 1), port: 53),
                timestamp: 1_000_000_000_000 + UInt64(index) * 100_000_000)
        }
        writer.append([0xFF, 0xFF], timestamp: 1_000_000_000_000 + UInt64(frames) * 100_000_000)
        let path = NSTemporaryDirectory() + "ams-pump-\(UUID().uuidString).pcap"
        try Data(writer.bytes).write(to: URL(fileURLWithPath: path))
        return try CaptureFile(path: path)
    }

    /// Steps of packet time take exactly the frames up to each step's end; the frame past it is left for
    /// the next step, and the steps add up to the whole capture.
    @Test func stepsTakeTheirFramesAndLeaveTheNext() throws {
        let file = try Self.capture(frames: 100)
        var pump = FramePump(configuration: .builtInDefault(memberCount: 4), expectedFlows: 16, seed: 1)
        var source = CaptureFileSource(file)
        var sink = Recorder()
        // The first step is measured from the first frame: frames at 0.0 … 1.0 s.
        guard case .paused = pump.run(from: &source, into: &sink, step: 1_000_000_000) else {
            Issue.record("the step should pause")
            return
        }
        #expect(sink.taken.count == 11 && pump.counters.frames == 11)
        #expect(pump.now == 1_000_000_000_000 + 1_000_000_000)
        _ = pump.run(from: &source, into: &sink, step: 250_000_000)
        #expect(sink.taken.count == 13)
        guard case .exhausted = pump.run(from: &source, into: &sink, step: nil) else {
            Issue.record("the capture should be exhausted")
            return
        }
        #expect(sink.taken.count == 100 && pump.counters.frames == 101)
        #expect(pump.counters.wireDrops.reduce(0, +) == 1)
        #expect(sink.taken.map(\.time) == sink.taken.map(\.time).sorted())
        #expect(sink.flushes == 3)
        #expect(Set(sink.taken.map(\.member)).count > 1)
    }

    /// A source that is not a capture fails at once, and says so on every call.
    @Test func aFileThatIsNotACaptureFails() throws {
        let path = NSTemporaryDirectory() + "ams-pump-\(UUID().uuidString).txt"
        try Data("not a capture".utf8).write(to: URL(fileURLWithPath: path))
        var source = CaptureFileSource(try CaptureFile(path: path))
        var pump = FramePump(configuration: .builtInDefault(memberCount: 1), expectedFlows: 16, seed: 1)
        var sink = Recorder()
        for _ in 0..<2 {
            guard case .failed = pump.run(from: &source, into: &sink, step: nil) else {
                Issue.record("expected a failure")
                return
            }
        }
        #expect(sink.taken.isEmpty && pump.firstTimestamp == nil)
    }
}
