// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

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

    public var description: String {
        guard let column else { return message }
        return line + "\n" + String(repeating: " ", count: column) + "^\n" + message
    }
}
