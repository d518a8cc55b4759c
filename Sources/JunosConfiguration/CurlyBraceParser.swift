// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Parses the curly-brace form (`services { service-set s1 { max-flows 10; } }`) into a
/// `SyntaxTreeBuilder`, checking each statement against the schema. Recovers at `;` and `}`
/// so that every error is reported.
struct CurlyBraceParser {
    private var lexer: Lexer
    private let builder: SyntaxTreeBuilder
    /// The token being looked at (newlines are skipped: they mean nothing in this form).
    private var current: Token
    private var hasReportedEnd = false
    private var isStopped = false
    /// How many blocks are open where the parser is.
    private var depth = 0
    private var hasReportedDepth = false

    /// The deepest nesting of blocks parsed *(ours: Junos's deepest configuration path is far shallower)*;
    /// deeper blocks are reported once and skipped without recursion, so a hostile file cannot exhaust
    /// the stack.
    static let maximumDepth = 64

    init(lexer: Lexer, builder: SyntaxTreeBuilder) {
        self.lexer = lexer
        self.builder = builder
        current = Self.nextToken(&self.lexer)
    }

    /// Parses every statement; the lexer's diagnostics join the builder's at the end.
    mutating func parse() {
        parseBlock(parent: builder.root)
        builder.diagnostics = lexer.diagnostics + builder.diagnostics
    }

    /// Moves to the next token; at the end of the file stays there.
    private mutating func advance() {
        if current.kind != .endOfFile { current = Self.nextToken(&lexer) }
    }

    private static func nextToken(_ lexer: inout Lexer) -> Token {
        var token = lexer.next()
        while token.kind == .newline { token = lexer.next() }
        return token
    }

    /// Parses statements until the `}` closing this block (consumed) or the end of the file.
    /// A `nil` parent means the block is being skipped after an error.
    private mutating func parseBlock(parent: SyntaxTreeBuilder.Node?, path: [String] = []) {
        let isTopLevel = parent === builder.root
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth {
            if !hasReportedDepth {
                hasReportedDepth = true
                builder.error(
                    "statements nested more than \(Self.maximumDepth) levels deep", at: current.location, path: path)
            }
            skipRestOfBlock()
            return
        }
        while !isStopped {
            let token = current
            switch token.kind {
            case .endOfFile:
                if !isTopLevel, !hasReportedEnd {
                    hasReportedEnd = true
                    builder.error("syntax error, expecting '}'", at: token.location, path: path)
                }
                return
            case .closeBrace:
                advance()
                if isTopLevel {
                    builder.error("syntax error, unexpected '}'", at: token.location, path: path)
                    continue
                }
                return
            case .semicolon:
                advance()
            default:
                parseStatement(parent: parent, path: path)
            }
        }
    }

    /// Collects the words of one statement, flattening `[ … ]` lists.
    private mutating func collectWords(path: [String]) -> [Token] {
        var words: [Token] = []
        while true {
            switch current.kind {
            case .word:
                words.append(current)
                advance()
            case .openBracket:
                advance()
                while current.kind == .word {
                    words.append(current)
                    advance()
                }
                if current.kind == .closeBracket {
                    advance()
                } else {
                    builder.error("syntax error, expecting ']'", at: current.location, path: path)
                }
            case .closeBracket:
                builder.error("syntax error, unexpected ']'", at: current.location, path: path)
                advance()
            case .openBrace, .closeBrace, .semicolon, .newline, .endOfFile:
                return words
            }
        }
    }

    private mutating func parseStatement(parent: SyntaxTreeBuilder.Node?, path: [String]) {
        let words = collectWords(path: path)
        let terminator = current
        guard let parent else {
            finishSkipped(terminator)
            return
        }
        guard let first = words.first else {
            // `{` with no statement before it.
            builder.error("syntax error, unexpected '{'", at: terminator.location, path: path)
            finishSkipped(terminator)
            return
        }
        if parent === builder.root, first.text == "set" || first.text == "deactivate" || first.text == "delete" {
            builder.error(
                "configuration mixes curly-brace statements and set commands; use one form per file",
                at: first.location, path: path)
            isStopped = true
            return
        }
        if builder.rejectUnsupported(first, path: path) {
            finishSkipped(terminator)
            return
        }
        switch builder.walk(words[...], from: parent, extraMessage: { _ in "syntax error, expecting ';'" }) {
        case .container(let node):
            switch terminator.kind {
            case .openBrace:
                advance()
                parseBlock(parent: node, path: node.path)
            case .semicolon:
                advance()
            default:
                builder.error("syntax error, expecting ';'", at: terminator.location, path: node.path)
            }
        case .terminal:
            switch terminator.kind {
            case .semicolon:
                advance()
            case .openBrace:
                builder.error("syntax error, expecting ';'", at: terminator.location, path: path)
                finishSkipped(terminator)
            default:
                builder.error("syntax error, expecting ';'", at: terminator.location, path: path)
            }
        case .failed:
            finishSkipped(terminator)
        }
    }

    /// Skips to just past the `}` that closes the block the parser is in (or to the end of the file),
    /// counting braces rather than recursing.
    private mutating func skipRestOfBlock() {
        var open = 1
        while open > 0 {
            switch current.kind {
            case .endOfFile: return
            case .openBrace: open += 1
            case .closeBrace: open -= 1
            default: break
            }
            advance()
        }
    }

    /// Consumes the terminator of a statement that is being dropped, skipping its block if any.
    private mutating func finishSkipped(_ terminator: Token) {
        switch terminator.kind {
        case .semicolon:
            advance()
        case .openBrace:
            advance()
            parseBlock(parent: nil)
        default:
            break
        }
    }
}
