// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Writes a ``JunosElement`` document while its parts are produced — an element opened, its children written
/// one by one, closed — in exactly the bytes ``JunosElement/xmlText(indent:)`` or
/// ``JunosElement/prettyJSONText()`` give for the whole tree: a listing of a million sessions is serialised
/// one session at a time, never held as a tree, and handed on as the buffer fills.
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

    public init(style: Style) {
        self.style = style
    }

    /// `true` while an element is open.
    public var isOpen: Bool { !open.isEmpty }

    /// Opens `name` as the document's root or as the next child of the open element.
    public mutating func open(_ name: String, attributes: [JunosAttribute] = [], to output: inout TextBuffer) {
        let indent = startChild(name, &output)
        switch style {
        case .xml(let step):
            if step > 0 { output.spaces(step * open.count) }
            output.write("<")
            output.write(name)
            for attribute in attributes {
                output.write(" ")
                output.write(attribute.name)
                output.write("=\"")
                JunosElement.writeXMLEscaped(attribute.value, to: &output)
                output.write("\"")
            }
        case .prettyJSON:
            if open.isEmpty {
                output.write("{\n    ")
                JunosElement.writeJSONString(name, to: &output)
                output.write(" : [\n")
            }
            output.spaces(indent)
            output.write("{")
            output.newline()
            if !attributes.isEmpty {
                JunosElement.writePrettyJSONAttributes(attributes, indent: indent + 4, to: &output)
            }
        }
        open.append(Open(name: name, memberPending: !attributes.isEmpty))
        output.flushIfFull()
    }

    /// Writes `element`, whole, as the next child of the open element (or as the whole document).
    public mutating func write(_ element: JunosElement, to output: inout TextBuffer) {
        let indent = startChild(element.name, &output)
        switch style {
        case .xml(let step): element.writeXML(to: &output, indent: step, level: open.count)
        case .prettyJSON where open.isEmpty: element.writePrettyJSON(to: &output)
        case .prettyJSON: element.writePrettyJSONObject(indent: indent, to: &output)
        }
        output.flushIfFull()
    }

    /// Closes the innermost open element (the document, when it is the root).
    public mutating func close(to output: inout TextBuffer) {
        guard var element = open.popLast() else { preconditionFailure("no element is open") }
        switch style {
        case .xml(let step):
            if element.hasChildren {
                if step > 0 { output.spaces(step * open.count) }
                output.write("</")
                output.write(element.name)
                output.write(">")
            } else {
                output.write("/>")
            }
            if step > 0 { output.newline() }
        case .prettyJSON:
            let indent = 4 * (open.count + 1)
            endGroup(&element, indent: indent, &output)
            if element.memberPending { output.newline() }
            output.spaces(indent)
            output.write("}")
            if open.isEmpty { output.write("\n    ]\n}\n") }
        }
        output.flushIfFull()
    }

    /// Makes the open element (if any) ready for a child called `name`; the child's indent (json).
    private mutating func startChild(_ name: String, _ output: inout TextBuffer) -> Int {
        guard var parent = open.popLast() else { return 4 }
        defer { open.append(parent) }
        let indent = 4 * (open.count + 1)
        switch style {
        case .xml(let step):
            if !parent.hasChildren {
                output.write(">")
                if step > 0 { output.newline() }
                parent.hasChildren = true
            }
            return 0
        case .prettyJSON:
            if parent.group == name {
                output.write(",\n")
            } else {
                endGroup(&parent, indent: indent, &output)
                precondition(parent.groups.insert(name).inserted, "the children called \(name) are not together")
                if parent.memberPending { output.write(",\n") }
                output.spaces(indent + 4)
                JunosElement.writeJSONString(name, to: &output)
                output.write(" : [\n")
                parent.group = name
            }
            return indent + 4
        }
    }

    /// json: ends the array of `element`'s children being written, if any.
    private mutating func endGroup(_ element: inout Open, indent: Int, _ output: inout TextBuffer) {
        guard element.group != nil else { return }
        output.newline()
        output.spaces(indent + 4)
        output.write("]")
        element.group = nil
        element.memberPending = true
    }
}
