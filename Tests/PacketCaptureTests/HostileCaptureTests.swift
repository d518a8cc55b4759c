// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PacketCapture
import ServicesTestSupport
import Testing
import Wire

@Suite("Damaged and hostile captures")
struct HostileCaptureTests {
    /// A small capture and the offsets at which its blocks or records end.
    struct Sample {
        var bytes: [UInt8]
        /// Offsets where a record or block ends (a clean place for the file to end).
        var boundaries: [Int]
        /// Offsets where a frame's record or block ends.
        var frameEnds: [Int]
        /// The length of the file header or first Section Header Block.
        var headerLength: Int
    }

    static func pcapSample(nanoseconds: Bool, bigEndian: Bool) -> Sample {
        var writer = PcapWriter(linkType: .ethernet, nanosecondResolution: nanoseconds, bigEndian: bigEndian)
        var ends: [Int] = []
        for (index, size) in [60, 1, 90].enumerated() {
            writer.append(patternFrame(size, seed: UInt8(index)), timestamp: UInt64(index) * 1_000_000)
            ends.append(writer.bytes.count)
        }
        return Sample(bytes: writer.bytes, boundaries: [24] + ends, frameEnds: ends, headerLength: 24)
    }

    static func pcapNGSample(bigEndian: Bool) -> Sample {
        var writer = PcapNGWriter(bigEndian: bigEndian)
        let header = writer.bytes.count
        var boundaries = [header]
        var ends: [Int] = []
        writer.addInterface(linkType: .ethernet, timestampResolution: 9, extraOptions: true)
        boundaries.append(writer.bytes.count)
        writer.appendCustomBlock(type: 0x0BAD, body: [0, 0, 0x7F, 0xFF, 5])  // a Custom Block
        boundaries.append(writer.bytes.count)
        writer.appendEnhanced(patternFrame(60, seed: 1), interface: 0, timestamp: 10, withOptions: true)
        ends.append(writer.bytes.count)
        writer.startSection(bigEndian: !bigEndian)
        boundaries.append(writer.bytes.count)
        writer.addInterface(linkType: .raw)
        boundaries.append(writer.bytes.count)
        writer.appendSimple(patternFrame(5, seed: 2))
        ends.append(writer.bytes.count)
        writer.appendEnhanced(patternFrame(33, seed: 3), interface: 0, timestamp: 30)
        ends.append(writer.bytes.count)
        return Sample(bytes: writer.bytes, boundaries: boundaries + ends, frameEnds: ends, headerLength: header)
    }

    static let samples: [Sample] = [
        pcapSample(nanoseconds: false, bigEndian: false),
        pcapSample(nanoseconds: true, bigEndian: true),
        pcapNGSample(bigEndian: false),
        pcapNGSample(bigEndian: true),
    ]

