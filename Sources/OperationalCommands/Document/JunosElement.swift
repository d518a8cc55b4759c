// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// One element of a Junos operational-mode reply: the single document model behind both `| display xml`
/// (``xmlText(indent:)``) and `| display json` (``prettyJSONText()`` at the CLI, ``jsonText()`` compact).
///
/// Junos replies carry no mixed content: an element holds either leaf text or child elements. The model still
/// accepts both; the serialisers write the text first.
public struct JunosElement: Hashable, Sendable {
    /// The element name, e.g. `msp-session-table`.
    public var name: String
    /// Attributes in document order.
    public var attributes: [JunosAttribute]
    /// Child elements in document order.
    public var children: [JunosElement]
    /// Leaf text (unescaped). `nil` is an empty element (`<name/>`); `""` is `<name></name>`.
    public var text: String?

    public init(_ name: String, attributes: [JunosAttribute] = [], children: [JunosElement] = [], text: String? = nil) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// A leaf element holding `text`, e.g. `<session-id>16777217</session-id>`.
    public static func leaf(_ name: String, _ text: String) -> JunosElement {
        JunosElement(name, text: text)
    }

    /// A leaf element holding a decimal number.
    public static func leaf(_ name: String, _ value: some BinaryInteger) -> JunosElement {
        JunosElement(name, text: String(value))
    }

    /// Appends a child element.
    public mutating func append(_ child: JunosElement) {
        children.append(child)
    }

    /// Appends a leaf child holding `text`.
    public mutating func appendLeaf(_ name: String, _ text: String) {
        children.append(.leaf(name, text))
    }

    /// Appends a leaf child holding a decimal number.
    public mutating func appendLeaf(_ name: String, _ value: some BinaryInteger) {
        children.append(.leaf(name, value))
    }

    /// The value of the attribute `name`, if present.
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The children called `name`, in document order.
    public func children(named name: String) -> [JunosElement] {
        children.filter { $0.name == name }
    }
}
