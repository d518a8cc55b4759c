// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension ConfigurationStatement {
    /// Writes the statement in curly-brace form with Junos formatting (4-space indentation).
    func writeCurlyBrace(into output: inout String, indent: Int) {
        for _ in 0..<indent { output += "    " }
        Self.appendQuoted(keyword, to: &output)
        if let name {
            output += " "
            Self.appendQuoted(name, to: &output)
        }
        if isValueList, values.count > 1 {
            output += " ["
            for value in values {
                output += " "
                Self.appendQuoted(value, to: &output)
            }
            output += " ]"
        } else {
            for value in values {
                output += " "
                Self.appendQuoted(value, to: &output)
            }
        }
        if children.isEmpty {
            output += ";\n"
            return
        }
        output += " {\n"
        for child in children {
            child.writeCurlyBrace(into: &output, indent: indent + 1)
        }
        for _ in 0..<indent { output += "    " }
        output += "}\n"
    }

    /// Writes the statement as `set` commands, one per leaf; `prefix` is the path words of its ancestors,
    /// each followed by a space.
    func writeSetCommands(into output: inout String, prefix: String) {
        var path = prefix
        Self.appendQuoted(keyword, to: &path)
        if let name {
            path += " "
            Self.appendQuoted(name, to: &path)
        }
        if !children.isEmpty {
            path += " "
            for child in children {
                child.writeSetCommands(into: &output, prefix: path)
            }
        } else if isValueList {
            for value in values {
                output += "set " + path + " "
                Self.appendQuoted(value, to: &output)
                output += "\n"
            }
        } else {
            output += "set " + path
            for value in values {
                output += " "
                Self.appendQuoted(value, to: &output)
            }
            output += "\n"
        }
    }

    /// Appends `word`, quoted and escaped when it would not survive as a bare word: when it is empty, holds
    /// a delimiter of the lexer (``Lexer/isDelimiter(_:)``) or `/*`, or is `inactive:`.
    static func appendQuoted(_ word: String, to output: inout String) {
        guard needsQuotes(word) else {
            output += word
            return
        }
        output += "\""
        for scalar in word.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    private static func needsQuotes(_ word: String) -> Bool {
        if word.isEmpty || word == "inactive:" { return true }
        var previous: UInt8 = 0
        for byte in word.utf8 {
            if Lexer.isDelimiter(byte) || (previous == UInt8(ascii: "/") && byte == UInt8(ascii: "*")) { return true }
            previous = byte
        }
        return false
    }
}
