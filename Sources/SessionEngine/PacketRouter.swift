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
    /// Keys the steering hash (see ``steeringHash(_:_:_:_:_:)``), so that colliding flows cannot be crafted.
    let steeringSeed: (UInt64, UInt64)
    var steering: SteeringTable
    var fragments: FragmentTable

    init(configuration: EngineConfiguration, expectedFlows: Int, seed: UInt64) {
        candidates = MemberCandidates(configuration)
        steeringSeed = (seed ^ 0xA076_1D64_78BD_642F, (seed &* 0x9E37_79B9_7F4A_7C15) | 1 << 63)
        steering = SteeringTable(expectedFlows: expectedFlows, staleAfterSeconds: configuration.longestTimeout)
        fragments = FragmentTable()
    }

    /// What routing needs to know of a packet before its turn: its candidate members and, when they
    /// differ, its flow's direction-independent hash (0 otherwise).
    struct Route: BitwiseCopyable {
        var asInitiator: Int
        var asResponder: Int
        var hash: UInt64
        /// `true` if ``member(for:route:at:)`` must decide; otherwise the member is ``asInitiator``.
        var needsDecision: Bool
    }

    /// The candidates and steering hash of `packet` (the part of routing that needs no state).
    @inline(__always)
    func prepare(_ packet: SessionPacket) -> Route {
        // Both candidates hash the packet's two addresses; the steering hash reuses those hashes.
        let sourceHash = MemberSelector.hash(packet.source)
        let destinationHash = MemberSelector.hash(packet.destination)
        let (a, b) = candidates.of(sourceHash: sourceHash, destinationHash: destinationHash)
        // No branches: whether the candidates differ is a coin toss per packet, which a branch would
        // mispredict half of the time. The hash is computed either way and kept only when steering needs it.
        let hash = steeringHash(sourceHash, packet.sourcePort, destinationHash, packet.destinationPort, packet.transport)
        let steered = a != b && !packet.isLaterFragment
        return Route(
            asInitiator: a, asResponder: b, hash: steered ? hash : 0,
            needsDecision: a != b || packet.hasRoutingMarks)
    }

    /// A seeded hash of a flow, the same in either direction, from its endpoints' address hashes: each
    /// endpoint (address hash, port, protocol) is mixed with the seed on its own and the two are added, so
    /// their order does not matter. The seed enters each endpoint before they are combined, so flows that
    /// collide cannot be made without knowing it.
    @inline(__always)
    func steeringHash(
        _ sourceHash: UInt64, _ sourcePort: UInt16, _ destinationHash: UInt64, _ destinationPort: UInt16,
        _ transport: IPProtocol
    ) -> UInt64 {
        endpointHash(sourceHash, sourcePort, transport) &+ endpointHash(destinationHash, destinationPort, transport)
    }

    @inline(__always)
    private func endpointHash(_ addressHash: UInt64, _ port: UInt16, _ transport: IPProtocol) -> UInt64 {
        // The second factor is never 0: the seed's top bit is set and the port and protocol fill 24 bits.
        let product = (addressHash ^ steeringSeed.0).multipliedFullWidth(
            by: (UInt64(port) << 8 | UInt64(transport.rawValue)) ^ steeringSeed.1)
        return product.high ^ product.low
    }

    /// Touches the steering bucket of `hash` (see `SessionShard.prefetchIndex`); for hash 0, a bucket that
    /// is not needed, which costs less than a branch that cannot be predicted.
    @inline(__always)
    func prefetch(_ hash: UInt64) { steering.prefetch(hash) }

    /// The member that owns `packet`, seen at packet time `now`; `route` is ``prepare(_:)``'s. Only
    /// needed where `route.needsDecision`.
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
