// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Glibc
import PacketCapture
import Testing
import Wire

@Suite struct PcapWriterTests {
    static func temporaryPath(_ name: String) -> String {
        "/tmp/ams-pcapwriter-\(getpid())-\(name)"
    }

    @Test(arguments: [(false, false), (true, true)])
    func rewritingAppendWritesTheRewrittenFrame(nanoseconds: Bool, bigEndian: Bool) {
        let template = patternFrame(60, seed: 9)
        var rewritten = template
        rewritten[0] = 0xAA
        rewritten[59] = 0xBB
        var plain = PcapWriter(linkType: .ethernet, nanosecondResolution: nanoseconds, bigEndian: bigEndian)
        plain.append(rewritten, timestamp: 1_700_000_000_123_456_789)
        var inPlace = PcapWriter(linkType: .ethernet, nanosecondResolution: nanoseconds, bigEndian: bigEndian)
        inPlace.append(template.span, timestamp: 1_700_000_000_123_456_789) { frame in
            #expect(frame.count == 60)
            frame[0] = 0xAA
            frame[59] = 0xBB
        }
        #expect(inPlace.bytes == plain.bytes)
    }

    @Test func rewriteSeesTheFrameCutToTheSnapshotLength() {
        var writer = PcapWriter(linkType: .raw, snapLength: 10)
        var seen = -1
        writer.append(patternFrame(25, seed: 1).span, timestamp: 0) { frame in
            seen = frame.count
            frame[9] = 0xEE
        }
        #expect(seen == 10)
        let outcome = readCapture(writer.bytes)
        #expect(outcome.error == nil)
        #expect(outcome.frames.map(\.capturedLength) == [10])
        #expect(outcome.frames.map(\.originalLength) == [25])
        #expect(outcome.payloads == [Array(patternFrame(25, seed: 1).prefix(9)) + [0xEE]])
    }

    @Test func anEmptyFrameIsARecordHeaderAlone() {
        var writer = PcapWriter(linkType: .raw)
        var seen = -1
        writer.append([UInt8]().span, timestamp: 5_000) { seen = $0.count }
        #expect(seen == 0)
        #expect(writer.bytes.count == 24 + 16)
        let outcome = readCapture(writer.bytes)
        #expect(outcome.error == nil)
        #expect(outcome.payloads == [[]])
    }

    @Test func capacityIsReservedUpFront() {
        #expect(PcapWriter(linkType: .ethernet, capacity: 1 << 20).bytes.capacity >= 1 << 20)
    }

    @Test func flushWritesTheBufferToTheFileAndReusesIt() throws {
        let path = Self.temporaryPath("flushed.pcap")
        defer { unlink(path) }
        var output = try CaptureFileOutput(path: path)
        var flushed = PcapWriter(linkType: .ethernet, capacity: 4_096)
        var whole = PcapWriter(linkType: .ethernet)
        let capacity = flushed.bytes.capacity
        for index in 0..<50 {
            let frame = patternFrame(60 + index, seed: UInt8(index))
            flushed.append(frame.span, timestamp: UInt64(index) * 1_000) { frame in frame[0] = UInt8(index) }
            var copy = frame
            copy[0] = UInt8(index)
            whole.append(copy, timestamp: UInt64(index) * 1_000)
            if index % 7 == 6 {
                try flushed.flush(to: &output)
                #expect(flushed.bytes.isEmpty)
                #expect(flushed.bytes.capacity == capacity)
            }
        }
        try flushed.flush(to: &output)
        #expect(output.bytesWritten == whole.bytes.count)
        try output.close()

        let file = try CaptureFile(path: path)
        #expect(file.withBytes { copyBytes($0) } == whole.bytes)
        #expect(CaptureFileTests.readFile(file).frames.count == 50)
    }
}
