// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

/// The sessions a listing selected, in the order it prints them, as keys into the members' tables
/// (`number << 32 | slot`, 8 bytes a session): chosen at once (``MemberTables/selection(_:limit:byServiceSet:)``),
/// then copied out a chunk at a time (``walk(chunk:snapshots:_:)``) — in place by a replay, by jobs on the
/// engine thread in the daemon, which forwards packets between chunks however slowly the client reads
/// (ARCHITECTURE.md, *One command's journey*). A session gone by the time its chunk is copied is left out.
public struct SessionSelection: Sendable {
    /// Sessions of one member (and, by service set, of one service set), lowest numbers first.
    public struct Run: Sendable {
        /// The member's index, name and bundle (the listing's heading).
        public var member: Int
        public var heading: MemberSnapshot
        public var keys: [UInt64]
    }

    /// The runs in print order: members in configuration order, then (by service set) service sets in
    /// configuration order, sessions of a set no longer configured last.
    public var runs: [Run]

    public init(runs: [Run]) {
        self.runs = runs
    }

    /// The number of sessions selected.
    public var count: Int { runs.reduce(0) { $0 + $1.keys.count } }

    /// Calls `body` with each run's sessions, at most `chunk` a time, as `snapshots` copies them (leaving out
    /// keys whose session is gone); chunks that come out empty are skipped. `body` returns `false` to stop.
    public func walk<Failure: Error>(
        chunk: Int, snapshots: (_ member: Int, _ keys: ArraySlice<UInt64>) throws(Failure) -> [SessionSnapshot],
        _ body: (_ member: MemberSnapshot, _ sessions: [SessionSnapshot]) -> Bool
    ) throws(Failure) {
        for run in runs {
            var start = 0
            while start < run.keys.count {
                let end = min(start + max(1, chunk), run.keys.count)
                let sessions = try snapshots(run.member, run.keys[start..<end])
                if !sessions.isEmpty {
                    guard body(run.heading, sessions) else { return }
                }
                start = end
            }
        }
    }

    /// The session number and slot a key holds.
    @inlinable
    public static func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key & 0xFFFF_FFFF) }
    @inlinable
    public static func number(_ key: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: key >> 32) }
}
