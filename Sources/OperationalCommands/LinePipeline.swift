// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The line filters of a command (`| count`, `| match P`, `| except P`, `| find P`, `| last N`, `| trim N`),
/// applied left to right, line by line, as the output streams through.
///
/// Feed it the command's output in chunks of any size; it writes what survives the pipes to its sink. Lines
/// stay bytes: a pattern runs over them in linear time (``LinePattern``).
public struct LinePipeline {
    enum Stage {
        case count(Int)
        case match(LinePattern.Matcher)
        case except(LinePattern.Matcher)
        case find(LinePattern.Matcher, isFound: Bool)
        case last([[UInt8]], Int)
        case trim(Int)
    }

    /// What `| find` prints when no line matches (the message NAPALM's Junos driver reproduces).
    static let patternNotFound = Array("Pattern not found\n".utf8)

    private var stages: [Stage]
    private var partial: [UInt8] = []
    private let sink: (ArraySlice<UInt8>) -> Void

    /// - Parameters:
    ///   - pipes: the pipes, in order; those that do not filter lines (``OutputPipe/filtersLines``) are ignored.
    ///   - sink: receives each output line, newline included.
    public init(_ pipes: [OutputPipe], sink: @escaping (ArraySlice<UInt8>) -> Void) {
        stages = pipes.compactMap { pipe in
            switch pipe {
            case .count: .count(0)
            case .match(let pattern): .match(LinePattern.Matcher(pattern))
            case .except(let pattern): .except(LinePattern.Matcher(pattern))
            case .find(let pattern): .find(LinePattern.Matcher(pattern), isFound: false)
            case .last(let lines): .last([], lines)
            case .trim(let columns): .trim(columns)
            case .save, .hold, .noMore, .displayXML, .displayJSON, .displaySet: nil
            }
        }
        self.sink = sink
    }

    /// Adds a chunk of output.
    public mutating func feed(_ bytes: [UInt8]) {
        if case .count(let lines)? = stages.first {
            // `| count` first: only the line ends matter, counted a buffer at a time. `partial` stands for an
            // unterminated last line (counted by ``finish()``).
            guard let last = bytes.last else { return }
            stages[0] = .count(lines + bytes.withUnsafeBufferPointer(Self.lineEnds))
            if last == 0x0A { partial.removeAll(keepingCapacity: true) } else if partial.isEmpty { partial.append(last) }
            return
        }
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            if partial.isEmpty {
                push(bytes[start...index], from: 0)
            } else {
                partial.append(contentsOf: bytes[start...index])
                push(partial[...], from: 0)
                partial.removeAll(keepingCapacity: true)
            }
            start = index + 1
        }
        partial.append(contentsOf: bytes[start...])
    }

    /// The newlines in `bytes` (a loop the compiler vectorises).
    private static func lineEnds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes { count &+= byte == 0x0A ? 1 : 0 }
        return count
    }

    /// Ends the output: flushes a last unterminated line and the buffering stages.
    public mutating func finish() {
        if !partial.isEmpty {
            partial.append(0x0A)
            push(partial[...], from: 0)
            partial.removeAll()
        }
        finish(from: 0)
    }

    /// Passes one line (newline included) to stage `index`.
    private mutating func push(_ line: ArraySlice<UInt8>, from index: Int) {
        guard index < stages.count else {
            sink(line)
            return
        }
        switch stages[index] {
        case .count(let lines):
            stages[index] = .count(lines + 1)
        case .match(let matcher):
            if matcher.matches(line.dropLast()) { push(line, from: index + 1) }
        case .except(let matcher):
            if !matcher.matches(line.dropLast()) { push(line, from: index + 1) }
        case .find(let matcher, let isFound):
            if isFound {
                push(line, from: index + 1)
            } else if matcher.matches(line.dropLast()) {
                stages[index] = .find(matcher, isFound: true)
                push(line, from: index + 1)
            }
        case .last(var kept, let limit):
            // The array is taken out of the enum first, so that appending does not copy it.
            stages[index] = .count(0)
            kept.append(Array(line))
            if kept.count > 2 * limit { kept.removeFirst(kept.count - limit) }
            stages[index] = .last(kept, limit)
        case .trim(let columns):
            // A column is a character: the first `columns` of them go, UTF-8 continuation bytes with them;
            // the newline stays.
            var start = line.startIndex
            var dropped = 0
            while start < line.endIndex - 1 {
                if line[start] & 0xC0 != 0x80 {
                    if dropped == columns { break }
                    dropped += 1
                }
                start += 1
            }
            push(line[start...], from: index + 1)
        }
    }

    private mutating func finish(from index: Int) {
        guard index < stages.count else { return }
        switch stages[index] {
        case .count(let lines):
            push(Array("Count: \(lines) lines\n".utf8)[...], from: index + 1)
        case .last(let kept, let limit):
            for line in kept.suffix(limit) { push(line[...], from: index + 1) }
        case .find(_, isFound: false):
            // Said, not filtered: it is not a line of the output.
            sink(Self.patternNotFound[...])
        case .match, .except, .find, .trim:
            break
        }
        finish(from: index + 1)
    }
}
