// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// One node of the configuration syntax tree, as written in either the curly-brace or the
/// `set` form: `keyword [name] [values…] { children… }`.
///
/// Examples: `service-set s1 { … }` has keyword `service-set`, name `s1`;
/// `max-flows 10;` has keyword `max-flows`, values `["10"]`; `interfaces { ams0 { … } }`
/// has an entry whose keyword is `ams0`.
public struct ConfigurationStatement: Hashable, Sendable {
    /// The statement's keyword (or, for entries named by their keyword, the name itself).
    public var keyword: String
    /// The key of a list entry (`rule r1`), if any.
    public var name: String?
    /// The leaf values, in order.
    public var values: [String]
    /// Whether `values` is a leaf-list (printed `[ a b ]` when it has several values).
    public var isValueList: Bool
    /// The statements inside `{ … }`.
    public var children: [ConfigurationStatement]
    /// Where the keyword was written; `nil` for statements built from a model.
    public var location: SourceLocation?
    /// Where each value was written (parallel to `values`); empty for statements built from a model.
    public var valueLocations: [SourceLocation]

    /// Creates a statement.
    public init(
        keyword: String,
        name: String? = nil,
        values: [String] = [],
        isValueList: Bool = false,
        children: [ConfigurationStatement] = [],
        location: SourceLocation? = nil,
        valueLocations: [SourceLocation] = []
    ) {
        self.keyword = keyword
        self.name = name
        self.values = values
        self.isValueList = isValueList
        self.children = children
        self.location = location
        self.valueLocations = valueLocations
    }

    /// The words that identify this statement in a path: keyword, then name if any.
    public var pathWords: [String] {
        if let name { [keyword, name] } else { [keyword] }
    }
}
