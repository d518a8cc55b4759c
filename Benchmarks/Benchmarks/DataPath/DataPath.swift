// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Benchmark
import PacketCapture
import SessionEngine
import Wire

/// A capture held in memory: `sessions` UDP request/reply pairs and TCP connections (SYN, SYN-ACK, ACK,
/// data, FIN, FIN), interleaved, 1 µs apart.
func syntheticCapture(sessions: Int) -> (bytes: [UInt8], frames: Int) {
    var writer = PcapWriter(linkType: .ethernet, nanosecondResolution: true)
    var time: UInt64 = 1_700_000_000_000_000_000
    let frames = appendTrace(sessions: sessions, to: &writer, time: &time)
    return (writer.bytes, frames)
}

/// The trace of ``syntheticCapture(sessions:)`` twice, the second copy `gap` nanoseconds after the first;
/// the seconds from the first frame to the end of the first copy.
func repeatedCapture(sessions: Int, gap: UInt64) -> (bytes: [UInt8], frames: Int, firstCopySeconds: Double) {
    var writer = PcapWriter(linkType: .ethernet, nanosecondResolution: true)
    let start: UInt64 = 1_700_000_000_000_000_000
    var time = start
    var frames = appendTrace(sessions: sessions, to: &writer, time: &time)
    let firstCopy = Double(time - start) / 1e9
    time += gap
    frames += appendTrace(sessions: sessions, to: &writer, time: &time)
    return (writer.bytes, frames, firstCopy)
}

/// Appends the frames of `sessions` sessions from packet time `time` on; returns how many.
func appendTrace(sessions: Int, to writer: inout PcapWriter, time: inout UInt64) -> Int {
    let builder = FrameBuilder(link: .ethernet())
    var frames = 0
    func add(_ frame: [UInt8]) {
        writer.append(frame, timestamp: time)
        time += 1_000
        frames += 1
    }
    for n in 0..<sessions {
        let client = IPAddress(ipv4: 0x0A00_0000 | UInt32(n & 0xFFFF))
        let server = IPAddress(ipv4: 0xC000_0200 | UInt32(n % 200))
        let port = UInt16(1024 + (n >> 16))
        if n % 2 == 0 {
            add(builder.udp(from: client, port: port, to: server, port: 53, payload: Array(repeating: 1, count: 32)))
            add(builder.udp(from: server, port: 53, to: client, port: port, payload: Array(repeating: 2, count: 64)))
        } else {
            add(builder.tcp(from: client, port: port, to: server, port: 80, flags: [.syn]))
            add(builder.tcp(from: server, port: 80, to: client, port: port, flags: [.syn, .ack]))
            add(builder.tcp(from: client, port: port, to: server, port: 80, flags: [.ack]))
            add(builder.tcp(from: client, port: port, to: server, port: 80, flags: [.psh, .ack], payload: Array(repeating: 3, count: 100)))
            add(builder.tcp(from: server, port: 80, to: client, port: port, flags: [.fin, .ack]))
            add(builder.tcp(from: client, port: port, to: server, port: 80, flags: [.fin, .ack]))
        }
    }
    return frames
}

/// Replays `capture` as `ams replay --members N … count` does: the shipping path — frame pump, ALG
/// director, owner rule, members (inline with one member, dispatched with more); the tables stay where
/// they are. Returns the sessions found.
@inline(never)
func replay(_ capture: CaptureFile, members: Int) -> Int {
    let options = ReplayOptions(
        configuration: .builtInDefault(memberCount: members), expectedSessions: 40_000, seed: 1)
    return ReplayEngine.replay(capture, options: options).liveSessions
}

let benchmarks: @Sendable () -> Void = {
    let capture = syntheticCapture(sessions: 20_000)
    let smallCapture = syntheticCapture(sessions: 2_000)
    let configuration = EngineConfiguration.builtInDefault(memberCount: 1)
    let tcpFrame = FrameBuilder(link: .ethernet()).tcp(
        from: IPAddress(10, 0, 0, 1), port: 40000, to: IPAddress(192, 0, 2, 7), port: 80, flags: [.ack],
        payload: Array(repeating: 0, count: 64))

    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(3), maxIterations: 1_000)

    // The whole fast path: capture record → decode → ALG director → owner rule → member → session
    // create/update, per packet, with one member (inline) and two (dispatched). The same with a tenth of
    // the packets: equal malloc counts mean none of them is per packet.
    for members in [1, 2] {
        for (sample, sessions) in [(capture, "20k"), (smallCapture, "2k")] {
            let file = CaptureFile(bytes: sample.bytes.span)
            Benchmark(
                "Replay \(sample.frames) frames (\(sessions) sessions) through \(members) member\(members == 1 ? "" : "s")",
                configuration: .init(scalingFactor: .one)
            ) { benchmark in
                benchmark.startMeasurement()
                let found = replay(file, members: members)
                benchmark.stopMeasurement()
                blackHole(found)
            }
        }
    }

    // Steady state: the sessions exist already, every packet is a lookup hit and an update. The capture
    // holds the trace twice, the second copy 50 ms after the first (well within every timeout); the
    // shell's stepped replay runs the first copy, then the second is measured.
    let twice = repeatedCapture(sessions: 20_000, gap: 50_000_000)
    let twiceFile = CaptureFile(bytes: twice.bytes.span)
    Benchmark("Replay \(twice.frames / 2) frames into existing sessions", configuration: .init(scalingFactor: .one)) {
        benchmark in
        let stepped = SteppedReplay(file: twiceFile, configuration: configuration)
        stepped.advance(by: twice.firstCopySeconds)
        benchmark.startMeasurement()
        stepped.advance(by: nil)
        benchmark.stopMeasurement()
        blackHole(stepped.framesRead)
    }

    Benchmark("Decode an Ethernet/IPv4/TCP frame", configuration: .init(scalingFactor: .mega)) { benchmark in
        let span = tcpFrame.span
        for _ in benchmark.scaledIterations {
            blackHole(try? DecodedPacket(parsing: span, linkType: .ethernet))
        }
    }
}
