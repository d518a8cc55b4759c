// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// One node of the configuration schema: which statements may appear where and how many
/// values each takes. The parser is driven by it, so unknown statements are always errors.
///
/// A class, so that each of the parser's (possibly millions of) nodes refers to its schema with one word.
final class SchemaNode: Sendable {
    /// The shape of a statement.
    enum Kind: Sendable {
        /// `name { … }` (or `name;` when empty).
        case container
        /// `name KEY { … }`.
        case list
        /// `KEY { … }` where the keyword itself is the key (`interfaces ams0 { … }`).
        case namedEntry
        /// `name v1 … vn;` with `minValues...maxValues` values.
        case leaf(minValues: Int, maxValues: Int)
        /// `name v;` or `name [ v w ];`; repeated statements accumulate.
        case leafList
        /// `name;`.
        case flag
        /// `KEY;` where the keyword itself is the value (prefix-list entries).
        case namedFlag
    }

    /// The keyword, or `*` for `namedEntry`/`namedFlag` wildcards.
    let name: String
    let kind: Kind
    /// For leaves: the statement may occur several times, keyed by its first value.
    let isRepeatable: Bool
    let children: [SchemaNode]

    init(_ name: String, _ kind: Kind, repeatable: Bool = false, _ children: [SchemaNode] = []) {
        self.name = name
        self.kind = kind
        self.isRepeatable = repeatable
        self.children = children
    }

    /// The child schema for a keyword: an exact match, else a wildcard child.
    func child(named keyword: String) -> SchemaNode? {
        children.first { $0.name == keyword } ?? children.first { $0.name == "*" }
    }

    /// Whether statements of this kind open a `{ … }` block.
    var hasChildren: Bool {
        switch kind {
        case .container, .list, .namedEntry: true
        case .leaf, .leafList, .flag, .namedFlag: false
        }
    }

    static func container(_ name: String, _ children: [SchemaNode]) -> SchemaNode {
        SchemaNode(name, .container, children)
    }

    static func list(_ name: String, _ children: [SchemaNode]) -> SchemaNode {
        SchemaNode(name, .list, children)
    }

    static func leaf(_ name: String, values: ClosedRange<Int> = 1...1, repeatable: Bool = false) -> SchemaNode {
        SchemaNode(name, .leaf(minValues: values.lowerBound, maxValues: values.upperBound), repeatable: repeatable)
    }

    static func leafList(_ name: String) -> SchemaNode {
        SchemaNode(name, .leafList)
    }

    static func flag(_ name: String) -> SchemaNode {
        SchemaNode(name, .flag)
    }
}
