// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Why a pattern of `| match`, `| except` or `| find` is refused; `description` is the reason the CLI prints
/// after the pattern.
public enum LinePatternError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A `(` without its `)`.
    case unclosedParenthesis
    /// A `[` without its `]`.
    case unclosedBracket
    /// A `{` interval without its `}`.
    case unclosedBrace
    /// A `\` as the last character.
    case trailingBackslash
    /// `*`, `+`, `?` or `{m,n}` with nothing before it to repeat (or after `^` or `$`).
    case nothingToRepeat
    /// A repetition count above ``LinePattern/maximumCount`` (POSIX's `RE_DUP_MAX`).
    case countAboveLimit
    /// `{m,n}` with `m` greater than `n`.
    case countsOutOfOrder
    /// A range such as `[z-a]` whose end comes before its start.
    case invalidRange
    /// `[[:name:]]` with a name POSIX does not define.
    case unknownCharacterClass(String)
    /// `[[.xy.]]` or `[[=xy=]]`: multi-character collating elements exist in no locale `ams` knows.
    case unsupportedCollatingElement(String)
    /// Parentheses and repetitions nested deeper than ``LinePattern/maximumDepth``.
    case nestedTooDeeply
    /// More than ``LinePattern/maximumStates`` states once every repetition is written out.
    case tooLarge

    public var description: String {
        switch self {
        case .unclosedParenthesis: "parenthesis not closed"
        case .unclosedBracket: "bracket expression not closed"
        case .unclosedBrace: "interval not closed with '}'"
        case .trailingBackslash: "trailing backslash"
        case .nothingToRepeat: "repetition operator with nothing to repeat"
        case .countAboveLimit: "repetition count above \(LinePattern.maximumCount)"
        case .countsOutOfOrder: "repetition counts out of order"
        case .invalidRange: "range end before range start"
        case .unknownCharacterClass(let name): "unknown character class [:\(name):]"
        case .unsupportedCollatingElement(let name): "unsupported collating element \(name)"
        case .nestedTooDeeply: "nested more than \(LinePattern.maximumDepth) deep"
        case .tooLarge: "more than \(LinePattern.maximumStates) states once repetitions are expanded"
        }
    }
}
