// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Policy
public import ServicesCore
import SessionTable
import Wire

/// What the control plane asks of a member's table (through `MemberTables`): the sessions a
/// ``SessionFilter`` selects — tested in place, so that `count` and `limit N` touch each session once and
/// copy at most what is printed —, their removal, and the statistics.
extension MemberProcessor {
    /// `true` if the session in `slot` is selected by `filter` (whose interface selects this member);
    /// `serviceSets` are the service sets' names, by index.
    @inline(__always)
    func selects(_ filter: SessionFilter, slot: Int, serviceSets: [String]) -> Bool {
        let session = shard[slot]
        let index = Int(session.serviceSet)
        return filter.selects(
            serviceSet: index < serviceSets.count ? serviceSets[index] : "?", alg: session.alg,
            transport: session.transport, source: session.source, sourcePort: session.sourcePort,
            destination: session.destination, destinationPort: session.destinationPort)
    }

    /// Calls `body` with every session this member holds, in slot order, and whether a packet at `now` would
    /// find it expired (the owner rule rebuilds its steering table from them: ``MemberSessions``).
    func forEachSession(at now: UInt64, _ body: (Session, _ isExpired: Bool) -> Void) {
        for slot in 0..<shard.slotCount where shard[slot].number != 0 {
            body(shard[slot], shard.isExpired(slot: slot, at: now))
        }
    }

    /// The number of sessions `filter` selects, per service set.
    func counts(_ filter: SessionFilter, serviceSets: [String]) -> [Int] {
        guard filter.selectsEverySession else {
            return countRows(filter, serviceSets: serviceSets, member: "").map(\.total)
        }
        // The shard keeps live counts per service set: nothing to scan.
        return serviceSets.indices.map { shard.count(serviceSet: UInt8(truncatingIfNeeded: $0)) }
    }

    /// The sessions `filter` selects, per service set and by validity (`show services sessions count`): a
    /// row per service set, for the member called `member`.
    func countRows(_ filter: SessionFilter, serviceSets: [String], member: String) -> [SessionCountRow] {
        var rows = serviceSets.map { SessionCountRow(member: member, serviceSet: $0) }
        if filter.selectsEverySession {
            // The shard keeps live counts per service set and validity: nothing to scan.
            for index in rows.indices {
                let serviceSet = UInt8(truncatingIfNeeded: index)
                rows[index].valid = shard.count(serviceSet: serviceSet, validity: .valid)
                rows[index].invalid = shard.count(serviceSet: serviceSet, validity: .invalid)
                rows[index].pending = shard.count(serviceSet: serviceSet, validity: .pending)
                rows[index].other = shard.count(serviceSet: serviceSet, validity: .other)
            }
            return rows
        }
        for slot in 0..<shard.slotCount where shard[slot].number != 0 && selects(filter, slot: slot, serviceSets: serviceSets) {
            let index = Int(shard[slot].serviceSet)
            if index < rows.count { rows[index].add(shard[slot].validity) }
        }
        return rows
    }

    /// The slots of the sessions `filter` selects, lowest session numbers first, at most `limit` of them.
    ///
    /// Each is kept with its number (`number << 32 | slot`), so the order is one sort of plain integers —
    /// about linear, since slots are mostly filled in number order — and 8 bytes a session is all the
    /// memory a full listing takes besides the table.
    func selectedSlots(_ filter: SessionFilter, serviceSets: [String], limit: Int) -> [UInt64] {
        guard limit > 0 else { return [] }
        let everySession = filter.selectsEverySession
        if limit >= 65_536 {
            var keys: [UInt64] = []
            keys.reserveCapacity(everySession ? shard.count : 1024)
            for slot in 0..<shard.slotCount where shard[slot].number != 0 {
                guard everySession || selects(filter, slot: slot, serviceSets: serviceSets) else { continue }
                keys.append(UInt64(shard[slot].number) << 32 | UInt64(slot))
            }
            keys.sort()
            if keys.count > limit { keys.removeLast(keys.count - limit) }
            return keys
        }
        // A few: keep the `limit` lowest numbers seen so far, and where the largest of them is.
        var kept: [UInt64] = []
        var largest = 0
        for slot in 0..<shard.slotCount where shard[slot].number != 0 {
            guard everySession || selects(filter, slot: slot, serviceSets: serviceSets) else { continue }
            let key = UInt64(shard[slot].number) << 32 | UInt64(slot)
            if kept.count < limit {
                kept.append(key)
                if key > kept[largest] { largest = kept.count - 1 }
            } else if key < kept[largest] {
                kept[largest] = key
                largest = kept.indices.max { kept[$0] < kept[$1] }!
            }
        }
        kept.sort()
        return kept
    }

    /// The session in `slot`, copied out for display, at the packet time the table stands at.
    func snapshot(slot: Int, configuration: EngineConfiguration) -> SessionSnapshot {
        let session = shard[slot]
        var snapshot = Self.snapshot(of: session, member: memberIndex, configuration: configuration)
        let deadline = shard.deadline(slot: slot)
        snapshot.secondsLeft = deadline > standsAt ? UInt32(clamping: (deadline - standsAt) / 1_000_000_000) : 0
        // An ALG child was admitted by its parent's gate: on Next Gen it shows its parent's policy.
        if configuration.bundle(ofMember: memberIndex).generation == .nextGen, session.parentNumber != 0,
            let parent = self.slot(ofNumber: session.parentNumber, near: slot - Int(session.number &- session.parentNumber))
        {
            snapshot.policy = Self.policy(of: shard[parent], configuration: configuration)
        }
        return snapshot
    }

