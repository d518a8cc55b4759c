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
        var output = ""
        writeXML(to: &output, indent: max(0, indent), level: 0)
        return output
    }

    /// Appends the element (see ``xmlText(indent:)``) at nesting depth `level`.
    public func writeXML(to output: inout String, indent: Int = 4, level: Int = 0) {
        let pretty = indent > 0
        if pretty { output.append(String(repeating: " ", count: indent * level)) }
        output.append("<")
        output.append(name)
        for attribute in attributes {
            output.append(" ")
            output.append(attribute.name)
            output.append("=\"")
            Self.appendXMLEscaped(attribute.value, to: &output)
            output.append("\"")
        }
        if children.isEmpty && text == nil {
            output.append("/>")
            if pretty { output.append("\n") }
            return
        }
        output.append(">")
        if let text { Self.appendXMLEscaped(text, to: &output) }
        if !children.isEmpty {
            if pretty { output.append("\n") }
            for child in children {
                child.writeXML(to: &output, indent: indent, level: level + 1)
            }
            if pretty { output.append(String(repeating: " ", count: indent * level)) }
        }
        output.append("</")
        output.append(name)
        output.append(">")
        if pretty { output.append("\n") }
    }

    /// Appends `text` with `&`, `<`, `>` and `"` escaped and XML-illegal control characters replaced.
    static func appendXMLEscaped(_ text: String, to output: inout String) {
        let clean = text.utf8.allSatisfy { byte in
            byte != UInt8(ascii: "&") && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">")
                && byte != UInt8(ascii: "\"") && (byte >= 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D)
        }
        if clean {
            output.append(text)
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output.append("&amp;")
            case "<": output.append("&lt;")
            case ">": output.append("&gt;")
            case "\"": output.append("&quot;")
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 {
                    output.append("\u{FFFD}")
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
    }
}
