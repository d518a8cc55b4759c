// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Policy
public import ServicesCore
import SessionTable
public import Wire

/// Which sessions a query wants, tested on a member's sessions in place — before anything is copied out,
/// so that `count` and `limit N` on a large table touch each session once and copy at most N.
///
/// A session matches when its service set and ALG match and one of its flows matches every address, port
/// and protocol condition together (SPEC.md §2.1).
public struct SessionSelector: Sendable {
    public var serviceSet: String?
    /// ALGs accepted, with the protocol for `tcp`/`udp` (sessions without an ALG).
    public var algs: [ApplicationLayerProtocol]?
    public var algTransport: IPProtocol?
    public var transport: IPProtocol?
    public var sourcePrefix: IPPrefix?
    public var destinationPrefix: IPPrefix?
    public var sourcePort: UInt16?
    public var destinationPort: UInt16?

    public init() {}

    /// `true` if nothing is filtered.
    public var selectsAll: Bool {
        serviceSet == nil && algs == nil && transport == nil && sourcePrefix == nil && destinationPrefix == nil
            && sourcePort == nil && destinationPort == nil
    }

    func flowMatches(
        _ source: IPAddress, _ sourcePort: UInt16, _ destination: IPAddress, _ destinationPort: UInt16,
        transport: IPProtocol
    ) -> Bool {
        if let want = self.transport, want != transport { return false }
        if let sourcePrefix, !sourcePrefix.contains(source) { return false }
        if let destinationPrefix, !destinationPrefix.contains(destination) { return false }
        let hasPorts = transport.hasPorts
        if let want = self.sourcePort, !(hasPorts && want == sourcePort) { return false }
        if let want = self.destinationPort, !(hasPorts && want == destinationPort) { return false }
        return true
    }

    /// `true` if `session` of a member whose service sets are `serviceSets` is selected.
    func selects(_ session: Session, serviceSets: [ServiceSetPolicy]) -> Bool {
        if let serviceSet {
            guard Int(session.serviceSet) < serviceSets.count, serviceSets[Int(session.serviceSet)].name == serviceSet
            else { return false }
        }
        if let algs {
            guard algs.contains(session.alg) else { return false }
            if let algTransport, algTransport != session.transport { return false }
        }
        return flowMatches(
            session.source, session.sourcePort, session.destination, session.destinationPort,
            transport: session.transport)
            || flowMatches(
                session.destination, session.destinationPort, session.source, session.sourcePort,
                transport: session.transport)
    }
}

extension MemberProcessor {
    /// The sessions `selector` picks, at most `limit` of them, lowest session IDs first, copied out; and the
    /// number of selected sessions per service set (all of them, not only the first `limit`).
    public func snapshot(
        name: String, configuration: EngineConfiguration, selecting selector: SessionSelector, limit: Int,
        countsOnly: Bool
    ) -> MemberSnapshot {
        var counts = Array(repeating: 0, count: configuration.serviceSets.count)
        if countsOnly && selector.selectsAll {
            // The shard keeps live counts per service set: nothing to scan.
            for index in counts.indices { counts[index] = shard.count(serviceSet: UInt8(truncatingIfNeeded: index)) }
            var snapshot = MemberSnapshot(
                name: name, bundle: configuration.bundle, sessions: [],
                serviceSetCounts: zip(configuration.serviceSets, counts).map { ($0.name, $1) })
            snapshot.analysis = analysis
            return snapshot
        }
        // The `limit` lowest session numbers seen so far, and the largest of them.
        var kept: [(number: UInt32, slot: Int)] = []
        var largest = 0
        for slot in 0..<shard.slotCount where shard[slot].number != 0 {
            let session = shard[slot]
            guard selector.selectsAll || selector.selects(session, serviceSets: configuration.serviceSets) else {
                continue
            }
            if Int(session.serviceSet) < counts.count { counts[Int(session.serviceSet)] += 1 }
            guard !countsOnly, limit > 0 else { continue }
            if kept.count < limit {
                kept.append((session.number, slot))
                if kept.count == 1 || session.number > kept[largest].number { largest = kept.count - 1 }
            } else if session.number < kept[largest].number {
                kept[largest] = (session.number, slot)
                largest = kept.indices.max { kept[$0].number < kept[$1].number }!
            }
        }
        kept.sort { $0.number < $1.number }
        let sessions = kept.map { Self.snapshot(of: shard[$0.slot], member: memberIndex, configuration: configuration) }
        var snapshot = MemberSnapshot(
            name: name, bundle: configuration.bundle, sessions: sessions,
            serviceSetCounts: zip(configuration.serviceSets, counts).map { ($0.name, $1) })
        snapshot.analysis = analysis
        return snapshot
    }
}
