// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// Writes a ``JunosElement`` document while its parts are produced — an element opened, its children written
/// one by one, closed — in exactly the bytes ``JunosElement/xmlText(indent:)`` or
/// ``JunosElement/prettyJSONText()`` give for the whole tree: a listing of a million sessions is serialised
/// one leaf at a time straight into its ``output``, never held as a tree, and handed on as the buffer fills.
///
/// JSON groups an element's children by name (one array per name); streamed, the children of one name must
/// come one after another. So do the document's own elements: a JSON document may hold several (the bodies of
/// one `<rpc-reply>`, ``JunosReply/displayJSON(_:)-([JunosElement])``), so its final `}` waits for
/// ``endDocument()``.
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
    /// json: the name of the document's elements being written (the document's array open), if any.
    private var rootGroup: String?

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
            if open.isEmpty { startRoot(name) }
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
        case .prettyJSON where open.isEmpty:
            startRoot(element.name)
            element.writePrettyJSONObject(indent: 4, to: &output)
        case .prettyJSON: element.writePrettyJSONObject(indent: indent, to: &output)
        }
        output.flushIfFull()
    }

    public mutating func leaf(_ name: String, _ text: String) {
        TextBuffer.withUTF8(text) { text in
            leaf(name, xmlBound: TextBuffer.Room.xmlEscapedBound(text), { $0.xmlEscaped(text) },
                 jsonBound: TextBuffer.Room.jsonStringBound(text), { $0.jsonString(text) })
        }
    }

    public mutating func leaf(_ name: String, decimal value: UInt64) {
        let bound = TextBuffer.Room.maximumDecimal
        leaf(name, xmlBound: bound, { $0.decimal(value) }, jsonBound: bound + 2) {
            $0.byte(UInt8(ascii: "\""))
            $0.decimal(value)
            $0.byte(UInt8(ascii: "\""))
        }
    }

    public mutating func leaf(_ name: String, address: IPAddress) {
        // IPv6 text needs no escaping: written as any text.
        guard address.isIPv4 else { return leaf(name, address.description) }
        let (value, bound) = (address.ipv4Value, TextBuffer.Room.maximumIPv4)
        leaf(name, xmlBound: bound, { $0.ipv4(value) }, jsonBound: bound + 2) {
            $0.byte(UInt8(ascii: "\""))
            $0.ipv4(value)
            $0.byte(UInt8(ascii: "\""))
        }
    }

    public mutating func leaf(_ name: String, hexadecimal value: UInt64, minimumDigits: Int) {
        let bound = 2 + max(16, minimumDigits)
        leaf(name, xmlBound: bound, { $0.hexadecimal(value, minimumDigits: minimumDigits) }, jsonBound: bound + 2) {
            $0.byte(UInt8(ascii: "\""))
            $0.hexadecimal(value, minimumDigits: minimumDigits)
            $0.byte(UInt8(ascii: "\""))
        }
    }

    /// A leaf whose text `xml` writes escaped for XML (`xmlBound` bytes at most), `json` as a JSON string
    /// (`jsonBound`): as ``write(_:)`` writes ``JunosElement/leaf(_:_:)-(_,String)``. Indent, tags and text
    /// go into room reserved once (``TextBuffer/Room``).
    @inline(__always)
    private mutating func leaf(
        _ name: String, xmlBound: Int, _ xml: (inout TextBuffer.Room) -> Void,
        jsonBound: Int, _ json: (inout TextBuffer.Room) -> Void
    ) {
        let indent = startChild(name)
        let level = open.count
        TextBuffer.withUTF8(name) { tag in
            switch style {
            case .xml(let step):
                var room = output.reserveRoom(step * level + 2 * tag.count + 6 + xmlBound)
                room.spaces(step * level)
                room.byte(UInt8(ascii: "<"))
                room.bytes(tag)
                room.byte(UInt8(ascii: ">"))
                xml(&room)
                room.bytes("</")
                room.bytes(tag)
                room.byte(UInt8(ascii: ">"))
                if step > 0 { room.byte(0x0A) }
                output.commit(room)
            case .prettyJSON:
                var room = output.reserveRoom(3 * indent + 17 + jsonBound)
                room.spaces(indent)
                room.bytes("{\n")
                room.spaces(indent + 4)
                room.bytes("\"data\" : ")
                json(&room)
                room.byte(0x0A)
                room.spaces(indent)
                room.byte(UInt8(ascii: "}"))
                output.commit(room)
            }
        }
        output.flushIfFull()
    }

    public mutating func close() {
        guard var element = open.popLast() else { preconditionFailure("no element is open") }
        switch style {
        case .xml(let step):
            TextBuffer.withUTF8(element.name) { tag in
                var room = output.reserveRoom(step * open.count + tag.count + 4)
                if element.hasChildren {
                    room.spaces(step * open.count)
                    room.bytes("</")
                    room.bytes(tag)
                    room.byte(UInt8(ascii: ">"))
                } else {
                    room.bytes("/>")
                }
                if step > 0 { room.byte(0x0A) }
                output.commit(room)
            }
        case .prettyJSON:
            let indent = 4 * (open.count + 1)
            var room = output.reserveRoom(Self.endGroupBound(indent: indent) + indent + 12)
            Self.endGroup(&element, indent: indent, &room)
            if element.memberPending { room.byte(0x0A) }
            room.spaces(indent)
            room.byte(UInt8(ascii: "}"))
            output.commit(room)
            if open.isEmpty { rootGroup = element.name }
        }
        output.flushIfFull()
    }

    /// Ends the document once its elements are closed: json's final `}` (nothing for xml, whose document is
    /// its one element).
    public mutating func endDocument() {
        precondition(open.isEmpty, "an element is still open")
        guard case .prettyJSON = style, rootGroup != nil else { return }
        output.write("\n    ]\n}\n")
        rootGroup = nil
        output.flushIfFull()
    }

    /// json: starts the document's element called `name`: the document's object, or the next member of
    /// its array, or a new array.
    private mutating func startRoot(_ name: String) {
        switch rootGroup {
        case nil: output.write("{\n")
        case name?: output.write(",\n")
        case _?: output.write("\n    ],\n")
        }
        if rootGroup != name {
            output.write("    ")
            JunosElement.writeJSONString(name, to: &output)
            output.write(" : [\n")
        }
        rootGroup = name
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
                TextBuffer.withUTF8(name) { name in
                    var room = output.reserveRoom(Self.endGroupBound(indent: indent) + indent + 11 + TextBuffer.Room.jsonStringBound(name))
                    Self.endGroup(&open[last], indent: indent, &room)
                    if open[last].memberPending { room.bytes(",\n") }
                    room.spaces(indent + 4)
                    room.jsonString(name)
                    room.bytes(" : [\n")
                    output.commit(room)
                }
                open[last].group = name
            }
            return indent + 4
        }
    }

    /// json: ends the array of `element`'s children being written, if any.
    @inline(__always)
    private static func endGroup(_ element: inout Open, indent: Int, _ room: inout TextBuffer.Room) {
        guard element.group != nil else { return }
        room.byte(0x0A)
        room.spaces(indent + 4)
        room.byte(UInt8(ascii: "]"))
        element.group = nil
        element.memberPending = true
    }

    /// The most bytes ``endGroup(_:indent:_:)`` writes.
    private static func endGroupBound(indent: Int) -> Int { indent + 6 }
}
