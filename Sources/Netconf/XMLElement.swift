// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// An element of a message a NETCONF client sent, as ``XMLReader`` read it: its local name, the namespace
/// its prefix (or the default namespace) resolves to, its attributes as written, its children and the text
/// directly inside it.
public struct XMLElement: Sendable, Hashable {
    /// The local name: `rpc` for `<nc:rpc>`.
    public var name: String
    /// The namespace URI the element is in, `nil` for none.
    public var namespace: String?
    /// Attributes in document order, names as written (`message-id`, `xmlns:nc`), values unescaped.
    public var attributes: [XMLAttribute]
    public var children: [XMLElement]
    /// The character data directly inside the element, unescaped, concatenated.
    public var text: String

    public init(
        name: String, namespace: String? = nil, attributes: [XMLAttribute] = [], children: [XMLElement] = [],
        text: String = ""
    ) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The value of the attribute written `name` (`format`, `message-id`).
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The first child with local name `name`, whatever its namespace.
    public func child(_ name: String) -> XMLElement? {
        children.first { $0.name == name }
    }
}

/// An attribute as written in the message.
public struct XMLAttribute: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Why a message is not an XML document ``XMLReader`` reads.
public struct XMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// The byte offset where reading stopped.
    public var offset: Int

    public init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) (at byte \(offset))" }
}
