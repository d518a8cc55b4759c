// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PacketCapture
import Testing
import Wire

@Suite("Reading pcap files")
struct PcapReadingTests {
    static let frames: [[UInt8]] = [patternFrame(60, seed: 1), patternFrame(1, seed: 2), patternFrame(1514, seed: 3)]

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func roundTripKeepsFramesTimestampsAndLinkType(nanoseconds: Bool, bigEndian: Bool) {
        var writer = PcapWriter(linkType: .ethernet, nanosecondResolution: nanoseconds, bigEndian: bigEndian)
        // With microsecond files, sub-microsecond digits are dropped.
        let timestamps: [UInt64] = [1_700_000_000_123_456_789, 1_700_000_001_000_000_001, 4_294_967_295_999_999_999]
        for (frame, timestamp) in zip(Self.frames, timestamps) {
            writer.append(frame, timestamp: timestamp)
        }
        let outcome = readCapture(writer.bytes)
        #expect(outcome.error == nil)
        #expect(outcome.format == .pcap)
        #expect(outcome.payloads == Self.frames)
        #expect(outcome.frames.map(\.timestamp) == timestamps.map { nanoseconds ? $0 : $0 / 1_000 * 1_000 })
        #expect(outcome.frames.allSatisfy { $0.linkType == .ethernet && $0.interface == 0 })
        #expect(outcome.frames.map(\.originalLength) == Self.frames.map(\.count))
        #expect(outcome.endOffset == writer.bytes.count)
    }

    @Test func headerOnlyFileHasNoFrames() {
        let outcome = readCapture(PcapWriter(linkType: .raw).bytes)
        #expect(outcome.error == nil)
        #expect(outcome.frames.isEmpty)
    }

    @Test func linkTypeIgnoresFCSBits() {
        var writer = PcapWriter(linkType: .linuxCooked)
        writer.append([1, 2, 3], timestamp: 0)
        var bytes = writer.bytes
        patchUInt32(&bytes, at: 20, 0x1400_0000 | 113)  // the F bit, an FCS length of 1 (16-bit words), link type 113
        #expect(readCapture(bytes).frames.first?.linkType == .linuxCooked)
    }

    @Test func snapLengthCutsFramesAndKeepsTheOriginalLength() {
        var writer = PcapWriter(linkType: .ethernet, snapLength: 64)
        writer.append(patternFrame(100, seed: 9), timestamp: 5)
        writer.append(patternFrame(10, seed: 9), timestamp: 6, originalLength: 1500)
        let outcome = readCapture(writer.bytes)
        #expect(outcome.frames.map(\.capturedLength) == [64, 10])
        #expect(outcome.frames.map(\.originalLength) == [100, 1500])
        #expect(outcome.payloads[0] == Array(patternFrame(100, seed: 9).prefix(64)))
    }

    @Test func spanAndArrayAppendsWriteTheSameBytes() {
        var fromArray = PcapWriter(linkType: .ethernet, snapLength: 50)
        var fromSpan = PcapWriter(linkType: .ethernet, snapLength: 50)
        for frame in Self.frames {
            fromArray.append(frame, timestamp: 42, originalLength: 2000)
            fromSpan.append(frame.span, timestamp: 42, originalLength: 2000)
        }
        #expect(fromArray.bytes == fromSpan.bytes)
    }

    @Test func takenChunksConcatenateToTheWholeFile() {
        var whole = PcapWriter(linkType: .ethernet)
        var chunked = PcapWriter(linkType: .ethernet)
        var chunks: [UInt8] = []
        for (index, frame) in Self.frames.enumerated() {
            whole.append(frame, timestamp: UInt64(index))
            chunked.append(frame, timestamp: UInt64(index))
            chunks += chunked.takeBytes()
            #expect(chunked.bytes.isEmpty)
        }
        #expect(chunks == whole.bytes)
    }

    /// A record whose captured length exceeds its original length is read as it is (issue 12: it stopped
    /// the replay with 103 of 120 frames lost, where tshark and the pcapng reader take it).
    @Test func capturedLengthOverOriginalLengthIsAccepted() {
        var writer = PcapWriter(linkType: .ethernet)
        writer.append(patternFrame(20, seed: 0), timestamp: 0)
        writer.append(patternFrame(20, seed: 0), timestamp: 0, originalLength: 10)
        writer.append(patternFrame(20, seed: 1), timestamp: 0)
        let outcome = readCapture(writer.bytes)
        #expect(outcome.error == nil)
        #expect(outcome.frames.count == 3)
        #expect(outcome.frames[1].capturedLength == 20 && outcome.frames[1].originalLength == 10)
    }

    @Test func capturedLengthOver256KiBIsRejected() {
        var writer = PcapWriter(linkType: .ethernet, snapLength: 1_000_000)
        writer.append(patternFrame(262_145, seed: 0), timestamp: 0)
        let outcome = readCapture(writer.bytes)
        #expect(outcome.error?.kind == .badRecordLength)
        #expect(outcome.error?.limit == 262_144)
        #expect(outcome.error?.offset == 24)
    }
}
