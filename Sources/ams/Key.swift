// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A key of the line editor, decoded from the bytes a terminal sends for it: the editor's whole keymap
/// (README.md, *The shell*).
enum Key: Equatable {
    /// A printable ASCII character (`?` included: the editor shows help for it).
    case character(UInt8)
    case enter, tab
    /// Ctrl-C: abandon the line.
    case interrupt
    /// Ctrl-D: the end of input on an empty line, else Delete.
    case endOfInput
    /// Backspace (DEL or Ctrl-H), Delete (`ESC [ 3 ~`).
    case backspace, delete
    /// Ctrl-W or Esc-Backspace; Esc-D.
    case deleteWordBefore, deleteWordAfter
    /// Ctrl-K; Ctrl-U.
    case deleteToEnd, deleteToStart
    /// Arrows (or Ctrl-B/F/P/N), Home and End (Ctrl-A/E and their escape sequences).
    case left, right, up, down, home, end
    /// Alt-B and Alt-F (`ESC b`, `ESC f`), Ctrl- or Alt-arrows.
    case wordLeft, wordRight
    /// A character outside ASCII: every byte of its UTF-8 sequence has been read. The Junos CLI takes
    /// ASCII only.
    case nonASCII
    /// A control character or escape sequence the editor has no use for, read to its end.
    case ignored
}

/// Reads ``Key``s from a source of bytes: an escape sequence or a UTF-8 character is read whole, so that
/// no part of it reaches the line; a byte that cannot continue a sequence is left for the next key.
struct KeyReader {
    private let readByte: () -> UInt8?
    /// A byte read past the end of the last key: the start of the next.
    private var pushedBack: UInt8?

    /// Longest control sequence read (parameters and final byte); anything longer is malformed.
    static let sequenceLimit = 32

    init(readByte: @escaping () -> UInt8?) { self.readByte = readByte }

    private mutating func nextByte() -> UInt8? {
        if let byte = pushedBack {
            pushedBack = nil
            return byte
        }
        return readByte()
    }

    /// The next key, or `nil` at the end of input.
    mutating func next() -> Key? {
        guard let byte = nextByte() else { return nil }
        switch byte {
        case 32...126: return .character(byte)
        case 13, 10: return .enter
        case 9: return .tab
        case 3: return .interrupt
        case 4: return .endOfInput
        case 127, 8: return .backspace
        case 23: return .deleteWordBefore
        case 11: return .deleteToEnd
        case 21: return .deleteToStart
        case 1: return .home
        case 5: return .end
        case 2: return .left
        case 6: return .right
        case 16: return .up
        case 14: return .down
        case 27: return escapeSequence()
        case 0x80...: return utf8Character(startingWith: byte)
        default: return .ignored
        }
    }

    /// After ESC: a control sequence (`ESC [`), a cursor key in application mode (`ESC O`), or Alt and a key.
    private mutating func escapeSequence() -> Key {
        guard let byte = nextByte() else { return .ignored }
        switch byte {
        case UInt8(ascii: "["): return controlSequence()
        case UInt8(ascii: "O"):
            guard let final = nextByte() else { return .ignored }
            return cursorKey(final) ?? .ignored
        case UInt8(ascii: "b"), UInt8(ascii: "B"): return .wordLeft
        case UInt8(ascii: "f"), UInt8(ascii: "F"): return .wordRight
        case UInt8(ascii: "d"), UInt8(ascii: "D"): return .deleteWordAfter
        case 127, 8: return .deleteWordBefore
        case 0x80...:
            _ = utf8Character(startingWith: byte)
            return .ignored
        case 0..<32:
            // ESC then a control key: the ESC alone was meant; the key is the next one.
            pushedBack = byte
            return .ignored
        default: return .ignored
        }
    }

    /// `ESC [`, parameters (`0`–`9`, `;`, …), intermediates, one final byte (ECMA-48).
    private mutating func controlSequence() -> Key {
        var parameters: [UInt8] = []
        while parameters.count < Self.sequenceLimit, let byte = nextByte() {
            switch byte {
            case 0x20...0x3F:
                parameters.append(byte)
            case 0x40...0x7E:
                let text = String(decoding: parameters, as: UTF8.self)
                if byte == UInt8(ascii: "~") {
                    switch text {
                    case "1", "7": return .home
                    case "4", "8": return .end
                    case "3": return .delete
                    default: return .ignored
                    }
                }
                // A modifier (`1;3` Alt, `1;5` Ctrl) makes the horizontal arrows move by word.
                let key = cursorKey(byte)
                if text.isEmpty || text == "1" { return key ?? .ignored }
                if text.hasPrefix("1;") {
                    if key == .left { return .wordLeft }
                    if key == .right { return .wordRight }
                }
                return key == .home || key == .end ? key! : .ignored
            default:
                // Not part of a control sequence: it starts the next key.
                pushedBack = byte
                return .ignored
            }
        }
        return .ignored
    }

    /// The final byte of a cursor key, the same after `ESC [` and `ESC O`.
    private func cursorKey(_ final: UInt8) -> Key? {
        switch final {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        default: nil
        }
    }

    /// A byte of 0x80 or more: the rest of its UTF-8 sequence is read (as many continuation bytes as the
    /// first byte announces, stopping at one that is not).
    private mutating func utf8Character(startingWith first: UInt8) -> Key {
        let continuations =
            switch first {
            case 0xC0...0xDF: 1
            case 0xE0...0xEF: 2
            case 0xF0...0xF7: 3
            default: 0
            }
        for _ in 0..<continuations {
            guard let byte = nextByte() else { break }
            guard byte & 0xC0 == 0x80 else {
                pushedBack = byte
                break
            }
        }
        return .nonASCII
    }
}
