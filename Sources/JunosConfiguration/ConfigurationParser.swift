// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Parses Junos configuration text, in curly-brace form or as `set` commands, into a typed
/// `Configuration`.
///
/// The form is chosen by the first word of the file (`set` selects the `set` form); a file
/// mixing both forms is rejected with one diagnostic. Parsing recovers after errors, so every
/// problem in the file is reported, sorted by location.
public enum ConfigurationParser {
    /// Parses and validates `text`. `configuration` is `nil` when any diagnostic is an error.
    public static func parse(_ text: String, file: String) -> (configuration: Configuration?, diagnostics: [ConfigurationDiagnostic]) {
        let (statements, syntaxDiagnostics) = parseSyntax(text, file: file)
        var builder = ModelBuilder(file: file)
        let configuration = builder.build(statements)
        let diagnostics = sorted(syntaxDiagnostics + builder.diagnostics)
        let hasErrors = diagnostics.contains { $0.severity == .error }
        return (hasErrors ? nil : configuration, diagnostics)
    }

    /// Parses `text` into a syntax tree checked against the schema, without typed validation.
    public static func parseSyntax(_ text: String, file: String) -> (statements: [ConfigurationStatement], diagnostics: [ConfigurationDiagnostic]) {
        // A UTF-8 byte-order mark, as some editors write, is not part of the first statement.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        var lexer = Lexer(text: text, file: file)
        let (tokens, lexerDiagnostics) = lexer.tokenize()
        let builder = SyntaxTreeBuilder(file: file)
        builder.diagnostics = lexerDiagnostics
        let firstWord = tokens.first { $0.kind != .newline }
        if let firstWord, firstWord.kind == .word, !firstWord.isQuoted,
            ["set", "deactivate", "delete"].contains(firstWord.text)
        {
            SetCommandParser(tokens: tokens, builder: builder).parse()
        } else {
            var parser = CurlyBraceParser(tokens: tokens, builder: builder)
            parser.parse()
        }
        return (builder.statements, sorted(builder.diagnostics))
    }

    private static func sorted(_ diagnostics: [ConfigurationDiagnostic]) -> [ConfigurationDiagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            lhs.element.location == rhs.element.location ? lhs.offset < rhs.offset : lhs.element.location < rhs.element.location
        }.map(\.element)
    }
}
