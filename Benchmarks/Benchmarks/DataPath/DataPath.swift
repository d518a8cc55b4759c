// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Benchmark
import PacketCapture
import SessionEngine
import SessionTable
import Wire

/// A capture held in memory: `sessions` UDP request/reply pairs and TCP connections (SYN, SYN-ACK, ACK,
/// data, FIN, FIN), interleaved, 1 µs apart.
func syntheticCapture(sessions: Int) -> (bytes: [UInt8], frames: Int) {
    let builder = FrameBuilder(link: .ethernet())
    var writer = PcapWriter(linkType: .ethernet, nanosecondResolution: true)
    var time: UInt64 = 1_700_000_000_000_000_000
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
    return (writer.bytes, frames)
}

/// Runs every frame of `capture` through one member, as `ams replay --members 1` does.
@inline(never)
func replayAll(_ capture: [UInt8], into member: inout MemberProcessor) {
    let bytes = capture.span
    guard var reader = try? CaptureReader(bytes) else { return }
    while let frame = try? reader.next(bytes) {
        let data = bytes.extracting(frame.byteRange)
        do throws(WireError) {
            let packet = try DecodedPacket(parsing: data, linkType: frame.linkType)
            member.process(packet, at: frame.timestamp)
        } catch {
            member.countUndecodable(error)
        }
    }
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

    // The whole fast path: capture record → decode → member → session create/update, per packet. The
    // same with a tenth of the packets: equal malloc counts mean none of them is per packet.
    for (sample, sessions) in [(capture, "20k"), (smallCapture, "2k")] {
        Benchmark(
            "Replay \(sample.frames) frames (\(sessions) sessions) through one member",
            configuration: .init(scalingFactor: .one)
        ) { benchmark in
            var member = MemberProcessor(
                memberIndex: 0, configuration: configuration, expectedSessions: 40_000, seed: 1)
            benchmark.startMeasurement()
            replayAll(sample.bytes, into: &member)
            benchmark.stopMeasurement()
            blackHole(member.shard.count)
        }
    }

    // Steady state: the sessions exist already, every packet is a lookup hit and an update.
    Benchmark("Replay \(capture.frames) frames into existing sessions", configuration: .init(scalingFactor: .one)) {
        benchmark in
        var member = MemberProcessor(
            memberIndex: 0, configuration: configuration, expectedSessions: 40_000, seed: 1)
        replayAll(capture.bytes, into: &member)
        benchmark.startMeasurement()
        replayAll(capture.bytes, into: &member)
        benchmark.stopMeasurement()
        blackHole(member.shard.count)
    }

    Benchmark("Decode an Ethernet/IPv4/TCP frame", configuration: .init(scalingFactor: .mega)) { benchmark in
        let span = tcpFrame.span
        for _ in benchmark.scaledIterations {
            blackHole(try? DecodedPacket(parsing: span, linkType: .ethernet))
        }
    }
}
