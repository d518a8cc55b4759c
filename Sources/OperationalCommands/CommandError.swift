// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

/// A command the operational grammar rejects; `description` is exactly what the CLI prints (Junos style:
/// the command, a caret under the offending word, the message).
public struct CommandError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The command line as typed.
    public var line: String
    /// Column (0-based) of the offending word, or `nil` for errors not tied to a word.
    public var column: Int?
    public var message: String

    public init(line: String, column: Int?, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// The command and the message as printed: control characters escaped (`\x07`), so that nothing typed
    /// or piped in reaches the terminal raw; the caret stays under the word.
    public var description: String {
        let message = message.terminalSafe(keepingLineBreaks: true)
        guard let column else { return message }
        let caret = String(line.prefix(column)).terminalSafe.count
        return line.terminalSafe + "\n" + String(repeating: " ", count: caret) + "^\n" + message
    }
}
