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
public final class MemberTables: SessionTables, @unchecked Sendable {
    /// The configuration the members run (a reload changes it: ``reconfigure(to:)``).
    public private(set) var configuration: EngineConfiguration
    let lanes: [MemberLane]
    /// The service sets' names, by index.
    private(set) var serviceSets: [String]
    /// Each member's bundle's name, by member index.
    private var bundleNames: [String]
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
        bundleNames = Self.bundleNames(configuration)
        cpuUtilization = Array(repeating: 0, count: lanes.count)
    }

    /// The name of each member's bundle, by member index.
    private static func bundleNames(_ configuration: EngineConfiguration) -> [String] {
        configuration.bundles.flatMap { bundle in bundle.members.map { _ in bundle.name } }
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
            name: configuration.members[index], bundle: bundleNames[index], sessions: [],
            serviceSetCounts: zip(serviceSets, counts).map { ($0, $1) })
        snapshot.analysis = lane.processor.analysis
        snapshot.analysis.packetsOfOtherShard = lane.packetsOfOtherShard
        snapshot.sessionBytes = lane.processor.storageBytes
        snapshot.policyBytes = configuration.serviceSets.reduce(0) { $0 + $1.storageBytes }
        snapshot.cpuUtilization = cpuUtilization[index]
        return snapshot
    }

    private func isSelected(_ index: Int, by filter: SessionFilter) -> Bool {
        filter.selects(member: configuration.members[index], bundle: bundleNames[index])
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

    /// The sessions `filter` selects, in the order ``forEachSession(_:limit:chunk:byServiceSet:_:)`` lists
    /// them, as keys: nothing is copied yet.
    public func selection(_ filter: SessionFilter, limit: Int = .max, byServiceSet: Bool = false) -> SessionSelection {
        var runs: [SessionSelection.Run] = []
        var remaining = limit
        for index in lanes.indices where remaining > 0 && isSelected(index, by: filter) {
            let lane = lanes[index]
            let keys = lane.processor.selectedSlots(filter, serviceSets: serviceSets, limit: remaining)
            remaining -= keys.count
            let heading = MemberSnapshot(
                name: configuration.members[index], bundle: bundleNames[index], sessions: [], serviceSetCounts: [])
            guard byServiceSet else {
                if !keys.isEmpty { runs.append(.init(member: index, heading: heading, keys: keys)) }
                continue
            }
            // One run per service set in configuration order; sets no longer configured last, together.
            var bySet = Array(repeating: [UInt64](), count: serviceSets.count + 1)
            for key in keys {
                bySet[min(Int(lane.processor.shard[SessionSelection.slot(key)].serviceSet), serviceSets.count)].append(key)
            }
            for keys in bySet where !keys.isEmpty { runs.append(.init(member: index, heading: heading, keys: keys)) }
        }
        return SessionSelection(runs: runs)
    }

    /// The sessions of member `member` that `keys` name, copied out — those still there (a slot whose session
    /// ended, or holds another since, is left out).
    public func snapshots(member: Int, keys: ArraySlice<UInt64>) -> [SessionSnapshot] {
        let lane = lanes[member]
        var sessions: [SessionSnapshot] = []
        sessions.reserveCapacity(keys.count)
        for key in keys {
            let slot = SessionSelection.slot(key)
            guard slot < lane.processor.shard.slotCount, lane.processor.shard[slot].number == SessionSelection.number(key) else { continue }
            sessions.append(lane.processor.snapshot(slot: slot, configuration: configuration))
        }
        return sessions
    }

    /// Every bundle and its members, in configuration order, for `show interfaces load-balancing`: each came
    /// up with the engine's first packet and every member is active (``MemberState``).
    public func bundles() -> [BundleSnapshot] {
        configuration.bundles.map { bundle in
            BundleSnapshot(
                name: bundle.name, secondsSinceChange: elapsed / 1_000_000_000,
                highAvailability: bundle.highAvailability,
                members: bundle.members.map { BundleSnapshot.Member(name: $0, state: .active) })
        }
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
                name: configuration.members[index], bundle: bundleNames[index], sessions: [],
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

    /// Has every member take `configuration` (the same bundles of the same members) and re-decide its
    /// sessions by it (``MemberProcessor/reconfigure(to:serviceSets:)``): the sessions kept and ended, over
    /// the members. A service set moved to another bundle is gone from its old one: its sessions there end.
    func reconfigure(to configuration: EngineConfiguration) -> (kept: Int, ended: Int) {
        precondition(
            ReconfigurationError.bundles(running: self.configuration, new: configuration) == nil,
            "a reload keeps the bundles and their members")
        let names = configuration.serviceSets.map(\.name)
        let map = serviceSets.indices.map { old in
            names.firstIndex(of: serviceSets[old]).flatMap { new in
                self.configuration.bundleIndex(ofServiceSet: old) == configuration.bundleIndex(ofServiceSet: new) ? new : nil
            }
        }
        var total = (kept: 0, ended: 0)
        for lane in lanes {
            let (kept, ended) = lane.processor.reconfigure(to: configuration, serviceSets: map)
            total.kept += kept
            total.ended += ended
        }
        self.configuration = configuration
        serviceSets = names
        bundleNames = Self.bundleNames(configuration)
        sweptAt = nil
        return total
    }

    /// Reports every session still held as ended by `shutdown` (`ams run` stopping), if records are on;
    /// the sessions stay. The number reported.
    public func recordShutdown() -> Int {
        lanes.reduce(0) { $0 + $1.processor.recordShutdown() }
    }

    /// Live sessions, summed over the members.
    public var liveSessions: Int { lanes.reduce(0) { $0 + $1.processor.shard.count } }
}
