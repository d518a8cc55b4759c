// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension JunosElement {
    /// The element as `| display json` / `format="json"` gives it, in the Junos JSON convention
    /// (Junos's JSON rendering, as PyEZ and Ansible read it): `{"<name>": [<object>]}`.
    ///
    /// An element's object holds `"attributes": {…}` (if any), `"data": "…"` (if it has text), then one key
    /// per child name in order of first appearance, whose value is the array of all children of that name
    /// (so repeated siblings share one array). An element without attributes, text or children is `{}`.
    /// Formatting is that of the captured fixtures: one line, `": "` and `", "` separators, ending with `\n`.
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
        // Group children by name, in order of first appearance.
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
        for group in groups {
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
