// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Accumulates statements from either form into one merged tree, the way `load merge` does:
/// containers and list entries merge, single leaves are replaced, repeatable leaves are keyed
/// by their first value and leaf-lists accumulate.
final class SyntaxTreeBuilder {
    /// A mutable tree node used while building.
    final class Node {
        let keyword: String
        let name: String?
        let schema: SchemaNode
        /// Where the keyword was written: line and column in the builder's file (0 for the root).
        let line: Int32
        let column: Int32
        /// The node this one is a child of (`nil` for the root): the path is computed from it when a
        /// diagnostic needs it, rather than stored in each of a million nodes.
        private unowned let parent: Node?
        var values: [String] = []
        var valueLocations: [SourceLocation] = []
        /// The values already in a leaf-list, for merging in constant time.
        var valueSet: Set<String> = []
        var children: [Node] = []
        /// Where each child is in ``children``, by ``ChildKey``: a statement merges with its sibling in
        /// constant time, so that a file of many sibling statements parses in time linear in its length
        /// (a search per insert made 40,000 prefix-list entries take seconds).
        var childIndex: [ChildKey: Int] = [:]

        init(keyword: String, name: String?, schema: SchemaNode, location: SourceLocation?, parent: Node?) {
            self.keyword = keyword
            self.name = name
            self.schema = schema
            line = Int32(clamping: location?.line ?? 0)
            column = Int32(clamping: location?.column ?? 0)
            self.parent = parent
        }

        /// The path words of this node: its ancestors' and its own keyword and name.
        var path: [String] {
            var words: [String] = []
            var node: Node? = self
            while let current = node, current.parent != nil {
                if let name = current.name { words.append(name) }
                words.append(current.keyword)
                node = current.parent
            }
            return words.reversed()
        }

        /// The node as a statement; its children are converted and released one by one, so that the tree
        /// and its statements are never both held whole.
        func takeStatement(file: String) -> ConfigurationStatement {
            var isValueList = false
            if case .leafList = schema.kind { isValueList = true }
            return ConfigurationStatement(
                keyword: keyword,
                name: name,
                values: values,
                isValueList: isValueList,
                children: takeChildren(file: file),
                location: line == 0 ? nil : SourceLocation(file: file, line: Int(line), column: Int(column)),
                valueLocations: valueLocations
            )
        }

        /// The children as statements, in order; the node keeps none.
        func takeChildren(file: String) -> [ConfigurationStatement] {
            var taken = children
            children = []
            childIndex = [:]
            taken.reverse()
            var statements: [ConfigurationStatement] = []
            statements.reserveCapacity(taken.count)
            while let child = taken.popLast() { statements.append(child.takeStatement(file: file)) }
            return statements
        }
    }

    /// What identifies a child among its siblings: its keyword and, for a list entry its name, for a
    /// repeatable leaf its first value (marked apart from names).
    struct ChildKey: Hashable {
        var keyword: String
        var discriminator: String?
    }

    let root = Node(keyword: "", name: nil, schema: .junos, location: nil, parent: nil)
    let file: String
    var diagnostics: [ConfigurationDiagnostic] = []

    init(file: String) {
        self.file = file
    }

    /// The statements built; the builder keeps none of them.
    func takeStatements() -> [ConfigurationStatement] { root.takeChildren(file: file) }

    func error(_ message: String, at location: SourceLocation, path: [String]) {
        diagnostics.append(ConfigurationDiagnostic(location: location, statementPath: path, message: message))
    }

    /// Finds or creates a container, list entry or flag child.
    func node(in parent: Node, keyword: String, name: String?, schema: SchemaNode, location: SourceLocation) -> Node {
        let key = ChildKey(keyword: keyword, discriminator: name)
        if let existing = parent.childIndex[key] { return parent.children[existing] }
        let node = Node(keyword: keyword, name: name, schema: schema, location: location, parent: parent)
        parent.childIndex[key] = parent.children.count
        parent.children.append(node)
        return node
    }

