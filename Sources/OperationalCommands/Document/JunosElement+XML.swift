// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension JunosElement {
    /// The element as `| display xml` prints it (the layout of Junos 19.4's replies, as the golden files under Tests/OperationalCommandsTests hold it).
    ///
    /// With `indent > 0`, every element starts on its own line, indented `indent` spaces per level, a leaf is
    /// `<name>text</name>` on one line, and every line ends with `\n`. With `indent == 0` the document is one
    /// line with no line breaks at all (the compact NETCONF wire form).
    ///
    /// Text and attribute values escape `&`, `<`, `>` and `"`; C0 control characters other than tab, line
    /// feed and carriage return, which XML 1.0 cannot carry, become U+FFFD.
    public func xmlText(indent: Int = 4) -> String {
        TextBuffer.text { writeXML(to: &$0, indent: max(0, indent), level: 0) }
    }

    /// Writes `<name` and the attributes, escaped, without the closing `>`: the one start of a tag, for
    /// a whole element here and for an element streamed by ``JunosDocumentWriter``.
    static func writeStartOfTag(_ name: String, attributes: [JunosAttribute], to output: inout TextBuffer) {
        output.write("<")
        output.write(name)
        for attribute in attributes {
            output.write(" ")
            output.write(attribute.name)
            output.write("=\"")
            writeXMLEscaped(attribute.value, to: &output)
            output.write("\"")
        }
    }

    /// Writes the element (see ``xmlText(indent:)``) at nesting depth `level`: bytes straight into the
    /// buffer, no string built per element (a million-session listing is written this way).
    public func writeXML(to output: inout TextBuffer, indent: Int = 4, level: Int = 0) {
        let pretty = indent > 0
        if pretty { output.spaces(indent * level) }
        Self.writeStartOfTag(name, attributes: attributes, to: &output)
        if children.isEmpty && text == nil {
            output.write("/>")
            if pretty { output.newline() }
            return
        }
        output.write(">")
        if let text { Self.writeXMLEscaped(text, to: &output) }
        if !children.isEmpty {
            if pretty { output.newline() }
            for child in children {
                child.writeXML(to: &output, indent: indent, level: level + 1)
            }
            if pretty { output.spaces(indent * level) }
        }
        output.write("</")
        output.write(name)
        output.write(">")
        if pretty { output.newline() }
    }

    /// Writes `text` with `&`, `<`, `>` and `"` escaped and XML-illegal control characters replaced
    /// (``TextBuffer/Room/xmlEscaped(_:)``).
    static func writeXMLEscaped(_ text: String, to output: inout TextBuffer) {
        TextBuffer.withUTF8(text) { text in
            var room = output.reserveRoom(TextBuffer.Room.xmlEscapedBound(text))
            room.xmlEscaped(text)
            output.commit(room)
        }
    }
}
