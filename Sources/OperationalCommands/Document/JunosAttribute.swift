// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// One XML attribute of a ``JunosElement``, e.g. `xmlns="http://xml.juniper.net/…"` or `junos:style="terse"`.
///
/// A named pair rather than a tuple so that elements stay `Hashable` while keeping attributes in document order.
public struct JunosAttribute: Hashable, Sendable {
    /// The qualified attribute name, e.g. `xmlns:junos`.
    public var name: String
    /// The unescaped value.
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
