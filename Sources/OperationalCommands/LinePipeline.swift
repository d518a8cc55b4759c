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
        case last([String], Int)
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
        for byte in bytes {
            partial.append(byte)
            if byte == 0x0A {
                let line = String(decoding: partial, as: UTF8.self)
                partial.removeAll(keepingCapacity: true)
                push(line, from: 0)
            }
        }
    }

    /// Ends the output: flushes a last unterminated line and the buffering stages.
    public mutating func finish() {
        if !partial.isEmpty {
            let line = String(decoding: partial, as: UTF8.self) + "\n"
            partial.removeAll()
            push(line, from: 0)
        }
        finish(from: 0)
    }

    private mutating func push(_ line: String, from index: Int) {
        guard index < stages.count else {
            sink(line)
            return
        }
        let text = line.hasSuffix("\n") ? String(line.dropLast()) : line
        switch stages[index] {
        case .count(let lines):
            stages[index] = .count(lines + 1)
        case .match(let regex):
            if text.contains(regex) { push(line, from: index + 1) }
        case .except(let regex):
            if !text.contains(regex) { push(line, from: index + 1) }
        case .last(var kept, let limit):
            kept.append(line)
            if kept.count > limit { kept.removeFirst(kept.count - limit) }
            stages[index] = .last(kept, limit)
        }
    }

    private mutating func finish(from index: Int) {
        guard index < stages.count else { return }
        switch stages[index] {
        case .count(let lines):
            push("Count: \(lines) lines\n", from: index + 1)
        case .last(let kept, _):
            for line in kept { push(line, from: index + 1) }
        case .match, .except:
            break
        }
        finish(from: index + 1)
    }
}
