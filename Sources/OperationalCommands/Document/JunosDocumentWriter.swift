// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// Writes a ``JunosElement`` document while its parts are produced — an element opened, its children written
/// one by one, closed — in exactly the bytes ``JunosElement/xmlText(indent:)`` or
/// ``JunosElement/prettyJSONText()`` give for the whole tree: a listing of a million sessions is serialised
/// one leaf at a time straight into its ``output``, never held as a tree, and handed on as the buffer fills.
///
/// JSON groups an element's children by name (one array per name); streamed, the children of one name must
/// come one after another.
public struct JunosDocumentWriter: JunosElementBuilder {
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
        /// json: the name of the children's array being written.
        var group: String?
        /// json: a member of its object was written without the separator that follows it.
        var memberPending = false
    }

    public let style: Style
    /// Where the bytes go: moved in at the start, taken back at the end.
    public var output: TextBuffer
    private var open: [Open] = []

    public init(style: Style, output: TextBuffer) {
        self.style = style
        self.output = output
        open.reserveCapacity(8)
    }

    /// `true` while an element is open.
    public var isOpen: Bool { !open.isEmpty }

    public mutating func open(_ name: String, attributes: [JunosAttribute]) {
        let indent = startChild(name)
        switch style {
        case .xml(let step):
            output.spaces(step * open.count)
            JunosElement.writeStartOfTag(name, attributes: attributes, to: &output)
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
    }

    /// Writes `element`, whole, as the next child of the open element (or as the whole document).
    public mutating func write(_ element: JunosElement) {
        let indent = startChild(element.name)
        switch style {
        case .xml(let step): element.writeXML(to: &output, indent: step, level: open.count)
        case .prettyJSON where open.isEmpty: element.writePrettyJSON(to: &output)
        case .prettyJSON: element.writePrettyJSONObject(indent: indent, to: &output)
        }
        output.flushIfFull()
    }

    public mutating func leaf(_ name: String, _ text: String) {
        leaf(name) { JunosElement.writeXMLEscaped(text, to: &$0) } json: { JunosElement.writeJSONString(text, to: &$0) }
    }

    public mutating func leaf(_ name: String, decimal value: UInt64) {
        leaf(name) { $0.write(decimal: value) } json: {
            $0.write("\"")
            $0.write(decimal: value)
            $0.write("\"")
        }
    }

    public mutating func leaf(_ name: String, address: IPAddress) {
        leaf(name) { $0.write(address, rightJustifiedIn: 0) } json: {
            $0.write("\"")
            $0.write(address, rightJustifiedIn: 0)
            $0.write("\"")
        }
    }

    /// A leaf whose text `xml` writes escaped for XML, `json` as a JSON string: as ``write(_:)`` writes
    /// ``JunosElement/leaf(_:_:)-(_,String)``.
    @inline(__always)
    private mutating func leaf(
        _ name: String, xml: (inout TextBuffer) -> Void, json: (inout TextBuffer) -> Void
    ) {
        let indent = startChild(name)
        switch style {
        case .xml(let step):
            output.spaces(step * open.count)
            output.write("<")
            output.write(name)
            output.write(">")
            xml(&output)
            output.write("</")
            output.write(name)
            output.write(">")
            if step > 0 { output.newline() }
        case .prettyJSON:
            output.spaces(indent)
            output.write("{")
            output.newline()
            output.spaces(indent + 4)
            output.write("\"data\" : ")
            json(&output)
            output.newline()
            output.spaces(indent)
            output.write("}")
        }
    }

    public mutating func close() {
        guard var element = open.popLast() else { preconditionFailure("no element is open") }
        switch style {
        case .xml(let step):
            if element.hasChildren {
                output.spaces(step * open.count)
                output.write("</")
                output.write(element.name)
                output.write(">")
            } else {
                output.write("/>")
            }
            if step > 0 { output.newline() }
        case .prettyJSON:
            let indent = 4 * (open.count + 1)
            Self.endGroup(&element, indent: indent, &output)
            if element.memberPending { output.newline() }
            output.spaces(indent)
            output.write("}")
            if open.isEmpty { output.write("\n    ]\n}\n") }
        }
        output.flushIfFull()
    }

    /// Makes the open element (if any) ready for a child called `name`; the child's indent (json).
    @inline(__always)
    private mutating func startChild(_ name: String) -> Int {
        let last = open.count - 1
        guard last >= 0 else { return 4 }
        let indent = 4 * open.count
        switch style {
        case .xml(let step):
            if !open[last].hasChildren {
                output.write(">")
                if step > 0 { output.newline() }
                open[last].hasChildren = true
            }
            return 0
        case .prettyJSON:
            if open[last].group == name {
                output.write(",\n")
            } else {
                Self.endGroup(&open[last], indent: indent, &output)
                if open[last].memberPending { output.write(",\n") }
                output.spaces(indent + 4)
                JunosElement.writeJSONString(name, to: &output)
                output.write(" : [\n")
                open[last].group = name
            }
            return indent + 4
        }
    }

    /// json: ends the array of `element`'s children being written, if any.
    private static func endGroup(_ element: inout Open, indent: Int, _ output: inout TextBuffer) {
        guard element.group != nil else { return }
        output.newline()
        output.spaces(indent + 4)
        output.write("]")
        element.group = nil
        element.memberPending = true
    }
}
