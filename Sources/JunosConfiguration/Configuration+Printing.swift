// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension Configuration {
    /// The configuration in Junos curly-brace form (`show configuration`), 4-space indented.
    public func curlyBraceText() -> String {
        var output = ""
        for statement in statements {
            statement.writeCurlyBrace(into: &output, indent: 0)
        }
        return output
    }

    /// The configuration as `set` commands (`show configuration | display set`), one per line.
    public func setCommands() -> String {
        var output = ""
        for statement in statements {
            statement.writeSetCommands(into: &output, prefix: "")
        }
        return output
    }
}
