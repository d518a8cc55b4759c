// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Splits Junos configuration text into tokens.
///
/// Comments (`#` to end of line and `/* … */`) are dropped. Quoted strings are unescaped
/// (a backslash escapes the next character; `\n` and `\t` are a newline and a tab).
/// Never traps: malformed input yields diagnostics.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private let file: String
    private var index = 0
    private var line = 1
    private var column = 1

    init(text: String, file: String) {
        self.scalars = Array(text.unicodeScalars)
        self.file = file
    }

    /// Tokenizes the whole text; the last token is always `.endOfFile`.
    mutating func tokenize() -> (tokens: [Token], diagnostics: [ConfigurationDiagnostic]) {
        var tokens: [Token] = []
        var diagnostics: [ConfigurationDiagnostic] = []
        while let scalar = peek() {
            let start = location
            switch scalar {
            case "\n":
                advance()
                tokens.append(Token(kind: .newline, text: "\n", location: start))
            case " ", "\t", "\r", "\u{0B}", "\u{0C}":
                advance()
            case "#":
                while let next = peek(), next != "\n" { advance() }
            case "/" where peek(offset: 1) == "*":
                advance()
                advance()
                var closed = false
                while let next = peek() {
                    if next == "*", peek(offset: 1) == "/" {
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
            case "{": advance(); tokens.append(Token(kind: .openBrace, text: "{", location: start))
            case "}": advance(); tokens.append(Token(kind: .closeBrace, text: "}", location: start))
            case ";": advance(); tokens.append(Token(kind: .semicolon, text: ";", location: start))
            case "[": advance(); tokens.append(Token(kind: .openBracket, text: "[", location: start))
            case "]": advance(); tokens.append(Token(kind: .closeBracket, text: "]", location: start))
            case "\"":
                advance()
                var text = String.UnicodeScalarView()
                var closed = false
                while let next = peek() {
                    advance()
                    if next == "\"" {
                        closed = true
                        break
                    }
                    if next == "\\", let escaped = peek() {
                        advance()
                        switch escaped {
                        case "n": text.append("\n")
                        case "t": text.append("\t")
                        default: text.append(escaped)
                        }
                    } else {
                        text.append(next)
                    }
                }
                if !closed {
                    diagnostics.append(Self.error(at: start, "unterminated string"))
                }
                tokens.append(Token(kind: .word, text: String(text), location: start, isQuoted: true))
            default:
                var text = String.UnicodeScalarView()
                while let next = peek(), !Self.isDelimiter(next) {
                    if next == "/", peek(offset: 1) == "*" { break }
                    text.append(next)
                    advance()
                }
                tokens.append(Token(kind: .word, text: String(text), location: start))
            }
        }
        tokens.append(Token(kind: .endOfFile, text: "", location: location))
        return (tokens, diagnostics)
    }

    /// Characters that end a bare word.
    static func isDelimiter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\r", "\n", "\u{0B}", "\u{0C}", "{", "}", ";", "[", "]", "\"", "#": true
        default: false
        }
    }

    private static func error(at location: SourceLocation, _ message: String) -> ConfigurationDiagnostic {
        ConfigurationDiagnostic(location: location, statementPath: [], message: message)
    }

    private var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    private func peek(offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func advance() {
        guard index < scalars.count else { return }
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }
}
