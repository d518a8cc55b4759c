// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import ams
import Testing

/// The bytes terminals send, decoded to the editor's keys: every escape sequence and UTF-8 character is
/// read whole, and nothing of an unknown one is left to be typed into the line.
@Suite("Keys")
struct KeyReaderTests {
    /// The keys `bytes` decode to, to the end.
    static func keys(_ bytes: [UInt8]) -> [Key] {
        var remaining = bytes[...]
        var reader = KeyReader { remaining.popFirst() }
        var keys: [Key] = []
        while let key = reader.next() { keys.append(key) }
        return keys
    }

    static func keys(_ text: String) -> [Key] { keys(Array(text.utf8)) }

    @Test(arguments: [
        ("\u{1B}[H", Key.home), ("\u{1B}OH", .home), ("\u{1B}[1~", .home), ("\u{1B}[7~", .home),
        ("\u{1B}[F", .end), ("\u{1B}OF", .end), ("\u{1B}[4~", .end), ("\u{1B}[8~", .end),
        ("\u{1B}[3~", .delete), ("\u{1B}b", .wordLeft), ("\u{1B}f", .wordRight),
        ("\u{1B}[A", .up), ("\u{1B}[B", .down), ("\u{1B}[C", .right), ("\u{1B}[D", .left),
        ("\u{1B}OA", .up), ("\u{1B}[1;5D", .wordLeft), ("\u{1B}[1;3C", .wordRight),
        ("\u{17}", .deleteWordBefore), ("\u{1B}\u{7F}", .deleteWordBefore), ("\u{1B}d", .deleteWordAfter),
        ("\u{01}", .home), ("\u{05}", .end), ("\u{0B}", .deleteToEnd), ("\u{15}", .deleteToStart),
        ("\u{7F}", .backspace), ("\u{08}", .backspace), ("\u{03}", .interrupt), ("\u{04}", .endOfInput),
        ("\t", .tab), ("\r", .enter), ("\n", .enter), ("?", .character(63)),
    ])
    func sequencesAreKeys(bytes: String, key: Key) {
        #expect(Self.keys(bytes) == [key])
    }

    /// Sequences the editor does not use (Insert, F5, Page Up, a mouse report, a bare ESC before a letter)
    /// are swallowed to their end: the letter after them is a key of its own.
    @Test func unknownSequencesAreSwallowedWhole() {
        for sequence in ["\u{1B}[2~", "\u{1B}[15~", "\u{1B}[5~", "\u{1B}[<0;12;5M", "\u{1B}OP", "\u{1B}x", "\u{1B}[1;5A"] {
            #expect(Self.keys(sequence + "a") == [.ignored, .character(97)], "\(sequence.debugDescription)")
        }
        // A control sequence cut short by a control key: the key is not lost.
        #expect(Self.keys("\u{1B}[1\r") == [.ignored, .enter])
        #expect(Self.keys("\u{1B}\u{1B}[A") == [.ignored, .up])
        #expect(Self.keys("\u{1B}") == [.ignored])
    }

    /// UTF-8 characters of two, three and four bytes are one refused key each; a stray continuation byte
    /// is one too, and a sequence cut short leaves the next character alone.
    @Test func nonASCIIIsReadWhole() {
        #expect(Self.keys("é€😀a") == [.nonASCII, .nonASCII, .nonASCII, .character(97)])
        #expect(Self.keys([0x80, 0x61]) == [.nonASCII, .character(97)])
        #expect(Self.keys([0xE2, 0x82, 0x61]) == [.nonASCII, .character(97)])
    }
}
