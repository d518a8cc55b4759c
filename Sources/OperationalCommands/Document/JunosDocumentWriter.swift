// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Writes a ``JunosElement`` document while its parts are produced — an element opened, its children written
/// one by one, closed — in exactly the bytes ``JunosElement/xmlText(indent:)`` or
/// ``JunosElement/prettyJSONText()`` give for the whole tree: a listing of a million sessions is serialised
/// one session at a time, never held as a tree.
///
/// JSON groups an element's children by name (one array per name); streamed, the children of one name must
/// come one after another (a name that returns after another one is a precondition failure).
public struct JunosDocumentWriter {
    /// The serialisation.
    public enum Style: Sendable, Equatable {
        /// ``JunosElement/xmlText(indent:)`` with this indent.
        case xml(indent: Int)
        /// ``JunosElement/prettyJSONText()``.
        case prettyJSON
    }

    /// An element opened and not yet closed.
    private struct Open {
        var name: String
        /// xml: its start tag is closed (`>` written: it has a child).
        var hasChildren = false
        /// json: the name of the children's array being written, and those written before it.
        var group: String?
        var groups: Set<String> = []
        /// json: a member of its object was written without the separator that follows it.
        var memberPending = false
    }

    public let style: Style
    private var open: [Open] = []
    private var text = ""

    public init(style: Style) {
        self.style = style
    }

    /// `true` while an element is open.
    public var isOpen: Bool { !open.isEmpty }

    /// Opens `name` as the document's root or as the next child of the open element.
    public mutating func open(_ name: String, attributes: [JunosAttribute] = [], to output: inout TextBuffer) {
        let indent = startChild(name)
        switch style {
        case .xml(let step):
            if step > 0 { text.append(String(repeating: " ", count: step * open.count)) }
            text.append("<")
            text.append(name)
            for attribute in attributes {
                text.append(" ")
                text.append(attribute.name)
                text.append("=\"")
                JunosElement.appendXMLEscaped(attribute.value, to: &text)
                text.append("\"")
            }
        case .prettyJSON:
            if open.isEmpty {
                text.append("{\n    ")
                JunosElement.appendJSONString(name, to: &text)
                text.append(" : [\n")
            }
            text.append(String(repeating: " ", count: indent) + "{\n")
            if !attributes.isEmpty {
                JunosElement.appendPrettyJSONAttributes(attributes, indent: indent + 4, to: &text)
            }
        }
        open.append(Open(name: name, memberPending: !attributes.isEmpty))
        flush(to: &output)
    }

    /// Writes `element`, whole, as the next child of the open element (or as the whole document).
    public mutating func write(_ element: JunosElement, to output: inout TextBuffer) {
        let indent = startChild(element.name)
        switch style {
        case .xml(let step): element.writeXML(to: &text, indent: step, level: open.count)
        case .prettyJSON where open.isEmpty: text.append(element.prettyJSONText())
        case .prettyJSON: element.writePrettyJSONObject(indent: indent, to: &text)
        }
        flush(to: &output)
    }

    /// Closes the innermost open element (the document, when it is the root).
    public mutating func close(to output: inout TextBuffer) {
        guard var element = open.popLast() else { preconditionFailure("no element is open") }
        switch style {
        case .xml(let step):
            let newline = step > 0 ? "\n" : ""
            if element.hasChildren {
                if step > 0 { text.append(String(repeating: " ", count: step * open.count)) }
                text.append("</" + element.name + ">" + newline)
            } else {
                text.append("/>" + newline)
            }
        case .prettyJSON:
            let outer = String(repeating: " ", count: 4 * (open.count + 1))
            endGroup(&element, indent: 4 * (open.count + 1))
            if element.memberPending { text.append("\n") }
            text.append(outer + "}")
            if open.isEmpty { text.append("\n    ]\n}\n") }
        }
        flush(to: &output)
    }

    /// Makes the open element (if any) ready for a child called `name`; the child's indent (json).
    private mutating func startChild(_ name: String) -> Int {
        guard var parent = open.popLast() else { return 4 }
        defer { open.append(parent) }
        let indent = 4 * (open.count + 1)
        switch style {
        case .xml(let step):
            if !parent.hasChildren {
                text.append(step > 0 ? ">\n" : ">")
                parent.hasChildren = true
            }
            return 0
        case .prettyJSON:
            if parent.group == name {
                text.append(",\n")
            } else {
                endGroup(&parent, indent: indent)
                precondition(parent.groups.insert(name).inserted, "the children called \(name) are not together")
                if parent.memberPending { text.append(",\n") }
                text.append(String(repeating: " ", count: indent + 4))
                JunosElement.appendJSONString(name, to: &text)
                text.append(" : [\n")
                parent.group = name
            }
            return indent + 4
        }
    }

    /// json: ends the array of `element`'s children being written, if any.
    private mutating func endGroup(_ element: inout Open, indent: Int) {
        guard element.group != nil else { return }
        text.append("\n" + String(repeating: " ", count: indent + 4) + "]")
        element.group = nil
        element.memberPending = true
    }

    private mutating func flush(to output: inout TextBuffer) {
        output.write(text)
        text.removeAll(keepingCapacity: true)
    }
}
