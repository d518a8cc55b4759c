// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import SessionTable
import Wire

/// The owner rule (SPEC.md §4): which member a packet's session lives on. It is the one place ownership is
/// decided; every way of running the engine — one member, the dispatcher, members that each read the whole
/// capture, the shell's stepped replay — routes through a `PacketRouter` inside the ``FramePump``.
///
/// The hash keys of the bundle the packet's service set is applied to name two candidate members among that
/// bundle's members (``MemberCandidates``): the member of the packet as an initiator packet (ingress key)
/// and as a responder packet (egress key). A service set's packets never reach another bundle's members. Where the source knows the
/// side the packet arrived on (a live interface: ``PacketSide``), that side proposes; in a capture the
/// initiator side proposes. Where the two candidates differ, the ``SteeringTable`` remembers the owner
/// chosen for the flow's first packet — keyed by everything that identifies the flow: service set,
/// protocol, both addresses and ports — and every later packet of the flow follows it. Later fragments
/// follow their first fragment (``FragmentTable``). A packet the ALG director designated (a control
/// channel's, or the first of an announced child, which lives on its parent's member) goes there, and the
/// child's flow is recorded as its parent's.
///
/// The steering table records a flow before its member decides on it. When the table is half full
/// (``needsRebuild``), the pump hands the members every packet routed so far and has the table rebuilt
/// from the sessions they then hold (``rebuildSteering(now:from:)``): a flow the members refused, or whose
/// session is gone, is forgotten there — never sooner or later, whatever the mode — and its next packet is
/// a new flow's first.
struct PacketRouter: ~Copyable {
    let candidates: MemberCandidates
    /// Keys the steering hash (see ``steeringHash(_:_:_:_:_:serviceSet:)``), so that colliding flows cannot
    /// be crafted.
    let steeringSeed: (UInt64, UInt64)
    var steering: SteeringTable
    var fragments: FragmentTable
    /// `false` when no timeout ends a session (`--no-expire`): every session the members hold is live.
    let expires: Bool
    /// ``MemberSessions/flowsGone`` at the last rebuild of the steering table from the members' sessions.
    private var flowsGoneAtLastRebuild: UInt64 = 0
    /// The shard whose members alone are run (`--member-shard`), or `nil`: a rebuild from the members'
    /// sessions keeps the other shards' flows as they are, since their members cannot be asked.
    let shard: MemberShard?

    /// - Parameters:
    ///   - keepsEveryFlow: no timeout ends a session (`--no-expire`), so a flow's owner is never decided
    ///     anew, however long it is idle.
    ///   - shard: the shard whose members alone are run, if any.
    init(
        configuration: EngineConfiguration, expectedFlows: Int, seed: UInt64, keepsEveryFlow: Bool = false,
        shard: MemberShard? = nil
    ) {
        self.shard = shard
        candidates = MemberCandidates(configuration)
        steeringSeed = (seed ^ 0xA076_1D64_78BD_642F, (seed &* 0x9E37_79B9_7F4A_7C15) | 1 << 63)
        steering = SteeringTable(
            expectedFlows: configuration.members.count > 1 ? expectedFlows : 16,
            staleAfterSeconds: keepsEveryFlow ? nil : configuration.longestTimeout)
        fragments = FragmentTable()
        expires = !keepsEveryFlow
    }

    /// What routing needs to know of a packet before its turn: the member its side proposes, the other
    /// candidate, and, when they differ, its flow's direction-independent hash (0 otherwise).
    struct Route: BitwiseCopyable {
        /// The member the packet's side proposes: the ingress key's when the side is inside or unknown.
        var proposed: Int
        var other: Int
        var hash: UInt64
        /// `true` if ``member(for:route:at:)`` must decide; otherwise the member is ``proposed``.
        var needsDecision: Bool
    }

    /// The candidates and steering hash of `packet` (the part of routing that needs no state).
    @inline(__always)
    func prepare(_ packet: SessionPacket) -> Route {
        // Both candidates hash the packet's two addresses; the steering hash reuses those hashes.
        let sourceHash = MemberSelector.hash(packet.source)
        let destinationHash = MemberSelector.hash(packet.destination)
        let (a, b) = candidates.of(sourceHash: sourceHash, destinationHash: destinationHash, serviceSet: packet.serviceSet)
        // No branches: whether the candidates differ is a coin toss per packet, which a branch would
        // mispredict half of the time. The hash is computed either way and kept only when steering needs it.
        let hash = steeringHash(
            sourceHash, packet.sourcePort, destinationHash, packet.destinationPort, packet.transport,
            serviceSet: packet.serviceSet)
        let isOutside = packet.side == .outside
        let steered = a != b && !packet.isLaterFragment
        return Route(
            proposed: isOutside ? b : a, other: isOutside ? a : b, hash: steered ? hash : 0,
            needsDecision: a != b || packet.hasRoutingMarks)
    }

