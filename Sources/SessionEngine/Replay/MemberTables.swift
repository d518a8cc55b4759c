// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Policy
public import ServicesCore
import SessionTable

/// The members' session tables, after a replay or between the steps of the shell's: the one place the
/// operational commands are answered from (ARCHITECTURE.md, *One command's journey*).
///
/// A ``SessionFilter`` is evaluated on the tables in place; sessions are copied out only as a command
/// prints them — member by member, lowest IDs first, in chunks — so a listing of ten million sessions holds
/// one chunk of copies, not ten million (``forEachSession(_:limit:chunk:_:)``).
///
/// `@unchecked Sendable`: the processors are reached only through the lanes, by one thread at a time (the
/// replay hands the tables over once its threads are done).
public final class MemberTables: @unchecked Sendable {
    /// The configuration the members run (a reload changes it: ``reconfigure(to:)``).
    public private(set) var configuration: EngineConfiguration
    let lanes: [MemberLane]
    /// The service sets' names, by index.
    private(set) var serviceSets: [String]
    /// Per member, the share of the replay's data-path time its processing took, percent (0 in the shell).
    var cpuUtilization: [Double]
    /// Packet time from the first frame to the time the tables stand at, nanoseconds (0 before a frame).
    var elapsed: UInt64 = 0
    /// The Linux interfaces of `ams run` with their ring counters, as of the engine's last tick (empty in a
    /// replay): `show services sessions analysis` shows them after the members.
    public internal(set) var liveInterfaces: [LiveInterfaceSnapshot] = []
    /// Inline `ams run`'s frames by verdict, as of the engine's last tick; `nil` in a replay or a monitor.
    public internal(set) var liveForwarding: LiveForwardingCounters?

    init(configuration: EngineConfiguration, lanes: [MemberLane]) {
        self.configuration = configuration
        self.lanes = lanes
        serviceSets = configuration.serviceSets.map(\.name)
        cpuUtilization = Array(repeating: 0, count: lanes.count)
    }

    /// Tables with no session, for a shell started without a capture.
    public static func empty(_ configuration: EngineConfiguration) -> MemberTables {
        MemberTables(
            configuration: configuration,
            lanes: configuration.members.indices.map {
                MemberLane(
                    processor: MemberProcessor(memberIndex: $0, configuration: configuration, expectedSessions: 16, seed: 1),
                    batches: 1, capacity: 1)
            })
    }

    /// Member `index` with `counts` sessions per service set, its statistics and memory, no sessions.
    private func member(_ index: Int, counts: [Int]) -> MemberSnapshot {
        let lane = lanes[index]
        var snapshot = MemberSnapshot(
            name: configuration.members[index], bundle: configuration.bundle, sessions: [],
            serviceSetCounts: zip(serviceSets, counts).map { ($0, $1) })
        snapshot.analysis = lane.processor.analysis
        snapshot.sessionBytes = lane.processor.storageBytes
        snapshot.policyBytes = configuration.serviceSets.reduce(0) { $0 + $1.storageBytes }
        snapshot.cpuUtilization = cpuUtilization[index]
        return snapshot
    }

    private func isSelected(_ index: Int, by filter: SessionFilter) -> Bool {
        filter.selects(member: configuration.members[index], bundle: configuration.bundle)
    }

    /// Every member, with the number of sessions `filter` selects per service set (0 for members its
    /// interface leaves out), and its statistics.
    public func counts(_ filter: SessionFilter) -> [MemberSnapshot] {
        lanes.indices.map { index in
            member(
                index,
                counts: isSelected(index, by: filter)
                    ? lanes[index].processor.counts(filter, serviceSets: serviceSets)
                    : Array(repeating: 0, count: serviceSets.count))
        }
    }

