// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension ConfigurationStatement {
    /// Writes the statement in curly-brace form with Junos formatting (4-space indentation).
    func writeCurlyBrace(into output: inout String, indent: Int) {
        let padding = String(repeating: " ", count: indent * 4)
        var header = pathWords.map(Self.quoted).joined(separator: " ")
        if isValueList, values.count > 1 {
            header += " [ " + values.map(Self.quoted).joined(separator: " ") + " ]"
        } else if !values.isEmpty {
            header += " " + values.map(Self.quoted).joined(separator: " ")
        }
        if children.isEmpty {
            output += "\(padding)\(header);\n"
            return
        }
        output += "\(padding)\(header) {\n"
        for child in children {
            child.writeCurlyBrace(into: &output, indent: indent + 1)
        }
        output += "\(padding)}\n"
    }

    /// Writes the statement as `set` commands, one per leaf.
    func writeSetCommands(into output: inout String, prefix: [String]) {
        let path = prefix + pathWords.map(Self.quoted)
        if !children.isEmpty {
            for child in children {
                child.writeSetCommands(into: &output, prefix: path)
            }
        } else if isValueList {
            for value in values {
                output += "set " + (path + [Self.quoted(value)]).joined(separator: " ") + "\n"
            }
        } else {
            output += "set " + (path + values.map(Self.quoted)).joined(separator: " ") + "\n"
        }
    }

    /// A word, quoted and escaped when it would not survive as a bare word.
    static func quoted(_ word: String) -> String {
        let needsQuotes = word.isEmpty || word.unicodeScalars.contains(where: Lexer.isDelimiter) || word.contains("/*")
            || word == "inactive:"
        guard needsQuotes else { return word }
        var result = "\""
        for scalar in word.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
