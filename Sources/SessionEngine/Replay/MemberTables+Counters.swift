// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension MemberTables {
    /// Each member's own counters, in member order, as they stand: what `/metrics` reads at scrape time
    /// (SPEC.md §8). A copy; nothing is counted for it.
    public var memberCounters: [MemberCounters] { lanes.map { $0.processor.counters } }
}
