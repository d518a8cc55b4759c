// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands

#if canImport(Glibc)
import Glibc
#endif

/// Reads command lines: on a terminal with editing (arrows, Ctrl-A/E/K/U, backspace), history (up/down),
/// tab completion and `?` help, as the Junos CLI does; otherwise plain lines from standard input.
struct LineEditor {
    let isTerminal: Bool
    private(set) var history: [String] = []

    init(isTerminal: Bool) { self.isTerminal = isTerminal }

    /// The next line, or `nil` at the end of input (Ctrl-D on an empty line).
    mutating func readLine(prompt: String) -> String? {
        guard isTerminal else { return Swift.readLine() }
        var original = termios()
        tcgetattr(0, &original)
        var raw = original
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG)
        tcsetattr(0, TCSANOW, &raw)
        defer { tcsetattr(0, TCSANOW, &original) }

        var line: [Character] = []
        var cursor = 0
        var recall = history.count
        func redraw() {
            let text = prompt + String(line)
            let back = line.count - cursor
            write(Array(("\r" + text + "\u{1B}[K" + (back > 0 ? "\u{1B}[\(back)D" : "")).utf8))
        }
        redraw()
        while let byte = Self.readByte() {
            switch byte {
            case 13, 10:  // Enter
                write(Array("\n".utf8))
                let text = String(line)
                if !text.trimmingWhitespace.isEmpty && history.last != text { history.append(text) }
                return text
            case 4:  // Ctrl-D
                if line.isEmpty { return nil }
            case 3:  // Ctrl-C: abandon the line
                write(Array("\n".utf8))
                line = []
                cursor = 0
            case 1: cursor = 0
            case 5: cursor = line.count
            case 11: line.removeSubrange(cursor...)
            case 21:
                line.removeSubrange(..<cursor)
                cursor = 0
            case 127, 8:  // Backspace
                if cursor > 0 {
                    line.remove(at: cursor - 1)
                    cursor -= 1
                }
            case 9:  // Tab
                complete(&line, &cursor, prompt: prompt)
            case 27:  // Escape sequences: arrows
                guard Self.readByte() == 91, let key = Self.readByte() else { break }
                switch key {
                case 65 where recall > 0:  // up
                    recall -= 1
                    line = Array(history[recall])
                    cursor = line.count
                case 66 where recall < history.count:  // down
                    recall += 1
                    line = recall == history.count ? [] : Array(history[recall])
                    cursor = line.count
                case 67 where cursor < line.count: cursor += 1
                case 68 where cursor > 0: cursor -= 1
                default: break
                }
            case 63:  // '?': the possible completions here, then the line again
                help(String(line[..<cursor]) + "?")
            case 32...126:
                line.insert(Character(UnicodeScalar(byte)), at: cursor)
                cursor += 1
            default:
                break
            }
            redraw()
        }
        return nil
    }

    /// Completes the word before the cursor when it has one completion; otherwise lists them.
    private func complete(_ line: inout [Character], _ cursor: inout Int, prompt: String) {
        let before = String(line[..<cursor])
        guard case .help(let text)? = try? CommandParser.parse(before + "?") else { return }
        let candidates = text.split(separator: "\n").dropFirst().compactMap { row -> String? in
            let name = row.split(separator: " ").first.map(String.init) ?? ""
            return name.hasPrefix("<") || name == "|" ? nil : name
        }
        let partial = before.last == " " || before.isEmpty ? "" : String(before.split(separator: " ").last ?? "")
        if candidates.count == 1 {
            let completion = Array(candidates[0].dropFirst(partial.count)) + [" "]
            line.insert(contentsOf: completion, at: cursor)
            cursor += completion.count
        } else if !candidates.isEmpty {
            help(before + "?")
        }
    }

    private func help(_ text: String) {
        let output: String
        switch try? CommandParser.parse(text) {
        case .help(let help)?: output = help
        default: output = "Possible completions: none"
        }
        write(Array(("\n" + output + "\n").utf8))
    }

    private func write(_ bytes: [UInt8]) { StandardStream.write(bytes, to: 1) }

    static func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = Glibc.read(0, &byte, 1)
            if count == 1 { return byte }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }
}

/// Shows long output a screen at a time (`---(more)---`: space for a page, Enter for a line, `q` to stop).
/// With `| hold` it also waits at the end of the output, as Junos holds its `--More--` prompt there.
struct Pager {
    let isEnabled: Bool
    /// `| hold`: wait for a key after the last line.
    var holdsAtEnd = false
    private let pageLines: Int
    private var shown = 0
    private var partial: [UInt8] = []
    private var isStopped = false

    init(isEnabled: Bool) {
        self.isEnabled = isEnabled
        let rows = getenv("LINES").flatMap { Int(String(cString: $0)) } ?? 24
        pageLines = max(2, rows - 1)
    }

    mutating func write(_ bytes: [UInt8]) {
        guard isEnabled else { return StandardStream.write(bytes, to: 1) }
        for byte in bytes where !isStopped {
            partial.append(byte)
            guard byte == 0x0A else { continue }
            StandardStream.write(partial, to: 1)
            partial.removeAll(keepingCapacity: true)
            shown += 1
            if shown >= pageLines { more() }
        }
    }

    mutating func finish() {
        if isEnabled && !isStopped && !partial.isEmpty { StandardStream.write(partial, to: 1) }
        partial.removeAll()
        if isEnabled && holdsAtEnd && !isStopped { more() }
    }

    private mutating func more() {
        StandardStream.write(Array("---(more)---".utf8), to: 1)
        var original = termios()
        tcgetattr(0, &original)
        var raw = original
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON)
        tcsetattr(0, TCSANOW, &raw)
        let key = LineEditor.readByte()
        tcsetattr(0, TCSANOW, &original)
        StandardStream.write(Array("\r            \r".utf8), to: 1)
        switch key {
        case UInt8(ascii: "q"), UInt8(ascii: "Q"), nil: isStopped = true
        case 13, 10: shown = pageLines - 1
        default: shown = 0
        }
    }
}