    /// The slot of the live session numbered `number`, looked for first around `guess` (slots fill mostly in
    /// number order, so a parent lies about as many slots before its child as it was created before it),
    /// then everywhere.
    func slot(ofNumber number: UInt32, near guess: Int) -> Int? {
        let window = 64
        let nearby = max(0, guess - window)..<min(shard.slotCount, max(0, guess + window))
        if let slot = nearby.first(where: { shard[$0].number == number }) { return slot }
        return (0..<shard.slotCount).first { shard[$0].number == number }
    }

    /// The Next Gen policy that decides `session`'s first packet in its service set (`nil` on MS-MPC, or if
    /// none does): found again from the flow as a reload re-decides it (the session keeps no rule), so the
    /// data path pays nothing for it.
    static func policy(of session: Session, configuration: EngineConfiguration) -> PolicyReference? {
        let serviceSets = configuration.serviceSets
        guard Int(session.serviceSet) < serviceSets.count,
            configuration.bundles[configuration.bundleIndex(ofServiceSet: Int(session.serviceSet))].generation == .nextGen
        else { return nil }
        return serviceSets[Int(session.serviceSet)].policyReference(for: FlowPacket(SessionPacket(firstPacketOf: session)))
    }

    /// Removes the sessions `filter` selects (`clear services sessions`) with their children and their
    /// open gates; returns how many were removed per service set.
    mutating func remove(_ filter: SessionFilter, serviceSets: [String]) -> [Int] {
        var removed = Array(repeating: 0, count: serviceSets.count)
        var removedParents = Set<UInt32>()
        func take(_ slot: Int) {
            let index = Int(shard[slot].serviceSet)
            if index < removed.count { removed[index] += 1 }
            record(.close, reason: .cleared, slot: slot, at: standsAt)
            shard.remove(slot: slot)
        }
        for slot in 0..<shard.slotCount where shard[slot].number != 0 && selects(filter, slot: slot, serviceSets: serviceSets) {
            removedParents.insert(shard[slot].number)
            take(slot)
        }
        // Children go with their parents (SPEC.md §2.7), and so do the parents' open gates.
        if !removedParents.isEmpty {
            for slot in 0..<shard.slotCount
            where shard[slot].number != 0 && removedParents.contains(shard[slot].parentNumber) {
                take(slot)
            }
            gateBook = gateBook.filter { !removedParents.contains($0.value.parentNumber) }
        }
        // Cleared sessions are deleted sessions for `show services sessions analysis`.
        rates.deleted &+= removed.reduce(0, +)
        return removed
    }

    /// This member's statistics for `show services sessions analysis`.
    public var analysis: SessionAnalysis {
        var analysis = SessionAnalysis()
        let live = shard.liveByKind
        let peaks = shard.peaksByKind
        (analysis.tcpIPv4, analysis.tcpIPv6) = (live[0], live[1])
        (analysis.udpIPv4, analysis.udpIPv6) = (live[2], live[3])
        (analysis.otherIPv4, analysis.otherIPv6) = (live[4], live[5])
        (analysis.peakTCP, analysis.peakUDP, analysis.peakOther) = (peaks[0], peaks[1], peaks[2])
        analysis.predicted = gateBook.count
        analysis.peakTotal = shard.peakCount
        analysis.createdPerSecond = rates.lastCreated
        analysis.deletedPerSecond = rates.lastDeleted
        analysis.refusedPerSecond = rates.lastRefused
        analysis.peakCreatedPerSecond = max(rates.peakCreated, rates.created)
        analysis.peakDeletedPerSecond = max(rates.peakDeleted, rates.deleted)
        analysis.packetsReceived = counters.packets
        analysis.packetsTransmitted = counters.packets - counters.packetsDropped
        analysis.slowPathForward = counters.slowPathForward
        analysis.slowPathDiscard = counters.slowPathDiscard
        return analysis
    }


    /// `session` copied out, in the form of its member's card (``SessionID``); the seconds it has left and an
    /// ALG child's policy are the table's to tell (``snapshot(slot:configuration:)``).
    static func snapshot(of session: Session, member: Int, configuration: EngineConfiguration) -> SessionSnapshot {
        let hasPorts = session.transport.hasPorts
        let initiator = FlowSnapshot(
            transport: session.transport, source: session.source, sourcePort: session.sourcePort,
            destination: session.destination, destinationPort: session.destinationPort, hasPorts: hasPorts,
            state: session.initiatorState, role: .initiator, frames: session.initiatorFrames,
            bytes: session.initiatorBytes, timeout: session.timeout)
        let responder = FlowSnapshot(
            transport: session.transport, source: session.destination, sourcePort: session.destinationPort,
            destination: session.source, destinationPort: session.sourcePort, hasPorts: hasPorts,
            state: session.responderState, role: .responder, frames: session.responderFrames,
            bytes: session.responderBytes, timeout: session.timeout)
        let serviceSets = configuration.serviceSets
        let serviceSet =
            Int(session.serviceSet) < serviceSets.count ? serviceSets[Int(session.serviceSet)].name : "?"
        // The member's own bundle's generation: each bundle prints (and numbers) its sessions its way.
        let generation = configuration.bundle(ofMember: member).generation
        // Next Gen (SPEC.md §9): the policy that decides the session's flow. An ALG child's is its parent's.
        let policy = session.parentNumber == 0 ? Self.policy(of: session, configuration: configuration) : nil
        return SessionSnapshot(
            id: SessionID.make(member: member, number: session.number, generation: generation), serviceSet: serviceSet,
            alg: session.alg, flags: UInt32(session.algFlags), ipAction: false, offload: false, asymmetric: false,
            parentID: session.parentNumber == 0
                ? nil : SessionID.make(member: member, number: session.parentNumber, generation: generation),
            sessionTimeout: configuration.sessionTimeout(serviceSet: Int(session.serviceSet)), policy: policy,
            initiator: initiator, responder: responder, validity: session.validity)
    }
}
