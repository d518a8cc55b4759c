// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The text pipes of a command (`| count`, `| match R`, `| except R`, `| last N`, `| no-more`), applied
/// left to right, line by line, as the output streams through.
///
/// Feed it the command's output in chunks of any size; it writes what survives the pipes to its sink.
public struct LinePipeline {
    enum Stage {
        case count(Int)
        case match(Regex<AnyRegexOutput>)
        case except(Regex<AnyRegexOutput>)
        case last([[UInt8]], Int)
    }

    private var stages: [Stage]
    private var partial: [UInt8] = []
    private let sink: (String) -> Void

    /// - Parameters:
    ///   - pipes: the text pipes, in order (display pipes are not text pipes and are ignored here).
    ///   - sink: receives each output line, newline included.
    public init(_ pipes: [OutputPipe], sink: @escaping (String) -> Void) {
        stages = pipes.compactMap { pipe in
            switch pipe {
            case .count: .count(0)
            case .match(let pattern): (try? Regex(pattern)).map(Stage.match)
            case .except(let pattern): (try? Regex(pattern)).map(Stage.except)
            case .last(let lines): .last([], lines)
            case .noMore, .displayXML, .displayJSON, .displaySet: nil
            }
        }
        self.sink = sink
    }

    /// Adds a chunk of output.
    public mutating func feed(_ bytes: [UInt8]) {
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

    /// Ends the output: flushes a last unterminated line and the buffering stages.
    public mutating func finish() {
        if !partial.isEmpty {
            partial.append(0x0A)
            push(partial[...], from: 0)
            partial.removeAll()
        }
        finish(from: 0)
    }

    /// Passes one line (newline included) to stage `index`. Lines stay bytes; only a regular expression
    /// turns one into a `String`.
    private mutating func push(_ line: ArraySlice<UInt8>, from index: Int) {
        guard index < stages.count else {
            sink(String(decoding: line, as: UTF8.self))
            return
        }
        switch stages[index] {
        case .count(let lines):
            stages[index] = .count(lines + 1)
        case .match(let regex):
            if String(decoding: line.dropLast(), as: UTF8.self).contains(regex) { push(line, from: index + 1) }
        case .except(let regex):
            if !String(decoding: line.dropLast(), as: UTF8.self).contains(regex) { push(line, from: index + 1) }
        case .last(var kept, let limit):
            // The array is taken out of the enum first, so that appending does not copy it.
            stages[index] = .count(0)
            kept.append(Array(line))
            if kept.count > 2 * limit { kept.removeFirst(kept.count - limit) }
            stages[index] = .last(kept, limit)
        }
    }

    private mutating func finish(from index: Int) {
        guard index < stages.count else { return }
        switch stages[index] {
        case .count(let lines):
            push(Array("Count: \(lines) lines\n".utf8)[...], from: index + 1)
        case .last(let kept, let limit):
            for line in kept.suffix(limit) { push(line[...], from: index + 1) }
        case .match, .except:
            break
        }
        finish(from: index + 1)
    }
}
