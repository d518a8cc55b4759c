// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PacketCapture
import Testing
import Wire

@Suite("Reading pcapng files")
struct PcapNGReadingTests {
    static let frames: [[UInt8]] = [patternFrame(60, seed: 1), patternFrame(1, seed: 2), patternFrame(1514, seed: 3)]

    @Test(arguments: [false, true])
    func roundTripInEitherByteOrder(bigEndian: Bool) {
        var writer = PcapNGWriter(bigEndian: bigEndian)
        let interface = writer.addInterface(linkType: .ethernet)
        let timestamps: [UInt64] = [1_700_000_000_123_456_000, 1_700_000_001_000_001_000, 1_800_000_000_000_000_000]
        for (frame, timestamp) in zip(Self.frames, timestamps) {
            writer.appendEnhanced(frame, interface: interface, timestamp: timestamp)
        }
        let outcome = readCapture(writer.bytes)
        #expect(outcome.error == nil)
        #expect(outcome.format == .pcapng)
        #expect(outcome.payloads == Self.frames)
        #expect(outcome.frames.map(\.timestamp) == timestamps)
        #expect(outcome.frames.allSatisfy { $0.linkType == .ethernet && $0.interface == 0 })
        #expect(outcome.endOffset == writer.bytes.count)
    }

    @Test(arguments: [false, true])
    func interfacesKeepTheirOwnLinkTypeAndResolution(bigEndian: Bool) {
        var writer = PcapNGWriter(bigEndian: bigEndian)
        let microseconds = writer.addInterface(linkType: .ethernet)
        let nanoseconds = writer.addInterface(linkType: .raw, timestampResolution: 9)
        let binary = writer.addInterface(linkType: .linuxCooked, timestampResolution: 0x80 | 10)
        let milliseconds = writer.addInterface(linkType: .linuxCooked2, timestampResolution: 3)
        // 2^-10 s is 976,562.5 ns: even multiples of it are exact in nanoseconds.
        let binaryTick: UInt64 = 1_953_125
        let cases: [(UInt32, UInt64, LinkType)] = [
            (microseconds, 1_700_000_000_123_456_000, .ethernet),
            (nanoseconds, 1_700_000_000_123_456_789, .raw),
            (binary, 1_700_000_000_000_000_000 + 7 * binaryTick, .linuxCooked),
            (milliseconds, 1_700_000_000_123_000_000, .linuxCooked2),
            (nanoseconds, 1_700_000_000_999_999_999, .raw),
        ]
        for (index, (interface, timestamp, _)) in cases.enumerated() {
            writer.appendEnhanced(
                patternFrame(40 + index, seed: UInt8(index)),
                interface: interface,
                timestamp: timestamp
            )
        }
        let outcome = readCapture(writer.bytes)
        #expect(outcome.error == nil)
        #expect(outcome.frames.map(\.interface) == cases.map(\.0))
        #expect(outcome.frames.map(\.timestamp) == cases.map(\.1))
        #expect(outcome.frames.map(\.linkType) == cases.map(\.2))
    }

    @Test func optionsOnInterfacesAndPacketsAreSkipped() {
        var writer = PcapNGWriter()
        let first = writer.addInterface(linkType: .ethernet, timestampResolution: 9, extraOptions: true)
        let second = writer.addInterface(linkType: .raw, extraOptions: true)
        writer.appendEnhanced(Self.frames[0], interface: first, timestamp: 1_000_000_001, withOptions: true)
        writer.appendEnhanced(Self.frames[1], interface: second, timestamp: 2_000_000_000, withOptions: true)
        writer.appendEnhanced(Self.frames[2], interface: first, timestamp: 3_000_000_003, withOptions: true)
        let outcome = readCapture(writer.bytes)
        #expect(outcome.error == nil)
        #expect(outcome.payloads == Self.frames)
        #expect(outcome.frames.map(\.timestamp) == [1_000_000_001, 2_000_000_000, 3_000_000_003])
        #expect(outcome.frames.map(\.linkType) == [.ethernet, .raw, .ethernet])
    }

