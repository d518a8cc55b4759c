// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#endif

/// A command line read.
enum InputLine: Equatable {
    case text(String)
    /// A line longer than ``CommandLineReader/maximumLength``: read to its end, not kept.
    case tooLong
}

/// Command lines from a file descriptor that is not a terminal (`ams cli < commands`): read 64 KiB at a
/// time and split at line feeds (a carriage return before one is dropped), in time linear in the input.
/// A line longer than ``maximumLength`` is skipped to its end and reported, so that memory stays bounded
/// whatever comes in; the last line needs no line feed.
struct CommandLineReader {
    /// The longest command line taken, in bytes, piped or typed: no command comes near it.
    static let maximumLength = 1 << 20

    /// Reads into the buffer: the bytes read, 0 at the end of input, negative on an error (`errno`).
    private let read: (UnsafeMutableRawBufferPointer) -> Int
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    /// The bytes of `chunk` not split off yet.
    private var start = 0
    private var end = 0
    private var isAtEnd = false

    init(read: @escaping (UnsafeMutableRawBufferPointer) -> Int) { self.read = read }

    /// Reads standard input.
    static func standardInput() -> CommandLineReader {
        CommandLineReader { Glibc.read(0, $0.baseAddress, $0.count) }
    }

    /// The next line, or `nil` at the end of input.
    mutating func next() -> InputLine? {
        var line: [UInt8] = []
        var isTooLong = false
        var hasBytes = false
        while true {
            if start == end {
                if isAtEnd || !fill() { break }
            }
            hasBytes = true
            let newline = chunk.withUnsafeBufferPointer { buffer -> Int? in
                guard let found = memchr(buffer.baseAddress! + start, 10, end - start) else { return nil }
                return buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            let stop = newline ?? end
            if !isTooLong {
                if line.count + (stop - start) > Self.maximumLength {
                    isTooLong = true
                    line = []
                } else {
                    line.append(contentsOf: chunk[start..<stop])
                }
            }
            start = newline.map { $0 + 1 } ?? end
            if newline != nil { break }
        }
        guard hasBytes else { return nil }
        if isTooLong { return .tooLong }
        if line.last == 13 { line.removeLast() }
        return .text(String(decoding: line, as: UTF8.self))
    }

    /// Reads the next chunk; `false` at the end of input (or on a read error, which ends it too).
    private mutating func fill() -> Bool {
        while true {
            let count = chunk.withUnsafeMutableBytes { read($0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                isAtEnd = true
                return false
            }
            start = 0
            end = count
            return true
        }
    }
}
