// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Splits Junos configuration text into tokens, one at a time (``next()``), so that a parser holds only
/// the tokens of the statement it is reading: a file of a million statements never becomes an array of
/// millions of tokens.
///
/// Comments (`#` to end of line and `/* … */`) are dropped. Quoted strings are unescaped
/// (a backslash escapes the next character; `\n` and `\t` are a newline and a tab).
/// Never traps: malformed input yields diagnostics. Reads the text's UTF-8 bytes; columns count Unicode
/// scalars (every byte that is not a UTF-8 continuation byte).
struct Lexer {
    /// The text's UTF-8 bytes, read in place (a copy would double a large file's memory).
    private let bytes: String.UTF8View
    private let file: String
    private var index: String.Index
    private var line = 1
    private var column = 1
    /// The diagnostics of the text read so far.
    private(set) var diagnostics: [ConfigurationDiagnostic] = []

    init(text: String, file: String) {
        self.bytes = text.utf8
        self.index = text.utf8.startIndex
        self.file = file
    }

    /// Tokenizes the whole text; the last token is always `.endOfFile`.
    mutating func tokenize() -> (tokens: [Token], diagnostics: [ConfigurationDiagnostic]) {
        var tokens: [Token] = []
        repeat {
            tokens.append(next())
        } while tokens.last!.kind != .endOfFile
        return (tokens, diagnostics)
    }

    /// The next token; `.endOfFile` at the end (and after it).
    mutating func next() -> Token {
        while index < bytes.endIndex {
            let start = location
            switch bytes[index] {
            case UInt8(ascii: "\n"):
                advance()
                return Token(kind: .newline, text: "\n", location: start)
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                advance()
            case UInt8(ascii: "#"):
                while index < bytes.endIndex, bytes[index] != UInt8(ascii: "\n") { advance() }
            case UInt8(ascii: "/") where following == UInt8(ascii: "*"):
                advance()
                advance()
                var closed = false
                while index < bytes.endIndex {
                    if bytes[index] == UInt8(ascii: "*"), following == UInt8(ascii: "/") {
                        advance()
                        advance()
                        closed = true
                        break
                    }
                    advance()
                }
                if !closed {
                    diagnostics.append(Self.error(at: start, "unterminated comment"))
                }
            case UInt8(ascii: "{"): return punctuation(.openBrace, "{", at: start)
            case UInt8(ascii: "}"): return punctuation(.closeBrace, "}", at: start)
            case UInt8(ascii: ";"): return punctuation(.semicolon, ";", at: start)
            case UInt8(ascii: "["): return punctuation(.openBracket, "[", at: start)
            case UInt8(ascii: "]"): return punctuation(.closeBracket, "]", at: start)
            case UInt8(ascii: "\""):
                return quotedString(at: start)
            default:
                let first = index
                while index < bytes.endIndex, !Self.isDelimiter(bytes[index]) {
                    if bytes[index] == UInt8(ascii: "/"), following == UInt8(ascii: "*") { break }
                    advance()
                }
                return Token(kind: .word, text: String(Substring(bytes[first..<index])), location: start)
            }
        }
        return Token(kind: .endOfFile, text: "", location: location)
    }

    private mutating func punctuation(_ kind: Token.Kind, _ text: String, at start: SourceLocation) -> Token {
        advance()
        return Token(kind: kind, text: text, location: start)
    }

    /// A `"…"` string, unescaped; the opening quote is at `index`.
    private mutating func quotedString(at start: SourceLocation) -> Token {
        advance()
        var text: [UInt8] = []
        var closed = false
        while index < bytes.endIndex {
            let next = bytes[index]
            advance()
            if next == UInt8(ascii: "\"") {
                closed = true
                break
            }
            if next == UInt8(ascii: "\\"), index < bytes.endIndex {
                let escaped = bytes[index]
                switch escaped {
                case UInt8(ascii: "n"): text.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): text.append(UInt8(ascii: "\t"))
                default:
                    // The whole escaped character, all of its UTF-8 bytes.
                    text.append(escaped)
                    advance()
                    while index < bytes.endIndex, bytes[index] & 0xC0 == 0x80 {
                        text.append(bytes[index])
                        advance()
                    }
                    continue
                }
                advance()
            } else {
                text.append(next)
            }
        }
        if !closed {
            diagnostics.append(Self.error(at: start, "unterminated string"))
        }
        return Token(kind: .word, text: String(decoding: text, as: UTF8.self), location: start, isQuoted: true)
    }

    /// UTF-8 code units that end a bare word.
    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), 0x0B, 0x0C,
            UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ";"), UInt8(ascii: "["), UInt8(ascii: "]"),
            UInt8(ascii: "\""), UInt8(ascii: "#"):
            true
        default: false
        }
    }

    private static func error(at location: SourceLocation, _ message: String) -> ConfigurationDiagnostic {
        ConfigurationDiagnostic(location: location, statementPath: [], message: message)
    }

    private var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    /// The byte after the current one, if any.
    private var following: UInt8? {
        guard index < bytes.endIndex else { return nil }
        let next = bytes.index(after: index)
        return next < bytes.endIndex ? bytes[next] : nil
    }

    /// Moves past one byte; a new line starts after `\n`, a new column at every byte that begins a scalar.
    private mutating func advance() {
        guard index < bytes.endIndex else { return }
        if bytes[index] == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        bytes.formIndex(after: &index)
    }
}