    @Test(arguments: 0..<4)
    func everyTruncationEndsCleanlyOrWithAnError(sampleIndex: Int) {
        let sample = Self.samples[sampleIndex]
        #expect(readCapture(sample.bytes).frames.count == 3)
        for length in 0...sample.bytes.count {
            let outcome = readCapture(Array(sample.bytes.prefix(length)))
            let complete = sample.frameEnds.filter { $0 <= length }.count
            #expect(outcome.frames.count == complete, "prefix \(length)")
            if length == 0 {
                #expect(outcome.error?.kind == .empty)
            } else if length < sample.headerLength {
                #expect(outcome.error?.kind == .truncatedHeader, "prefix \(length)")
                #expect(outcome.error?.limit == length, "prefix \(length)")
            } else if sample.boundaries.contains(length) {
                #expect(outcome.error == nil, "prefix \(length)")
                #expect(outcome.endOffset == length)
            } else {
                let recordStart = sample.boundaries.filter { $0 < length }.max() ?? 0
                #expect(
                    outcome.error
                        == CaptureError(
                            kind: .truncatedRecord,
                            offset: recordStart,
                            framesRead: complete,
                            value: outcome.error?.value ?? 0,
                            limit: outcome.error?.limit ?? 0
                        ),
                    "prefix \(length)"
                )
                #expect((outcome.error?.limit ?? 0) < (outcome.error?.value ?? 0), "prefix \(length)")
            }
        }
    }

    @Test(arguments: 0..<4)
    func randomCorruptionNeverTraps(sampleIndex: Int) {
        let sample = Self.samples[sampleIndex]
        var generator = SplitMix64(state: UInt64(sampleIndex) &+ 12_345)
        for _ in 0..<2_000 {
            var bytes = sample.bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] = UInt8.random(in: 0...255, using: &generator)
            }
            let outcome = readCapture(bytes)
            // Whatever happened, every returned frame lies inside the file.
            for frame in outcome.frames {
                #expect(frame.offset >= 0 && frame.offset + frame.capturedLength <= bytes.count)
            }
        }
    }

    @Test(
        arguments: [
            [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07],
            Array("GET / HTTP/1.1\r\n\r\n".utf8),
            [0xD4, 0xC3, 0xB2, 0xA2, 0, 0, 0, 0],
            [0x0A, 0x0D, 0x0E],
            [0x7F],
        ] as [[UInt8]]
    )
    func garbageMagicIsRejected(bytes: [UInt8]) {
        let error = readCapture(bytes).error
        #expect(error == CaptureError(kind: .badMagic, offset: 0, framesRead: 0))
        #expect(error?.description == "not a pcap or pcapng file: unknown magic number at offset 0")
    }

    @Test func wrongByteOrderMagicIsRejected() {
        var bytes = PcapNGWriter().bytes
        bytes[8] ^= 0xFF
        let error = readCapture(bytes).error
        #expect(error?.kind == .badByteOrderMark)
        #expect(error?.description == "section header at offset 0 has byte-order mark 0xb23c2b1a, neither 0x1a2b3c4d nor 0x4d3c2b1a; 0 frames read")
    }

    @Test func unsupportedMajorVersionIsRejected() {
        var bytes = PcapNGWriter().bytes
        bytes[12] = 2
        let error = readCapture(bytes).error
        #expect(error == CaptureError(kind: .unsupportedVersion, offset: 0, framesRead: 0, value: 2, limit: 0))
        #expect(error?.description == "section at offset 0 is pcapng version 2.0; only version 1 is read; 0 frames read")
    }

    /// Issue 12, point 13: damage in a later section says what it is and where, after the frames of the
    /// sections before it.
    @Test func aLaterSectionSaysWhatIsWrongWithIt() {
        var first = PcapNGWriter()
        first.addInterface(linkType: .ethernet)
        first.appendEnhanced(patternFrame(60, seed: 1), interface: 0, timestamp: 1)
        let start = first.bytes.count
        for (offset, value, kind) in [(8, UInt8(0x77), CaptureError.Kind.badByteOrderMark), (12, 2, .unsupportedVersion)] {
            var second = PcapNGWriter().bytes
            second[offset] = offset == 8 ? second[offset] ^ value : value
            let outcome = readCapture(first.bytes + second)
            #expect(outcome.frames.count == 1)
            #expect(outcome.error?.kind == kind && outcome.error?.offset == start && outcome.error?.framesRead == 1)
        }
    }

    /// A valid file with one frame, then a block whose length fields are replaced.
    static func fileWithBadBlock(length: UInt32, trailer: UInt32?) -> (bytes: [UInt8], start: Int) {
        var writer = PcapNGWriter()
        writer.addInterface(linkType: .ethernet)
        writer.appendEnhanced([1, 2, 3, 4], interface: 0, timestamp: 0)
        let start = writer.bytes.count
        writer.appendEnhanced(patternFrame(40, seed: 0), interface: 0, timestamp: 0)
        var bytes = writer.bytes
        patchUInt32(&bytes, at: start + 4, length)
        patchUInt32(&bytes, at: bytes.count - 4, trailer ?? length)
        return (bytes, start)
    }

    @Test(arguments: [0, 3, 8, 13, 0xFFFF_FFFC, 0xFFFF_FFFF, 16 * 1024 * 1024 + 4] as [UInt32])
    func invalidBlockLengthsAreRejected(length: UInt32) {
        let (bytes, start) = Self.fileWithBadBlock(length: length, trailer: nil)
        let outcome = readCapture(bytes)
        #expect(outcome.frames.count == 1)
        #expect(outcome.error == CaptureError(kind: .badBlockLength, offset: start, framesRead: 1, value: Int(length)))
    }

    @Test func blockLongerThanTheFileIsTruncated() {
        let (bytes, start) = Self.fileWithBadBlock(length: 1_048_576, trailer: nil)
        let outcome = readCapture(bytes)
        #expect(
            outcome.error
                == CaptureError(
                    kind: .truncatedRecord,
                    offset: start,
                    framesRead: 1,
                    value: 1_048_576,
                    limit: bytes.count - start
                )
        )
    }

    @Test func mismatchedTrailingLengthIsRejected() {
        let (bytes, start) = Self.fileWithBadBlock(length: 72, trailer: 76)
        let outcome = readCapture(bytes)
        #expect(
            outcome.error == CaptureError(kind: .badBlockLength, offset: start, framesRead: 1, value: 72, limit: 76)
        )
        #expect(
            outcome.error?.description
                == "bad block length at offset \(start): 72 bytes, but the trailing length says 76; 1 frames read"
        )
    }

    @Test(arguments: [0, 3, 16, 0xFFFF_FFF0] as [UInt32])
    func hostileSectionHeaderLengthsAreRejected(length: UInt32) {
        var bytes = PcapNGWriter().bytes
        patchUInt32(&bytes, at: 4, length)
        let error = readCapture(bytes).error
        #expect(error?.kind == .badBlockLength || error?.kind == .badBlock || error?.kind == .truncatedHeader)
        #expect(error?.offset == 0)
    }

    @Test func capturedLengthBeyondTheBlockIsRejected() {
        var writer = PcapNGWriter()
        writer.addInterface(linkType: .ethernet)
        let start = writer.bytes.count
        writer.appendCustomBlock(
            type: 6,
            body: enhancedPacketBody(interface: 0, units: 0, captured: 9, data: [1, 2, 3, 4])
        )
        #expect(
            readCapture(writer.bytes).error
                == CaptureError(kind: .badRecordLength, offset: start, framesRead: 0, value: 9, limit: 4)
        )
    }

    @Test func packetBlockTooShortForItsFieldsIsRejected() {
        var writer = PcapNGWriter()
        writer.addInterface(linkType: .ethernet)
        writer.appendCustomBlock(type: 6, body: [0, 0, 0, 0, 0, 0, 0, 0])
        writer.appendCustomBlock(type: 3, body: [])
        #expect(readCapture(writer.bytes).error?.kind == .badBlock)
    }

    @Test func interfaceOptionOverrunningItsBlockIsRejected() {
        var body = LittleEndianBytes()
        body.u16(1)
        body.u16(0)
        body.u32(0)
        body.u16(2)  // if_name
        body.u16(200)  // longer than the block
        body.raw(Array("eth0".utf8))
        var writer = PcapNGWriter()
        writer.appendCustomBlock(type: 1, body: body.bytes)
        #expect(readCapture(writer.bytes).error?.kind == .badBlock)
    }

    @Test func aShorterSpanOnNextThrowsInsteadOfTrapping() {
        var writer = PcapWriter(linkType: .ethernet)
        writer.append(patternFrame(100, seed: 0), timestamp: 0)
        writer.append(patternFrame(100, seed: 0), timestamp: 0)
        let whole = writer.bytes
        let short = Array(whole.prefix(30))
        var reader = try! CaptureReader(whole.span)
        _ = try! reader.next(whole.span)
        #expect(throws: CaptureError.self) { try reader.next(short.span) }
    }
}