    /// A seeded hash of a flow, the same in either direction, from its endpoints' address hashes: each
    /// endpoint (address hash, port, protocol, service set) is mixed with the seed on its own and the two
    /// are added, so their order does not matter. The seed enters each endpoint before they are combined,
    /// so flows that collide cannot be made without knowing it. The service set is part of the flow (SPEC.md
    /// §4 *Flow key*): the same 5-tuple on two VLANs is two flows, each with its own first packet.
    @inline(__always)
    func steeringHash(
        _ sourceHash: UInt64, _ sourcePort: UInt16, _ destinationHash: UInt64, _ destinationPort: UInt16,
        _ transport: IPProtocol, serviceSet: UInt8
    ) -> UInt64 {
        Self.steeringHash(
            sourceHash, sourcePort, destinationHash, destinationPort, transport, serviceSet: serviceSet,
            seed: steeringSeed)
    }

    @inline(__always)
    private static func steeringHash(
        _ sourceHash: UInt64, _ sourcePort: UInt16, _ destinationHash: UInt64, _ destinationPort: UInt16,
        _ transport: IPProtocol, serviceSet: UInt8, seed: (UInt64, UInt64)
    ) -> UInt64 {
        let context = UInt64(serviceSet) << 24 | UInt64(transport.rawValue)
        return endpointHash(sourceHash, sourcePort, context, seed: seed)
            &+ endpointHash(destinationHash, destinationPort, context, seed: seed)
    }

    @inline(__always)
    private static func endpointHash(
        _ addressHash: UInt64, _ port: UInt16, _ context: UInt64, seed: (UInt64, UInt64)
    ) -> UInt64 {
        // The second factor is never 0: the seed's top bit is set, and port, protocol and service set fill
        // 32 bits.
        let product = (addressHash ^ seed.0).multipliedFullWidth(by: (UInt64(port) << 8 | context) ^ seed.1)
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
            return fragments.lookup(packet, now: now).map { Int($0.member) } ?? route.proposed
        }
        if let designated = packet.designatedMember {
            // An ALG packet: the director chose (a child's first packet goes to its parent's member).
            if packet.gateMark.usesGate && route.proposed != route.other {
                steering.assign(route.hash, owner: designated, now: now)
            }
            if packet.isFragment { fragments.record(packet, member: designated, now: now) }
            return designated
        }
        var owner = route.proposed
        if route.proposed != route.other {
            owner = steering.owner(of: route.hash, proposed: route.proposed, now: now)
        }
        if packet.isFragment { fragments.record(packet, member: owner, now: now) }
        return owner
    }

    /// The member that owns `packet`, seen at its packet time: ``prepare(_:)`` and, where needed,
    /// ``member(for:route:at:)`` in one call.
    mutating func member(for packet: SessionPacket) -> Int {
        let route = prepare(packet)
        return route.needsDecision ? member(for: packet, route: route, at: packet.time) : route.proposed
    }

    /// `true` when the steering table is half full: ``rebuildSteering(now:from:)`` must run before the next
    /// packet is routed (otherwise the table rebuilds itself on its next new flow, keeping every live entry).
    var needsRebuild: Bool { steering.needsRebuild }

    /// Rebuilds the steering table at packet time `now` from the sessions the members hold, which have
    /// every packet routed so far (`nil`: the caller has no members to ask; the live entries are kept).
    ///
    /// A session whose two candidate members differ is its flow's entry, owned by the session's member
    /// (a session past its timeout at `now` is gone). Flows without a session — refused over a limit,
    /// expired, cleared — are forgotten: refused flows cost the table nothing that grows.
    ///
    /// When fewer flows have gone since the last scan than a quarter of the table's entries
    /// (``MemberSessions/flowsGone``), there is too little to forget for a scan of every session to pay
    /// (10 M live sessions, two members: 12 scans cost 0.5 s): the table keeps its live entries and grows,
    /// as it does without members to ask. The count is the members' after every packet up to `now`, so the
    /// choice is the same in every mode.
    ///
    /// With a ``shard``, the sessions are its members' only: the other shards' live flows are kept, and the
    /// count is the shard's. The whole replay may forget a flow of another shard (its session gone) that a
    /// shard keeps, or choose otherwise whether to scan: a later packet of such a flow from its other end
    /// may then be routed otherwise (ARCHITECTURE.md, *Beyond one machine*).
    mutating func rebuildSteering(now: UInt64, from sessions: MemberSessions?) {
        guard let sessions else {
            steering.rebuild(now: now)
            return
        }
        let gone = sessions.flowsGone
        defer { flowsGoneAtLastRebuild = gone }
        if (gone &- flowsGoneAtLastRebuild) &* 4 < UInt64(steering.count) {
            steering.rebuild(now: now)
            return
        }
        let candidates = self.candidates
        let expires = self.expires
        let seed = steeringSeed
        let otherShards = shard.map { shard in { (owner: Int) in !shard.contains(member: owner) } }
        steering.rebuild(now: now, keeping: otherShards) { add in
            sessions.forEach(at: now) { session, member, isExpired in
                if expires && isExpired { return }
                let sourceHash = MemberSelector.hash(session.source)
                let destinationHash = MemberSelector.hash(session.destination)
                let (a, b) = candidates.of(
                    sourceHash: sourceHash, destinationHash: destinationHash, serviceSet: session.serviceSet)
                guard a != b else { return }
                let hash = Self.steeringHash(
                    sourceHash, session.sourcePort, destinationHash, session.destinationPort, session.transport,
                    serviceSet: session.serviceSet, seed: seed)
                add(hash, member, session.lastSeen)
            }
        }
    }

    /// Bytes held by the router's tables.
    var storageBytes: Int { steering.storageBytes + fragments.storageBytes }
}