    @Test func simplePacketsUseInterfaceZeroAndItsSnapLength() {
        var writer = PcapNGWriter()
        writer.addInterface(linkType: .raw, snapLength: 64)
        writer.addInterface(linkType: .ethernet)
        writer.appendEnhanced(Self.frames[0], interface: 1, timestamp: 7_000_000_000)
        writer.appendSimple(patternFrame(100, seed: 5))
        writer.appendSimple(patternFrame(3, seed: 6))
        let outcome = readCapture(writer.bytes)
        #expect(outcome.error == nil)
        #expect(outcome.frames.count == 3)
        let simple = Array(outcome.frames.dropFirst())
        #expect(simple.map(\.interface) == [0, 0])
        #expect(simple.map(\.linkType) == [.raw, .raw])
        #expect(simple.map(\.capturedLength) == [64, 3])
        #expect(simple.map(\.originalLength) == [100, 3])
        // A Simple Packet Block has no timestamp: the previous frame's is repeated.
        #expect(simple.map(\.timestamp) == [7_000_000_000, 7_000_000_000])
        #expect(outcome.payloads[1] == Array(patternFrame(100, seed: 5).prefix(64)))
        #expect(outcome.payloads[2] == patternFrame(3, seed: 6))
    }

    @Test func unknownBlocksAreSkipped() {
        var plain = PcapNGWriter()
        var cluttered = PcapNGWriter()
        cluttered.appendCustomBlock(type: 0x8000_0001, body: [])  // reserved for local use
        plain.addInterface(linkType: .ethernet)
        cluttered.addInterface(linkType: .ethernet)
        cluttered.appendCustomBlock(type: 4, body: [1, 2, 3])  // Name Resolution Block
        cluttered.appendCustomBlock(type: 5, body: patternFrame(17, seed: 0))  // Interface Statistics Block
        for (index, frame) in Self.frames.enumerated() {
            plain.appendEnhanced(frame, interface: 0, timestamp: UInt64(index) * 1_000)
            cluttered.appendEnhanced(frame, interface: 0, timestamp: UInt64(index) * 1_000)
            // A Custom Block: a private enterprise number, then data.
            cluttered.appendCustomBlock(type: 0x4000_0BAD, body: [0, 0, 0x7F, 0xFF] + patternFrame(index * 5, seed: 1))
        }
        let expected = readCapture(plain.bytes)
        let outcome = readCapture(cluttered.bytes)
        #expect(outcome.error == nil)
        #expect(outcome.payloads == expected.payloads)
        #expect(outcome.frames.map(\.timestamp) == expected.frames.map(\.timestamp))
    }

    @Test func obsoletePacketBlocksAreRead() {
        var writer = PcapNGWriter()
        writer.addInterface(linkType: .ethernet)
        writer.addInterface(linkType: .raw, timestampResolution: 9)
        var body = LittleEndianBytes()
        body.u16(1)  // interface
        body.u16(0)  // drops count
        body.u32(0)  // timestamp, high
        body.u32(123_456_789)  // timestamp, low
        body.u32(5)
        body.u32(9)
        body.raw([1, 2, 3, 4, 5])
        writer.appendCustomBlock(type: 2, body: body.bytes)
        let outcome = readCapture(writer.bytes)
        #expect(outcome.error == nil)
        #expect(outcome.payloads == [[1, 2, 3, 4, 5]])
        #expect(outcome.frames.first?.interface == 1)
        #expect(outcome.frames.first?.linkType == .raw)
        #expect(outcome.frames.first?.timestamp == 123_456_789)
        #expect(outcome.frames.first?.originalLength == 9)
    }

    @Test func timestampOffsetIsAddedInSeconds() {
        var writer = PcapNGWriter()
        var body = LittleEndianBytes()
        body.u16(1)  // link type
        body.u16(0)
        body.u32(0)  // snap length: unlimited
        body.u16(14)  // if_tsoffset
        body.u16(8)
        body.u64(1_000)
        body.u16(9)  // if_tsresol
        body.u16(1)
        body.raw([9])
        body.u16(0)  // opt_endofopt
        body.u16(0)
        writer.appendCustomBlock(type: 1, body: body.bytes)
        writer.appendCustomBlock(type: 6, body: enhancedPacketBody(interface: 0, units: 5, data: [0xAA]))
        let outcome = readCapture(writer.bytes)
        #expect(outcome.error == nil)
        #expect(outcome.frames.first?.timestamp == 1_000_000_000_005)
    }

