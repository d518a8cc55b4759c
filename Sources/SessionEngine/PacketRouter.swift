// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import SessionTable
import Wire

/// Chooses the member for each packet of a capture, in capture order, for the dispatched replay.
///
/// The same rules as a member that sees every packet (``MemberProcessor`` without routing): the configured
/// hash keys name two candidate members; where they differ, the side that sent the flow's first packet is
/// the initiator (``SteeringTable``); later fragments follow their first fragment.
struct PacketRouter: ~Copyable {
    let candidates: MemberCandidates
    let hasher: FlowHasher
    var steering: SteeringTable
    var fragments: FragmentTable

    init(configuration: EngineConfiguration, expectedFlows: Int, seed: UInt64) {
        candidates = MemberCandidates(configuration)
        hasher = FlowHasher(seed: seed)
        steering = SteeringTable(expectedFlows: expectedFlows, staleAfterSeconds: configuration.longestTimeout)
        fragments = FragmentTable()
    }

    /// What routing needs to know of a packet before its turn: its candidate members and, when they
    /// differ, its flow's direction-independent hash (0 otherwise).
    struct Route: BitwiseCopyable {
        var asInitiator: Int
        var asResponder: Int
        var hash: UInt64
    }

    /// The candidates and steering hash of `packet` (the part of routing that needs no state).
    @inline(__always)
    func prepare(_ packet: SessionPacket) -> Route {
        let (a, b) = candidates.of(packet)
        guard a != b, !packet.isLaterFragment else { return Route(asInitiator: a, asResponder: b, hash: 0) }
        let hash = hasher.hash(
            packet.source, packet.sourcePort, packet.destination, packet.destinationPort,
            transport: packet.transport, serviceSet: 0)
        return Route(asInitiator: a, asResponder: b, hash: hash)
    }

    /// Touches the steering bucket of `hash` (see `SessionShard.prefetchIndex`).
    func prefetch(_ hash: UInt64) { if hash != 0 { steering.prefetch(hash) } }

    /// The member that owns `packet`, seen at packet time `now`; `route` is ``prepare(_:)``'s.
    mutating func member(for packet: SessionPacket, route: Route, at now: UInt64) -> Int {
        if packet.isLaterFragment {
            return fragments.lookup(packet, now: now).map { Int($0.member) } ?? route.asInitiator
        }
        if let designated = packet.designatedMember {
            // An ALG packet: the director chose (a child's first packet goes to its parent's member).
            if packet.gateMark.usesGate && route.asInitiator != route.asResponder {
                steering.assign(route.hash, owner: designated, now: now)
            }
            if packet.isFragment { fragments.record(packet, member: designated, now: now) }
            return designated
        }
        var owner = route.asInitiator
        if route.asInitiator != route.asResponder {
            owner = steering.owner(of: route.hash, proposed: route.asInitiator, now: now)
        }
        if packet.isFragment { fragments.record(packet, member: owner, now: now) }
        return owner
    }
}
