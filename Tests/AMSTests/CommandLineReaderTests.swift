// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import ams
import Testing

/// Piped command lines: split at line feeds whatever the reads return, an overlong line refused without
/// being kept, the last line taken without its line feed.
@Suite("Piped command lines")
struct CommandLineReaderTests {
    /// The lines of `input` read `readSize` bytes at a time at most.
    static func lines(_ input: [UInt8], readSize: Int = 7) -> [InputLine] {
        var offset = 0
        var reader = CommandLineReader { buffer in
            let count = min(readSize, buffer.count, input.count - offset)
            for i in 0..<count { buffer[i] = input[offset + i] }
            offset += count
            return count
        }
        var lines: [InputLine] = []
        while let line = reader.next() { lines.append(line) }
        return lines
    }

    @Test(arguments: [1, 3, 7, 1 << 16])
    func linesAreSplitAtLineFeeds(readSize: Int) {
        let input = Array("show version\r\n\nshow services sessions count\nlast".utf8)
        #expect(Self.lines(input, readSize: readSize)
            == [.text("show version"), .text(""), .text("show services sessions count"), .text("last")])
        #expect(Self.lines(Array("a\n".utf8), readSize: readSize) == [.text("a")])
        #expect(Self.lines([], readSize: readSize).isEmpty)
    }

    @Test func anOverlongLineIsRefusedAndTheNextIsRead() {
        let limit = CommandLineReader.maximumLength
        let longest = [UInt8](repeating: 97, count: limit)
        let input = longest + [10] + longest + [97, 10, 98, 10] + longest + [97]
        #expect(Self.lines(input, readSize: 1 << 16) == [.text(String(repeating: "a", count: limit)), .tooLong, .text("b"), .tooLong])
    }
}
