// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Testing
import Wire

/// Text from files and command lines, echoed in messages (issue 12, point 14).
@Suite("Terminal-safe text")
struct TerminalSafeTests {
    @Test func controlCharactersAndInvalidUTF8AreEscaped() {
        #expect("plain text, ünïcode".terminalSafe == "plain text, ünïcode")
        #expect("\u{1B}[2J\u{07}\u{00}".terminalSafe == #"\x1b[2J\x07\x00"#)
        #expect("a\u{7F}b\u{85}c".terminalSafe == #"a\x7fb\x85c"#)
        #expect(String(decoding: [0x61, 0xFF, 0x62], as: UTF8.self).terminalSafe == #"a\ufffdb"#)
    }

    @Test func excerptsAreShort() {
        #expect("short".excerpt(10) == "short")
        #expect(String(repeating: "x", count: 1_000_000).excerpt(40) == String(repeating: "x", count: 40) + "…")
    }
}
