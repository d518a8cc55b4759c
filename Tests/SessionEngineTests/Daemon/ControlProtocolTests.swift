// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import SessionService
import Testing

/// The control socket's framing: replies cut into frames however the bytes arrive, requests into bounded
/// lines, and what breaks the protocol refused.
@Suite("Control protocol")
struct ControlProtocolTests {
    @Test func framesSurviveAnyCutting() throws {
        var bytes: [UInt8] = []
        ControlProtocol.append(.output, Array("Hostname: ams\n".utf8), to: &bytes)
        ControlProtocol.append(.error, Array("error: x\n".utf8), to: &bytes)
        ControlProtocol.append(.status, [1], to: &bytes)
        #expect(bytes.prefix(5) == [0x6F, 0, 0, 0, 14])
        for piece in [1, 2, 7, bytes.count] {
            var decoder = ReplyDecoder()
            var frames: [ReplyFrame] = []
            var start = 0
            while start < bytes.count {
                decoder.feed(bytes[start..<min(bytes.count, start + piece)])
                start += piece
                while let frame = try decoder.next() { frames.append(frame) }
            }
            #expect(frames == [.output(Array("Hostname: ams\n".utf8)), .error("error: x\n"), .status(1)])
        }
    }

    @Test func largeOutputIsCutIntoFramesOfAtMostOneMebibyte() throws {
        let output = [UInt8](repeating: 0x41, count: ControlProtocol.maximumFrameLength * 2 + 5)
        var bytes: [UInt8] = []
        ControlProtocol.append(.output, output, to: &bytes)
        var decoder = ReplyDecoder()
        decoder.feed(bytes)
        var sizes: [Int] = []
        while case .output(let chunk)? = try decoder.next() { sizes.append(chunk.count) }
        #expect(sizes == [ControlProtocol.maximumFrameLength, ControlProtocol.maximumFrameLength, 5])
    }

    @Test(arguments: [
        [UInt8(0x41), 0, 0, 0, 1, 0],  // an unknown kind
        [UInt8(0x6F), 0x7F, 0, 0, 0],  // 2 GB
        [UInt8(0x78), 0, 0, 0, 2, 0, 0],  // a status of two bytes
    ])
    func whatBreaksTheProtocolIsRefused(bytes: [UInt8]) {
        var decoder = ReplyDecoder()
        decoder.feed(bytes)
        #expect(throws: ControlProtocolError.self) { try decoder.next() }
    }

    @Test func requestsAreLinesOfBoundedLength() {
        var reader = RequestReader()
        reader.feed(Array("show version\r\nshow ser".utf8))
        #expect(reader.next() == .line("show version"))
        #expect(reader.next() == nil)
        reader.feed(Array("vices sessions\n\n".utf8))
        #expect(reader.next() == .line("show services sessions"))
        #expect(reader.next() == .line(""))
        // Garbage is a line like any other (the parser refuses it); a line too long is not kept.
        reader.feed([0xFF, 0x00, 0x0A])
        #expect(reader.next() == .line("\u{FFFD}\u{0}"))
        reader.feed([UInt8](repeating: 0x61, count: ControlProtocol.maximumRequestLength + 1))
        #expect(reader.next() == .tooLong)
        reader.feed(Array("show version\n".utf8))
        #expect(reader.next() == nil)
    }

    /// A client may pack many requests into one read: each is taken in turn, in order, none lost — and
    /// taking them does not move the ones left (200,000 lines: quadratic before).
    @Test func manyRequestsInOneReadComeOutInOrder() {
        var reader = RequestReader()
        var bytes: [UInt8] = []
        for index in 0..<200_000 { bytes += Array("show version \(index)\n".utf8) }
        reader.feed(bytes)
        var count = 0
        while let request = reader.next() {
            guard request == .line("show version \(count)") else { break }
            count += 1
        }
        #expect(count == 200_000)
        reader.feed(Array("clear services sessions\r\n".utf8))
        #expect(reader.next() == .line("clear services sessions"))
        #expect(reader.next() == nil)
    }
}
