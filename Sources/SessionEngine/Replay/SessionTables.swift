// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

/// What an operational command asks of the members' tables (ARCHITECTURE.md, *One command's journey*).
/// ``MemberTables`` answers in place (a replay, the shell's stepped replay); the daemon's tables answer each
/// question with a job on the engine thread, so a command runs on a thread of its own and the engine
/// forwards between its questions — however long the command's client takes to read.
public protocol SessionTables {
    /// Why a question went unanswered: `Never` for tables in hand; the daemon's when it is stopping.
    associatedtype Failure: Error
    /// Every member, with the number of sessions `filter` selects per service set, and its statistics.
    func counts(_ filter: SessionFilter) throws(Failure) -> [MemberSnapshot]
    /// The rows of `show services sessions count` (SPEC.md §2.5).
    func countRows(_ filter: SessionFilter) throws(Failure) -> [SessionCountRow]
    /// The sessions `filter` selects, in print order, as keys (``SessionSelection``).
    func selection(_ filter: SessionFilter, limit: Int, byServiceSet: Bool) throws(Failure) -> SessionSelection
    /// The sessions of member `member` that `keys` name and that are still there, copied out.
    func snapshots(member: Int, keys: ArraySlice<UInt64>) throws(Failure) -> [SessionSnapshot]
    /// Removes the sessions `filter` selects, with their ALG children (`clear services sessions`).
    func clear(_ filter: SessionFilter) throws(Failure) -> [MemberSnapshot]
    /// Every bundle and its members, in configuration order (`show interfaces load-balancing`).
    func bundles() throws(Failure) -> [BundleSnapshot]
    /// The Linux interfaces of `ams run` with their ring counters, and inline forwarding's counters.
    func liveStatistics() throws(Failure) -> (interfaces: [LiveInterfaceSnapshot], forwarding: LiveForwardingCounters?)
}

extension SessionTables {
    /// The first bundle and its members (the only one of the built-in configuration).
    public func bundle() throws(Failure) -> BundleSnapshot {
        try bundles()[0]
    }

    /// Calls `body` with the sessions `filter` selects, member by member in configuration order, lowest
    /// session IDs first, at most `limit` in all, in chunks of at most `chunk`: the member (its name and
    /// bundle) and the chunk. Members without a selected session are skipped. `body` returns `false` to
    /// stop (the output is gone).
    ///
    /// `byServiceSet`: a member's selected sessions (the same `limit` of them) come service set by service
    /// set, in configuration order — sessions of a set no longer configured last —, each chunk of one set
    /// (the XML documents' order: ``SessionDocuments/sessionTable(_:extensive:release:)``).
    public func forEachSession(
        _ filter: SessionFilter, limit: Int = .max, chunk: Int = 4096, byServiceSet: Bool = false,
        _ body: (_ member: MemberSnapshot, _ sessions: [SessionSnapshot]) -> Bool
    ) throws(Failure) {
        try selection(filter, limit: limit, byServiceSet: byServiceSet)
            .walk(chunk: chunk, snapshots: { (member, keys) throws(Failure) in try snapshots(member: member, keys: keys) }, body)
    }

    /// Every member with the sessions `filter` selects copied out — at most `limit` in all, lowest IDs first,
    /// member by member — and the counts of all it selects: for the XML documents, tests and small tables.
    public func snapshot(
        _ filter: SessionFilter = SessionFilter(), limit: Int = .max, stoppingWhen shouldStop: () -> Bool = { false }
    ) throws(Failure) -> [MemberSnapshot] {
        var members = try counts(filter)
        var byName: [String: Int] = [:]
        for (index, member) in members.enumerated() { byName[member.name] = index }
        try forEachSession(filter, limit: limit) { member, sessions in
            members[byName[member.name]!].sessions += sessions
            return !shouldStop()
        }
        return members
    }
}

extension MemberTables {
    public typealias Failure = Never

    public func liveStatistics() -> (interfaces: [LiveInterfaceSnapshot], forwarding: LiveForwardingCounters?) {
        (liveInterfaces, liveForwarding)
    }
}
