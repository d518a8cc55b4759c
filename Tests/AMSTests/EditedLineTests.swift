// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import ams
import Testing

/// The edits of the editing keys on the line and its cursor.
@Suite("Line editing")
struct EditedLineTests {
    /// `text` (the cursor at its end) after `keys`: the text, with `|` at the cursor.
    static func edit(_ text: String, _ keys: Key...) -> String {
        var line = EditedLine(text)
        for key in keys {
            let isEdit = line.apply(key)
            #expect(isEdit)
        }
        var shown = Array(line.text)
        shown.insert("|", at: line.cursor)
        return String(shown)
    }

    @Test func homeEndAndArrows() {
        #expect(Self.edit("show version", .home) == "|show version")
        #expect(Self.edit("show version", .home, .end) == "show version|")
        #expect(Self.edit("show version", .home, .right, .right) == "sh|ow version")
        #expect(Self.edit("ab", .left, .left, .left) == "|ab")
        #expect(Self.edit("ab", .right) == "ab|")
    }

    @Test func wordsAreSeparatedBySpaces() {
        let line = "show services sessions destination-port 80"
        #expect(Self.edit(line, .wordLeft) == "show services sessions destination-port |80")
        #expect(Self.edit(line, .wordLeft, .wordLeft) == "show services sessions |destination-port 80")
        #expect(Self.edit(line, .home, .wordRight) == "show| services sessions destination-port 80")
        #expect(Self.edit(line, .home, .wordRight, .wordRight) == "show services| sessions destination-port 80")
        #expect(Self.edit("show  ", .wordLeft) == "|show  ")
        #expect(Self.edit("a b", .home, .wordLeft) == "|a b")
        #expect(Self.edit("a b", .wordRight) == "a b|")
    }

    @Test func deletions() {
        #expect(Self.edit("show services sess", .deleteWordBefore) == "show services |")
        #expect(Self.edit("show services ", .deleteWordBefore) == "show |")
        #expect(Self.edit("show services sessions", .wordLeft, .deleteWordBefore) == "show |sessions")
        #expect(Self.edit("show services sessions", .home, .wordRight, .deleteWordAfter) == "show| sessions")
        #expect(Self.edit("show version", .home, .delete) == "|how version")
        #expect(Self.edit("show version", .delete) == "show version|")
        #expect(Self.edit("show version", .backspace) == "show versio|")
        #expect(Self.edit("show version", .home, .backspace) == "|show version")
        #expect(Self.edit("show version", .wordLeft, .deleteToEnd) == "show |")
        #expect(Self.edit("show version", .wordLeft, .deleteToStart) == "|version")
    }

    @Test func otherKeysAreNotEdits() {
        var line = EditedLine("x")
        for key in [Key.enter, .tab, .up, .down, .interrupt, .nonASCII, .ignored, .character(97)] {
            let isEdit = line.apply(key)
            #expect(!isEdit)
        }
        #expect(line == EditedLine("x"))
    }

    @Test func theLineIsBounded() {
        var line = EditedLine(String(repeating: "a", count: CommandLineReader.maximumLength - 1))
        let tookB = line.insert(Array("b".utf8))
        let tookC = line.insert(Array("c".utf8))
        #expect(tookB && !tookC)
        #expect(line.bytes.count == CommandLineReader.maximumLength && line.text.hasSuffix("ab"))
    }
}
