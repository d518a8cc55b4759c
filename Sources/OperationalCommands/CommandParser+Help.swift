// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension CommandParser {
    /// What `?` lists at a point of a command line, and what Tab completes from: in the Junos layout, one
    /// line per entry, two spaces, its name in 19 columns, two spaces and its description (the layout of
    /// the Junos CLI's own `?` output, where `<[Enter]>` is followed by 12 spaces).
    struct Help {
        /// A value to type (`<port>`), listed first; Tab completes nothing from it.
        var placeholder: Keyword?
        /// The keywords or named values the word may become.
        var names: [Keyword] = []
        /// The command may end here: `<[Enter]>` comes first and `|` (the pipes) last.
        var allowsEnter = false

        var text: String {
            var entries: [Keyword] = []
            if allowsEnter { entries.append(Keyword(name: "<[Enter]>", help: "Execute this command")) }
            if let placeholder { entries.append(placeholder) }
            entries += names
            if allowsEnter { entries.append(Keyword(name: "|", help: "Pipe through a command")) }
            return (["Possible completions:"] + entries.map { "  " + $0.name.padding(19) + "  " + $0.help })
                .joined(separator: "\n")
        }
    }
}
