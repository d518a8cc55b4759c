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
        let bytes = writer.bytes
        return CaptureFile(bytes: bytes.span)
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
        let bytes = Array("not a capture".utf8)
        var source = CaptureFileSource(CaptureFile(bytes: bytes.span))
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

extension FramePumpTests {
    /// A source that knows its interfaces' sides (a live card) routes by them: every packet from an
    /// outside interface goes to its egress key's member (the destination's), with no guess.
    @Test func knownSidesRouteByTheirHashKey() throws {
        var writer = PcapWriter(linkType: .ethernet, nanosecondResolution: true)
        let b = FrameBuilder(link: .ethernet())
        let servers = (1...40).map { IPAddress(192, 0, 2, UInt8($0)) }
        for (index, server) in servers.enumerated() {
            writer.append(
                b.udp(from: server, port: 53, to: IPAddress(10, 0, 0, 1), port: 1000), timestamp: 1_000 + UInt64(index))
        }
        let bytes = writer.bytes
        let configuration = EngineConfiguration.builtInDefault(memberCount: 4)
        let selector = MemberSelector(memberCount: 4)
        for (sides, expected) in [
            ([PacketSide.outside], servers.map { _ in selector.member(for: IPAddress(10, 0, 0, 1)) }),
            ([], servers.map { selector.member(for: $0) }),
        ] {
            var pump = FramePump(configuration: configuration, expectedFlows: 64, seed: 1, interfaceSides: sides)
            var source = CaptureFileSource(CaptureFile(bytes: bytes.span))
            var sink = Recorder()
            _ = pump.run(from: &source, into: &sink, step: nil)
            #expect(sink.taken.map(\.member) == expected, "sides \(sides)")
        }
    }
}

extension FramePumpTests {
    /// A record whose captured length exceeds its original length is replayed like any other and counted
    /// (issue 12: the replay stopped there, exit 3, with 103 of 120 frames lost).
    @Test func framesCapturedLongerThanOnTheWireAreReplayedAndCounted() throws {
        var writer = PcapWriter(linkType: .ethernet, nanosecondResolution: true)
        let b = FrameBuilder(link: .ethernet())
        for index in 0..<120 {
            let frame = b.udp(from: IPAddress(10, 0, 0, UInt8(1 + index % 50)), port: 1000, to: IPAddress(192, 0, 2, 1), port: 53)
            writer.append(frame, timestamp: 1_000 + UInt64(index), originalLength: index == 17 ? 20 : nil)
        }
        let bytes = writer.bytes
        let result = ReplayEngine.replay(
            CaptureFile(bytes: bytes.span), options: ReplayOptions(configuration: .builtInDefault(memberCount: 2), seed: 1))
        #expect(result.captureError == nil)
        #expect(result.counters.frames == 120 && result.counters.framesLongerThanOriginal == 1)
        #expect(result.counters.packets == 120)
    }
}

extension FramePumpTests {
    /// Frames of a link type ams does not decode (PPP) are counted by name, and the pump remembers the
    /// link type so that `ams replay` can say why the capture shows nothing (issue 12, point 9).
    @Test func framesOfAnUndecodedLinkTypeAreCountedWithTheirType() throws {
        var writer = PcapWriter(linkType: LinkType(rawValue: 9), nanosecondResolution: true)
        for index in 0..<5 { writer.append([0xFF, 0x03, 0x00, 0x21, 0x45, 0, 0, 20], timestamp: 1_000 + UInt64(index)) }
        let bytes = writer.bytes
        let result = ReplayEngine.replay(
            CaptureFile(bytes: bytes.span), options: ReplayOptions(configuration: .builtInDefault(memberCount: 2), seed: 1))
        #expect(result.captureError == nil && result.counters.frames == 5)
        #expect(result.counters.wireDrops[WireError.unsupportedLinkType.counterIndex] == 5)
        #expect(result.counters.unsupportedLinkType == LinkType(rawValue: 9))
    }
}
