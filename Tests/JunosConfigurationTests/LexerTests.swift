// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import JunosConfiguration
import Testing

@Suite struct LexerTests {
    private func lex(_ text: String) -> (tokens: [Token], diagnostics: [ConfigurationDiagnostic]) {
        var lexer = Lexer(text: text, file: "t.conf")
        return lexer.tokenize()
    }

    @Test func punctuationWordsAndLocations() {
        let (tokens, diagnostics) = lex("a {\n  b [ c d ];\n}")
        #expect(diagnostics.isEmpty)
        #expect(tokens.map(\.kind) == [
            .word, .openBrace, .newline, .word, .openBracket, .word, .word, .closeBracket, .semicolon, .newline,
            .closeBrace, .endOfFile,
        ])
        #expect(tokens[3].text == "b")
        #expect(tokens[3].location == SourceLocation(file: "t.conf", line: 2, column: 3))
        #expect(tokens[10].location == SourceLocation(file: "t.conf", line: 3, column: 1))
    }

    @Test func commentsAreDropped() {
        let (tokens, diagnostics) = lex("# hash comment\na /* block\ncomment */ b; # trailing\n10.0.0.0/8;")
        #expect(diagnostics.isEmpty)
        let words = tokens.filter { $0.kind == .word }
        #expect(words.map(\.text) == ["a", "b", "10.0.0.0/8"])
        #expect(words[1].location.line == 3)
        #expect(words[1].location.column == 12)
    }

    @Test func quotedStringsAreUnescaped() {
        let (tokens, diagnostics) = lex(#"description "a \"quoted\" word; {x} \\ \n";"#)
        #expect(diagnostics.isEmpty)
        #expect(tokens[1].text == "a \"quoted\" word; {x} \\ \n")
        #expect(tokens[1].isQuoted)
        #expect(tokens[2].kind == .semicolon)
    }

    @Test func unterminatedStringAndCommentAreDiagnosed() {
        #expect(lex("a \"open").diagnostics.map(\.message) == ["unterminated string"])
        #expect(lex("a /* open").diagnostics.map(\.message) == ["unterminated comment"])
    }
}
