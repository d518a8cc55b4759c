// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Parses the `set` form (`set services service-set s1 max-flows 10`, one command a line)
/// into a `SyntaxTreeBuilder`, walking the schema word by word.
struct SetCommandParser {
    private var lexer: Lexer
    private let builder: SyntaxTreeBuilder

    init(lexer: Lexer, builder: SyntaxTreeBuilder) {
        self.lexer = lexer
        self.builder = builder
    }

    /// Parses every command, a line at a time; the lexer's diagnostics join the builder's at the end.
    mutating func parse() {
        // Lexer diagnostics come first among those at one location, as they did when lexing came first.
        defer { builder.diagnostics = lexer.diagnostics + builder.diagnostics }
        var line: [Token] = []
        while true {
            let token = lexer.next()
            if token.kind == .newline || token.kind == .endOfFile {
                if !line.isEmpty, !parseLine(line) { return }
                if token.kind == .endOfFile { return }
                line.removeAll(keepingCapacity: true)
            } else {
                line.append(token)
            }
        }
    }

    /// Parses one command; returns `false` when parsing must stop (mixed forms).
    private func parseLine(_ line: [Token]) -> Bool {
        let first = line[0]
        let hasBraces = line.contains { [.openBrace, .closeBrace, .semicolon].contains($0.kind) }
        if hasBraces || first.kind != .word || !["set", "deactivate", "delete"].contains(first.text) {
            let offending = hasBraces ? line.first { [.openBrace, .closeBrace, .semicolon].contains($0.kind) }! : first
            builder.error(
                "configuration mixes curly-brace statements and set commands; use one form per file",
                at: offending.location, path: [])
            return false
        }
        switch first.text {
        case "deactivate":
            builder.error("inactive statements are not supported", at: first.location, path: [])
            return true
        case "delete":
            builder.error("'delete' commands are not supported", at: first.location, path: [])
            return true
        default:
            break
        }
        var words: [Token] = []
        var isInList = false
        for token in line.dropFirst() {
            switch token.kind {
            case .word:
                words.append(token)
            case .openBracket where !isInList:
                isInList = true
            case .closeBracket where isInList:
                isInList = false
            default:
                builder.error("syntax error, unexpected '\(token.text)'", at: token.location, path: [])
                return true
            }
        }
        if isInList, let last = line.last {
            builder.error("syntax error, expecting ']'", at: last.location, path: [])
            return true
        }
        walk(words, after: first)
        return true
    }

    private func walk(_ words: [Token], after setToken: Token) {
        guard !words.isEmpty else {
            builder.error("missing statement after 'set'", at: setToken.location, path: [])
            return
        }
        _ = builder.walk(words[...], from: builder.root) { "syntax error, unexpected '\($0.text)'" }
    }
}
