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
        TextBuffer.text { output in
            output.write("{")
            Self.writeJSONString(name, to: &output)
            output.write(": [")
            writeJSONObject(to: &output)
            output.write("]}\n")
        }
    }

    /// Writes the element's JSON object (without its name).
    public func writeJSONObject(to output: inout TextBuffer) {
        output.write("{")
        var first = true
        func key(_ key: String, _ output: inout TextBuffer) {
            if !first { output.write(", ") }
            first = false
            Self.writeJSONString(key, to: &output)
            output.write(": ")
        }
        if !attributes.isEmpty {
            key("attributes", &output)
            output.write("{")
            for (index, attribute) in attributes.enumerated() {
                if index > 0 { output.write(", ") }
                Self.writeJSONString(attribute.name, to: &output)
                output.write(": ")
                Self.writeJSONString(attribute.value, to: &output)
            }
            output.write("}")
        }
        if let text {
            key("data", &output)
            Self.writeJSONString(text, to: &output)
        }
        forEachChildGroup { name, first in
            key(name, &output)
            output.write("[")
            for index in first..<children.endIndex where children[index].name == name {
                if index > first { output.write(", ") }
                children[index].writeJSONObject(to: &output)
            }
            output.write("]")
        }
        output.write("}")
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
        TextBuffer.text { writePrettyJSON(to: &$0) }
    }

    /// Writes ``prettyJSONText()``.
    func writePrettyJSON(to output: inout TextBuffer) {
        output.write("{\n    ")
        Self.writeJSONString(name, to: &output)
        output.write(" : [\n")
        writePrettyJSONObject(indent: 4, to: &output)
        output.write("\n    ]\n}\n")
    }

    /// Writes the element's object at `indent`, up to its closing `}` (the separator after it is the array's).
    func writePrettyJSONObject(indent: Int, to output: inout TextBuffer) {
        output.spaces(indent)
        output.write("{")
        output.newline()
        var groups = 0
        forEachChildGroup { _, _ in groups += 1 }
        var remaining = (text == nil ? 0 : 1) + (attributes.isEmpty ? 0 : 1) + groups
        func endMember(_ output: inout TextBuffer) {
            remaining -= 1
            if remaining > 0 { output.write(",") }
            output.newline()
        }
        if let text {
            output.spaces(indent + 4)
            output.write("\"data\" : ")
            Self.writeJSONString(text, to: &output)
            endMember(&output)
        }
        if !attributes.isEmpty {
            Self.writePrettyJSONAttributes(attributes, indent: indent + 4, to: &output)
            endMember(&output)
        }
        forEachChildGroup { name, first in
            output.spaces(indent + 4)
            Self.writeJSONString(name, to: &output)
            output.write(" : [")
            output.newline()
            for index in first..<children.endIndex where children[index].name == name {
                if index > first {
                    output.write(",")
                    output.newline()
                }
                children[index].writePrettyJSONObject(indent: indent + 4, to: &output)
            }
            output.newline()
            output.spaces(indent + 4)
            output.write("]")
            endMember(&output)
        }
        output.spaces(indent)
        output.write("}")
    }

    /// Writes `"attributes" : {…}` at `indent`: on one line, or one attribute a line aligned under the first
    /// with `}` under the `{` (no separator after it).
    static func writePrettyJSONAttributes(_ attributes: [JunosAttribute], indent: Int, to output: inout TextBuffer) {
        output.spaces(indent)
        output.write("\"attributes\" : {")
        for (index, attribute) in attributes.enumerated() {
            if index > 0 {
                output.write(",")
                output.newline()
                output.spaces(indent + 16)
            }
            writeJSONString(attribute.name, to: &output)
            output.write(" : ")
            writeJSONString(attribute.value, to: &output)
        }
        if attributes.count > 1 {
            output.newline()
            output.spaces(indent + 15)
        }
        output.write("}")
    }

    /// Calls `body` once per name among the children, in order of first appearance, with the name and the
    /// index of its first child: one JSON array per name. Nothing is allocated (a run of equal names is
    /// recognised at once; a name is searched among the earlier children only where the name changes).
    private func forEachChildGroup(_ body: (_ name: String, _ first: Int) -> Void) {
        for index in children.indices {
            let name = children[index].name
            if index > 0 && children[index - 1].name == name { continue }
            if children[..<index].contains(where: { $0.name == name }) { continue }
            body(name, index)
        }
    }

    /// Writes `text` as a JSON string literal (RFC 8259 escaping; non-ASCII is written as UTF-8:
    /// ``TextBuffer/Room/jsonString(_:)``).
    static func writeJSONString(_ text: String, to output: inout TextBuffer) {
        output.writeJSONString(text)
    }
}
