// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// `policy-options prefix-list L { prefix; … }`.
public struct PrefixList: Hashable, Sendable {
    /// The list name.
    public var name: String
    /// The prefixes, in order.
    public var prefixes: [IPPrefix]

    /// Creates a prefix list.
    public init(name: String, prefixes: [IPPrefix] = []) {
        self.name = name
        self.prefixes = prefixes
    }
}
