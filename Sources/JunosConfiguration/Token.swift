// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// One lexical token of Junos configuration text.
struct Token: Hashable, Sendable {
    /// What kind of token this is.
    enum Kind: Hashable, Sendable {
        /// A bare word or a quoted string (already unescaped).
        case word
        case openBrace
        case closeBrace
        case semicolon
        case openBracket
        case closeBracket
        /// The end of a line (significant for `set` commands only).
        case newline
        case endOfFile
    }

    var kind: Kind
    /// The word's text (unescaped for quoted strings); the punctuation itself otherwise.
    var text: String
    var location: SourceLocation
    /// Whether the word was written in quotes.
    var isQuoted: Bool = false
}
