// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension JunosElement {
    /// The element as `| display json` / `format="json"` gives it, in the Junos JSON convention
    /// (Junos's JSON rendering, as PyEZ and Ansible read it): `{"<name>": [<object>]}`.
    ///
    /// An element's object holds `"attributes": {…}` (if any), `"data": "…"` (if it has text), then one key
    /// per child name in order of first appearance, whose value is the array of all children of that name
    /// (so repeated siblings share one array). An element without attributes, text or children is `{}`.
    /// Formatting is that of the captured fixtures: one line, `": "` and `", "` separators, ending with `\n` (the
    /// compact form NETCONF clients get; the CLI's is ``prettyJSONText()``).
    public func jsonText() -> String {
        var output = "{"
        Self.appendJSONString(name, to: &output)
        output.append(": [")
        writeJSONObject(to: &output)
        output.append("]}\n")
        return output
    }

    /// Appends the element's JSON object (without its name).
    public func writeJSONObject(to output: inout String) {
        output.append("{")
        var first = true
        func key(_ key: String) {
            if !first { output.append(", ") }
            first = false
            Self.appendJSONString(key, to: &output)
            output.append(": ")
        }
        if !attributes.isEmpty {
            key("attributes")
            output.append("{")
            for (index, attribute) in attributes.enumerated() {
                if index > 0 { output.append(", ") }
                Self.appendJSONString(attribute.name, to: &output)
                output.append(": ")
                Self.appendJSONString(attribute.value, to: &output)
            }
            output.append("}")
        }
        if let text {
            key("data")
            Self.appendJSONString(text, to: &output)
        }
        for group in childGroups {
            key(group.name)
            output.append("[")
            for (position, index) in group.members.enumerated() {
                if position > 0 { output.append(", ") }
                children[index].writeJSONObject(to: &output)
            }
            output.append("]")
        }
        output.append("}")
    }

    /// The element as the Junos CLI prints `| display json` (real 15.1–18.1 captures, junos-research.md §1.7):
    /// the same objects as ``jsonText()``, pretty-printed.
    ///
    /// ```
    /// {
    ///     "msp-session-table" : [
    ///     {
    ///         "attributes" : {"xmlns" : "http://xml.juniper.net/junos/…/junos-adaptive-services"},
    ///         "msp-per-service-set-session-table" : [
    ///         {
    ///             "interface-name" : [
    ///             {
    ///                 "data" : "mams-0/0/0"
    ///             }
    ///             ],
    /// ```
    ///
    /// Four-space steps; an array's objects stand at its key's indentation; `"key" : value` with a space
    /// before the colon; `"data"` first, then `"attributes"` (on one line, or one attribute a line aligned
    /// under the first with `}` under the `{`), then the children; an empty element is `{` and `}` on two
    /// lines. Ends with `\n`.
    public func prettyJSONText() -> String {
        var output = "{\n    "
        Self.appendJSONString(name, to: &output)
        output.append(" : [\n")
        writePrettyJSONObject(indent: 4, to: &output)
        output.append("\n    ]\n}\n")
        return output
    }

    /// Appends the element's object at `indent`, up to its closing `}` (the separator after it is the array's).
    func writePrettyJSONObject(indent: Int, to output: inout String) {
        let outer = String(repeating: " ", count: indent)
        let inner = outer + "    "
        output.append(outer + "{\n")
        let groups = childGroups
        var remaining = (text == nil ? 0 : 1) + (attributes.isEmpty ? 0 : 1) + groups.count
        func endMember() {
            remaining -= 1
            output.append(remaining > 0 ? ",\n" : "\n")
        }
        if let text {
            output.append(inner + "\"data\" : ")
            Self.appendJSONString(text, to: &output)
            endMember()
        }
        if !attributes.isEmpty {
            Self.appendPrettyJSONAttributes(attributes, indent: indent + 4, to: &output)
            endMember()
        }
        for group in groups {
            output.append(inner)
            Self.appendJSONString(group.name, to: &output)
            output.append(" : [\n")
            for (position, index) in group.members.enumerated() {
                if position > 0 { output.append(",\n") }
                children[index].writePrettyJSONObject(indent: indent + 4, to: &output)
            }
            output.append("\n" + inner + "]")
            endMember()
        }
        output.append(outer + "}")
    }

    /// Appends `"attributes" : {…}` at `indent`: on one line, or one attribute a line aligned under the first
    /// with `}` under the `{` (no separator after it).
    static func appendPrettyJSONAttributes(_ attributes: [JunosAttribute], indent: Int, to output: inout String) {
        let inner = String(repeating: " ", count: indent)
        output.append(inner + "\"attributes\" : {")
        for (index, attribute) in attributes.enumerated() {
            if index > 0 { output.append(",\n" + inner + String(repeating: " ", count: 16)) }
            appendJSONString(attribute.name, to: &output)
            output.append(" : ")
            appendJSONString(attribute.value, to: &output)
        }
        if attributes.count > 1 { output.append("\n" + inner + String(repeating: " ", count: 15)) }
        output.append("}")
    }

    /// The children grouped by name, in order of first appearance: one JSON array per name.
    private var childGroups: [(name: String, members: [Int])] {
        var groups: [(name: String, members: [Int])] = []
        var slot: [String: Int] = [:]
        for (index, child) in children.enumerated() {
            if let existing = slot[child.name] {
                groups[existing].members.append(index)
            } else {
                slot[child.name] = groups.count
                groups.append((child.name, [index]))
            }
        }
        return groups
    }

    /// Appends `text` as a JSON string literal (RFC 8259 escaping; non-ASCII is written as UTF-8).
    static func appendJSONString(_ text: String, to output: inout String) {
        output.append("\"")
        let clean = text.utf8.allSatisfy { $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        if clean {
            output.append(text)
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": output.append("\\\"")
                case "\\": output.append("\\\\")
                case "\n": output.append("\\n")
                case "\r": output.append("\\r")
                case "\t": output.append("\\t")
                case "\u{08}": output.append("\\b")
                case "\u{0C}": output.append("\\f")
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        output.append("\\u")
                        output.append(String(repeating: "0", count: 4 - hex.count))
                        output.append(hex)
                    } else {
                        output.unicodeScalars.append(scalar)
                    }
                }
            }
        }
        output.append("\"")
    }
}