    /// Inserts a leaf or leaf-list statement.
    func insertLeaf(in parent: Node, keyword: String, schema: SchemaNode, values: [Token], location: SourceLocation) {
        let texts = values.map(\.text)
        let locations = values.map(\.location)
        if case .leafList = schema.kind {
            let leaf = node(in: parent, keyword: keyword, name: nil, schema: schema, location: location)
            for (text, valueLocation) in zip(texts, locations) where leaf.valueSet.insert(text).inserted {
                leaf.values.append(text)
                leaf.valueLocations.append(valueLocation)
            }
            return
        }
        // A single leaf is replaced; a repeatable one is keyed by its first value ("\u{0}" keeps such keys
        // apart from list entries' names).
        let key = ChildKey(keyword: keyword, discriminator: schema.isRepeatable ? "\u{0}" + (texts.first ?? "") : nil)
        let leaf = Node(keyword: keyword, name: nil, schema: schema, location: location, parent: parent)
        leaf.values = texts
        leaf.valueLocations = locations
        if let existingIndex = parent.childIndex[key] {
            parent.children[existingIndex] = leaf
        } else {
            parent.childIndex[key] = parent.children.count
            parent.children.append(leaf)
        }
    }

    /// Reports statements that Junos supports but `ams` deliberately does not; returns whether it did.
    func rejectUnsupported(_ word: Token, path: [String]) -> Bool {
        switch word.text {
        case "inactive:":
            error("inactive statements are not supported", at: word.location, path: path)
        case "apply-groups", "apply-groups-except":
            error("'\(word.text)' is not supported", at: word.location, path: path)
        case "groups" where path.isEmpty:
            error("configuration groups are not supported", at: word.location, path: path)
        default:
            return false
        }
        return true
    }

    /// The diagnostic for a keyword the schema does not know.
    func unknownStatement(_ word: Token, path: [String]) {
        if !rejectUnsupported(word, path: path) {
            error("unknown statement '\(word.text)'", at: word.location, path: path)
        }
    }

    /// How a walk along a statement path ended.
    enum WalkResult {
        /// The path ends at a container or list entry, which may open a block.
        case container(Node)
        /// The path ended at a leaf or flag, which was inserted.
        case terminal
        /// An error was reported; nothing more to do.
        case failed
    }

    /// Walks `keyword [name] … [values]` words from `start`, creating nodes along the way
    /// (the `set` form, and hierarchical shorthand such as `then accept;` in the brace form).
    /// `extraMessage` words the error for a value too many.
    func walk(_ words: ArraySlice<Token>, from start: Node, extraMessage: (Token) -> String) -> WalkResult {
        var node = start
        var index = words.startIndex
        while index < words.endIndex {
            let word = words[index]
            guard let schema = node.schema.child(named: word.text) else {
                unknownStatement(word, path: node.path)
                return .failed
            }
            let rest = words[(index + 1)...]
            switch schema.kind {
            case .container, .namedEntry:
                node = self.node(in: node, keyword: word.text, name: nil, schema: schema, location: word.location)
                index += 1
            case .list:
                guard let key = rest.first else {
                    error("missing name for '\(word.text)'", at: word.location, path: node.path)
                    return .failed
                }
                node = self.node(in: node, keyword: word.text, name: key.text, schema: schema, location: word.location)
                index += 2
            case .leaf(let minValues, let maxValues):
                if rest.count > maxValues {
                    let extra = rest[rest.startIndex + maxValues]
                    error(extraMessage(extra), at: extra.location, path: node.path)
                    return .failed
                }
                if rest.count < minValues {
                    error("missing value for '\(word.text)'", at: word.location, path: node.path)
                    return .failed
                }
                insertLeaf(in: node, keyword: word.text, schema: schema, values: Array(rest), location: word.location)
                return .terminal
            case .leafList:
                if rest.isEmpty {
                    error("missing value for '\(word.text)'", at: word.location, path: node.path)
                    return .failed
                }
                insertLeaf(in: node, keyword: word.text, schema: schema, values: Array(rest), location: word.location)
                return .terminal
            case .flag, .namedFlag:
                if let extra = rest.first {
                    error(extraMessage(extra), at: extra.location, path: node.path)
                    return .failed
                }
                _ = self.node(in: node, keyword: word.text, name: nil, schema: schema, location: word.location)
                return .terminal
            }
        }
        return .container(node)
    }
}