    @Test func extremeTimestampsSaturateInsteadOfTrapping() {
        var writer = PcapNGWriter()
        writer.addInterface(linkType: .ethernet, timestampResolution: 0)  // seconds
        writer.addInterface(linkType: .ethernet, timestampResolution: 25)  // 10^-25 s
        writer.addInterface(linkType: .ethernet, timestampResolution: 0x7F)  // 10^-127 s
        writer.addInterface(linkType: .ethernet, timestampResolution: 0xFF)  // 2^-127 s
        writer.addInterface(linkType: .ethernet, timestampResolution: 0x80)  // 2^0 s
        writer.addInterface(linkType: .ethernet, timestampResolution: 0x80 | 63)
        for interface: UInt32 in 0..<6 {
            writer.appendCustomBlock(type: 6, body: enhancedPacketBody(interface: interface, units: .max, data: [1]))
        }
        let outcome = readCapture(writer.bytes)
        #expect(outcome.error == nil)
        // 2^64 - 1 units of 2^-63 s is about 2 s.
        #expect(outcome.frames.map(\.timestamp) == [.max, 1_844, 0, 0, .max, 1_999_999_999])
    }

    @Test func sectionsHaveTheirOwnByteOrderAndInterfaces() {
        var writer = PcapNGWriter(bigEndian: false)
        writer.addInterface(linkType: .ethernet)
        writer.addInterface(linkType: .linuxCooked)
        writer.appendEnhanced(Self.frames[0], interface: 1, timestamp: 1_000)
        writer.startSection(bigEndian: true)
        writer.addInterface(linkType: .raw, timestampResolution: 9)
        writer.appendEnhanced(Self.frames[1], interface: 0, timestamp: 2_001)
        writer.startSection()
        writer.addInterface(linkType: .ipv6)
        writer.appendEnhanced(Self.frames[2], interface: 0, timestamp: 3_000)
        let outcome = readCapture(writer.bytes)
        #expect(outcome.error == nil)
        #expect(outcome.payloads == Self.frames)
        #expect(outcome.frames.map(\.linkType) == [.linuxCooked, .raw, .ipv6])
        #expect(outcome.frames.map(\.timestamp) == [1_000, 2_001, 3_000])
    }

    @Test func anEarlierSectionsInterfacesAreForgotten() {
        var writer = PcapNGWriter()
        writer.addInterface(linkType: .ethernet)
        writer.addInterface(linkType: .ethernet)
        writer.startSection()
        writer.addInterface(linkType: .raw)
        let start = writer.bytes.count
        writer.appendEnhanced([1, 2, 3], interface: 1, timestamp: 0)
        let outcome = readCapture(writer.bytes)
        #expect(
            outcome.error == CaptureError(kind: .unknownInterface, offset: start, framesRead: 0, value: 1, limit: 1)
        )
    }

    @Test func simplePacketWithoutInterfaceIsRejected() {
        var writer = PcapNGWriter()
        writer.appendSimple([1, 2, 3])
        #expect(readCapture(writer.bytes).error?.kind == .unknownInterface)
    }

    @Test func sixtyFourInterfacesFitAndTheSixtyFifthIsRejected() {
        var writer = PcapNGWriter()
        for _ in 0..<64 { writer.addInterface(linkType: .ethernet) }
        writer.appendEnhanced([1], interface: 63, timestamp: 0)
        #expect(readCapture(writer.bytes).frames.first?.interface == 63)
        let start = writer.bytes.count
        writer.addInterface(linkType: .ethernet)
        let outcome = readCapture(writer.bytes)
        #expect(outcome.frames.count == 1)
        #expect(outcome.error?.kind == .tooManyInterfaces)
        #expect(outcome.error?.offset == start)
    }
}
