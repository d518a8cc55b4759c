// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The options of the reports on the bundle and its members: `show interfaces load-balancing`, and the
/// `[interface I]` of `analysis`, `utilization` and `service-sets summary`.
extension CommandParser {
    static let detailKeyword = Keyword(name: "detail", help: "Display detailed output")

    /// `[interface I]` at the end of a report per member; `nil` without it.
    static func reportInterface(_ cursor: inout Cursor) throws(Stop) -> String? {
        guard let next = cursor.peek, !next.isPipe else { return nil }
        _ = try cursor.keyword(among: [Keyword(name: "interface", help: "Name of interface")], allowsEnter: true)
        return try cursor.value(for: "interface", expecting: "Interface name").text
    }

    /// `[detail] [amsN]` after `show interfaces load-balancing`, in either order, each at most once. A word
    /// that is not (a prefix of) `detail` is the bundle's name.
    static func loadBalancing(_ cursor: inout Cursor) throws(Stop) -> OperationalCommand {
        var detail = false
        var bundle: String?
        while let word = cursor.peek, !word.isPipe {
            if word.text.hasSuffix("?") {
                let stem = String(word.text.dropLast())
                let candidates = detail || !detailKeyword.name.hasPrefix(stem) ? [] : [detailKeyword]
                let placeholder = Keyword(name: "<interface-name>", help: "Name of an amsN interface")
                throw .help(
                    Help(
                        placeholder: bundle == nil && (stem.isEmpty || candidates.isEmpty) ? placeholder : nil,
                        names: candidates, allowsEnter: stem.isEmpty))
            }
            _ = cursor.next()
            if resolve(word.text, among: [detailKeyword]) != nil {
                if detail { throw cursor.error("syntax error.", at: word) }
                detail = true
            } else if bundle == nil {
                bundle = word.text
            } else {
                throw cursor.error("syntax error.", at: word)
            }
        }
        return .showLoadBalancing(bundle: bundle, detail: detail)
    }
}
