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
        let lexer = Lexer(text: text, file: file)
        let builder = SyntaxTreeBuilder(file: file)
        // The first word, read by a copy of the lexer, chooses the form.
        var probe = lexer
        var firstWord = probe.next()
        while firstWord.kind == .newline { firstWord = probe.next() }
        if firstWord.kind == .word, !firstWord.isQuoted, ["set", "deactivate", "delete"].contains(firstWord.text) {
            var parser = SetCommandParser(lexer: lexer, builder: builder)
            parser.parse()
        } else {
            var parser = CurlyBraceParser(lexer: lexer, builder: builder)
            parser.parse()
        }
        return (builder.takeStatements(), sorted(builder.diagnostics))
    }

    private static func sorted(_ diagnostics: [ConfigurationDiagnostic]) -> [ConfigurationDiagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            lhs.element.location == rhs.element.location ? lhs.offset < rhs.offset : lhs.element.location < rhs.element.location
        }.map(\.element)
    }
}
