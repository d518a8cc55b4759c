// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands

#if canImport(Glibc)
import Glibc
#endif

/// Reads command lines: on a terminal with editing (``Key``, ``EditedLine``), history (up/down), Tab
/// completion and `?` help, as the Junos CLI does; otherwise whole lines from standard input
/// (``CommandLineReader``).
struct LineEditor {
    let isTerminal: Bool
    private(set) var history: [String] = []
    private var piped = CommandLineReader.standardInput()

    init(isTerminal: Bool) { self.isTerminal = isTerminal }

    /// The next line, or `nil` at the end of input (Ctrl-D on an empty line).
    mutating func readLine(prompt: String) -> InputLine? {
        guard isTerminal else { return piped.next() }
        return Terminal.withLocalModes({ $0 &= ~tcflag_t(ECHO | ICANON | ISIG) }) {
            edit(prompt: prompt).map(InputLine.text)
        }
    }

    private mutating func edit(prompt: String) -> String? {
        var line = EditedLine()
        var recall = history.count
        var keys = KeyReader(readByte: Terminal.readByte)
        var hasSaidASCII = false
        func redraw() {
            let back = line.bytes.count - line.cursor
            Terminal.write("\r" + prompt + line.text + "\u{1B}[K" + (back > 0 ? "\u{1B}[\(back)D" : ""))
        }
        redraw()
        while let key = keys.next() {
            switch key {
            case .enter:
                Terminal.write("\n")
                let text = line.text
                if !text.trimmingWhitespace.isEmpty && history.last != text { history.append(text) }
                return text
            case .endOfInput where line.isEmpty:
                return nil
            case .endOfInput:
                _ = line.apply(.delete)
            case .interrupt:
                // Abandon the line: a new prompt on the next line.
                Terminal.write("\n")
                line = EditedLine()
                recall = history.count
            case .up:
                guard recall > 0 else { continue }
                recall -= 1
                line = EditedLine(history[recall])
            case .down:
                guard recall < history.count else { continue }
                recall += 1
                line = EditedLine(recall == history.count ? "" : history[recall])
            case .tab:
                complete(&line)
            case .character(UInt8(ascii: "?")):
                help(line.textBeforeCursor + "?")
            case .character(let byte):
                let isAtEnd = line.isCursorAtEnd
                guard line.insert(CollectionOfOne(byte)) else {
                    Terminal.bell()
                    continue
                }
                // Typed at the end (or pasted): the character is all that changes on the screen.
                if isAtEnd {
                    Terminal.write(String(UnicodeScalar(byte)))
                    continue
                }
            case .nonASCII:
                // The Junos CLI takes ASCII only: refused, said once per line.
                Terminal.bell()
                guard !hasSaidASCII else { continue }
                hasSaidASCII = true
                Terminal.write("\nOnly ASCII characters can be typed here; the character was not taken.\n")
            default:
                if !line.apply(key) { continue }
            }
            redraw()
        }
        return nil
    }

    /// What Tab does after `before` (the text before the cursor) when its last word can become one of
    /// `candidates`: the rest of the only candidate and a space; or the part all the candidates share
    /// beyond the word; or, when they share nothing more, a list of them; or nothing.
    enum Completion: Equatable {
        case insert(String)
        case list
        case none
    }

    static func completion(after before: String, candidates: [String]) -> Completion {
        let word = before.last == " " || before.last == "\t" || before.isEmpty
            ? "" : String(before.split(whereSeparator: { $0 == " " || $0 == "\t" }).last ?? "")
        guard let first = candidates.first else { return .none }
        if candidates.count == 1 { return .insert(String(first.dropFirst(word.count)) + " ") }
        let shared = candidates.dropFirst().reduce(Substring(first)) { shared, candidate in
            shared.prefix(zip(shared, candidate).prefix { $0 == $1 }.count)
        }
        return shared.count > word.count ? .insert(String(shared.dropFirst(word.count))) : .list
    }

    /// Tab: completes the word before the cursor, or lists what it can become.
    private func complete(_ line: inout EditedLine) {
        let before = line.textBeforeCursor
        switch Self.completion(after: before, candidates: CommandParser.completions(before)) {
        case .insert(let text):
            if !line.insert(Array(text.utf8)) { Terminal.bell() }
        case .list:
            help(before + "?")
        case .none:
            Terminal.bell()
        }
    }

    /// `?`: the possible completions, below the line; the line is drawn again after them.
    private func help(_ text: String) {
        let output: String
        switch try? CommandParser.parse(text) {
        case .help(let help)?: output = help
        default: output = "Possible completions: none"
        }
        Terminal.write("\n" + output + "\n")
    }
}