    /// The rows of `show services sessions count` (SPEC.md §2.5): for every member and service set `filter`
    /// selects, zero counts included, its selected sessions by validity; members, then service sets, in
    /// configuration order.
    public func countRows(_ filter: SessionFilter) -> [SessionCountRow] {
        lanes.indices.filter { isSelected($0, by: filter) }.flatMap { index in
            lanes[index].processor.countRows(filter, serviceSets: serviceSets, member: configuration.members[index])
                .filter { filter.serviceSet == nil || $0.serviceSet == filter.serviceSet }
        }
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
    ) {
        var remaining = limit
        for index in lanes.indices where remaining > 0 && isSelected(index, by: filter) {
            let lane = lanes[index]
            let slots = lane.processor.selectedSlots(filter, serviceSets: serviceSets, limit: remaining)
            remaining -= slots.count
            let heading = MemberSnapshot(
                name: configuration.members[index], bundle: configuration.bundle, sessions: [], serviceSetCounts: [])
            func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key & 0xFFFF_FFFF) }
            /// Walks the slots `keep` keeps, a chunk at a time; `false` once `body` stops.
            func walk(_ keep: (Int) -> Bool) -> Bool {
                var sessions: [SessionSnapshot] = []
                sessions.reserveCapacity(min(chunk, slots.count))
                for key in slots where keep(slot(key)) {
                    sessions.append(lane.processor.snapshot(slot: slot(key), configuration: configuration))
                    if sessions.count == chunk {
                        guard body(heading, sessions) else { return false }
                        sessions.removeAll(keepingCapacity: true)
                    }
                }
                return sessions.isEmpty || body(heading, sessions)
            }
            if !byServiceSet {
                guard walk({ _ in true }) else { return }
                continue
            }
            var walked = 0
            for set in serviceSets.indices where walked < slots.count {
                let number = UInt8(truncatingIfNeeded: set)
                guard walk({
                    guard lane.processor.shard[$0].serviceSet == number else { return false }
                    walked += 1
                    return true
                }) else { return }
            }
            if walked < slots.count {
                guard walk({ Int(lane.processor.shard[$0].serviceSet) >= serviceSets.count }) else { return }
            }
        }
    }

    /// Every member with the sessions `filter` selects copied out — at most `limit` in all, lowest IDs first,
    /// member by member — and the counts of all it selects: for the XML documents, tests and small tables.
    public func snapshot(
        _ filter: SessionFilter = SessionFilter(), limit: Int = .max, stoppingWhen shouldStop: () -> Bool = { false }
    ) -> [MemberSnapshot] {
        var members = counts(filter)
        var byName: [String: Int] = [:]
        for (index, member) in members.enumerated() { byName[member.name] = index }
        forEachSession(filter, limit: limit) { member, sessions in
            members[byName[member.name]!].sessions += sessions
            return !shouldStop()
        }
        return members
    }

    /// The bundle and its members, for `show interfaces load-balancing`: it came up with the engine's first
    /// packet and every member is active (``MemberState``).
    public func bundle() -> BundleSnapshot {
        BundleSnapshot(
            name: configuration.bundle, secondsSinceChange: elapsed / 1_000_000_000,
            highAvailability: configuration.highAvailability,
            members: configuration.members.map { BundleSnapshot.Member(name: $0, state: .active) })
    }

    /// Removes the sessions `filter` selects, with their ALG children (`clear services sessions`); every
    /// member with the number removed per service set.
    public func clear(_ filter: SessionFilter) -> [MemberSnapshot] {
        lanes.indices.map { index in
            var removed = Array(repeating: 0, count: serviceSets.count)
            if isSelected(index, by: filter) {
                removed = lanes[index].processor.remove(filter, serviceSets: serviceSets)
            }
            return MemberSnapshot(
                name: configuration.members[index], bundle: configuration.bundle, sessions: [],
                serviceSetCounts: zip(serviceSets, removed).map { ($0, $1) })
        }
    }

    /// Removes every session whose timeout ran out by packet time `now`.
    func expireAll(upTo now: UInt64) {
        for lane in lanes { lane.processor.expireAll(upTo: now) }
    }

    /// The packet time and frame count the tables were last expired at (``standing(at:frames:since:)``).
    private var sweptAt: (time: UInt64, frames: UInt64)?

    /// The tables as a command sees them at packet time `now`, after `frames` frames, the first at
    /// `firstTimestamp`: sessions expired by then are removed — once per move of the engine (sweeping again
    /// before it moves on would find nothing).
    func standing(at now: UInt64, frames: UInt64, since firstTimestamp: UInt64?) -> MemberTables {
        if sweptAt?.time != now || sweptAt?.frames != frames {
            expireAll(upTo: now)
            elapsed = firstTimestamp.map { now >= $0 ? now - $0 : 0 } ?? 0
            sweptAt = (now, frames)
        }
        return self
    }

    /// Has every member take `configuration` (the same number of members) and re-decide its sessions by it
    /// (``MemberProcessor/reconfigure(to:serviceSets:)``): the sessions kept and ended, over the members.
    func reconfigure(to configuration: EngineConfiguration) -> (kept: Int, ended: Int) {
        precondition(configuration.members.count == lanes.count, "a reload keeps the number of members")
        let names = configuration.serviceSets.map(\.name)
        let map = serviceSets.map { names.firstIndex(of: $0) }
        var total = (kept: 0, ended: 0)
        for lane in lanes {
            let (kept, ended) = lane.processor.reconfigure(to: configuration, serviceSets: map)
            total.kept += kept
            total.ended += ended
        }
        self.configuration = configuration
        serviceSets = names
        sweptAt = nil
        return total
    }

    /// Live sessions, summed over the members.
    public var liveSessions: Int { lanes.reduce(0) { $0 + $1.processor.shard.count } }
}
