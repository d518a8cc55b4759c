// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

/// How much `show services sessions` prints.
public enum DetailLevel: String, Sendable, Hashable, CaseIterable {
    case terse
    case brief
    case extensive
}

/// A `show services sessions` or `clear services sessions` command's options (SPEC.md §2.1): which
/// sessions (``filter``) and how they are shown.
public struct SessionQuery: Sendable, Hashable {
    public var level: DetailLevel = .brief
    /// `count`: print the number of matching sessions per member and service set (all of them: `limit`
    /// bounds the sessions printed, not the counts).
    public var count = false
    /// `limit`: at most this many sessions are printed, lowest session IDs first, member by member.
    public var limit: Int?
    /// The sessions selected.
    public var filter = SessionFilter()

    public init() {}
}
