// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Glibc
import PacketCapture
import Testing
import Wire

@Suite("Capture files on disk")
struct CaptureFileTests {
    static func temporaryPath(_ name: String) -> String {
        "/tmp/ams-packetcapture-\(getpid())-\(name)"
    }

    static func readFile(_ file: CaptureFile) -> ReadOutcome {
        file.withBytes { bytes in readCapture(copyBytes(bytes)) }
    }

    @Test func aWrittenPcapReadsBackThroughTheMapping() throws {
        let path = Self.temporaryPath("mapped.pcap")
        defer { unlink(path) }
        var writer = PcapWriter(linkType: .ethernet, nanosecondResolution: true)
        for index in 0..<100 {
            writer.append(patternFrame(40 + index, seed: UInt8(index)), timestamp: 1_000_000_000 + UInt64(index))
        }
        try writeFile(path: path, bytes: writer.bytes)

        let file = try CaptureFile(path: path)
        file.advise(sequential: true)
        #expect(file.count == writer.bytes.count)
        // Read straight from the mapped span, not a copy.
        let timestamps = try file.withBytes { (bytes) throws(CaptureError) -> [UInt64] in
            var reader = try CaptureReader(bytes)
            var result: [UInt64] = []
            while let frame = try reader.next(bytes) {
                let frameBytes = bytes.extracting(frame.byteRange)
                #expect(copyBytes(frameBytes) == patternFrame(40 + result.count, seed: UInt8(result.count)))
                result.append(frame.timestamp)
            }
            return result
        }
        #expect(timestamps == (0..<100).map { 1_000_000_000 + UInt64($0) })
    }

    @Test("released pages read back the same bytes, mapped again from the file")
    func releasedPagesReadBackTheSame() throws {
        let path = Self.temporaryPath("released.pcap")
        defer { unlink(path) }
        var writer = PcapWriter(linkType: .ethernet, nanosecondResolution: true)
        for index in 0..<2_000 {
            writer.append(patternFrame(60 + index % 900, seed: UInt8(truncatingIfNeeded: index)), timestamp: UInt64(index))
        }
        try writeFile(path: path, bytes: writer.bytes)
        let file = try CaptureFile(path: path)
        let before = file.withBytes { copyBytes($0) }
        #expect(before == writer.bytes)
        #expect(Self.readFile(file).frames.count == 2_000)
        // Part of it (not page-aligned at either end), then all of it, then a range past the end.
        file.release(5_000..<(file.count / 2 + 123))
        #expect(file.withBytes { copyBytes($0) } == before)
        file.release(0..<file.count)
        #expect(file.withBytes { copyBytes($0) } == before)
        file.release(file.count..<(file.count + 10_000))
        #expect(file.withBytes { copyBytes($0) } == before)
        #expect(Self.readFile(file).frames.count == 2_000)
    }

    @Test func appendedWritesMakeOnePcapNGFile() throws {
        let path = Self.temporaryPath("appended.pcapng")
        defer { unlink(path) }
        var writer = PcapNGWriter()
        writer.addInterface(linkType: .raw, timestampResolution: 9)
        var output = try CaptureFileOutput(path: path)
        var expected: [UInt8] = []
        for index in 0..<10 {
            writer.appendEnhanced(patternFrame(20, seed: UInt8(index)), interface: 0, timestamp: UInt64(index))
            let chunk = writer.takeBytes()
            expected += chunk
            try output.write(chunk)
        }
        #expect(output.bytesWritten == expected.count)
        try output.close()
        try output.close()  // a second close does nothing

        let file = try CaptureFile(path: path)
        #expect(file.withBytes { copyBytes($0) } == expected)
        let outcome = Self.readFile(file)
        #expect(outcome.error == nil)
        #expect(outcome.frames.count == 10)
    }

    @Test func aMissingFileReportsErrno() {
        #expect(throws: CaptureError(kind: .open(ENOENT), offset: 0, framesRead: 0)) {
            try CaptureFile(path: Self.temporaryPath("does-not-exist"))
        }
    }

    @Test func aDirectoryCannotBeRead() {
        #expect(throws: CaptureError(kind: .open(EISDIR), offset: 0, framesRead: 0)) {
            try CaptureFile(path: "/tmp")
        }
    }

    @Test func anEmptyFileIsAnEmptySpan() throws {
        let path = Self.temporaryPath("empty.pcap")
        defer { unlink(path) }
        try writeFile(path: path, bytes: [])
        let file = try CaptureFile(path: path)
        #expect(file.count == 0)
        #expect(file.withBytes { $0.count } == 0)
        #expect(Self.readFile(file).error?.kind == .empty)
    }

    @Test func aWriteToAnUnwritablePathReportsErrno() {
        #expect(throws: CaptureError(kind: .open(ENOENT), offset: 0, framesRead: 0)) {
            try writeFile(path: "/nonexistent-directory/x.pcap", bytes: [1])
        }
    }
}
