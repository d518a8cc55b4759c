// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension String {
    /// The text as it may be shown on a terminal: control characters (C0, DEL, C1) as `\xNN`, and the
    /// replacement character that stands for invalid UTF-8 as `\ufffd`, so that a hostile file or command
    /// line cannot move the cursor, clear the screen or ring the bell when it is echoed in a message.
    public var terminalSafe: String { terminalSafe(keepingLineBreaks: false) }

    /// ``terminalSafe``, but line feeds kept: for a message of several lines that quotes user text.
    public func terminalSafe(keepingLineBreaks: Bool) -> String {
        var escaped = ""
        escaped.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x0A where keepingLineBreaks:
                escaped.unicodeScalars.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F:
                let digits = String(scalar.value, radix: 16)
                escaped += "\\x" + (digits.count < 2 ? "0" + digits : digits)
            case 0xFFFD:
                escaped += "\\ufffd"
            default:
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// At most `limit` characters of the text, with `…` in place of the rest: for quoting a word of a
    /// file or command line in a message.
    public func excerpt(_ limit: Int) -> String {
        count <= limit ? self : String(prefix(limit)) + "…"
    }
}
