// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The two members that may own a packet's session under the configured hash keys (SPEC.md §4): the
/// member of the packet as an initiator packet (ingress key) and as a responder packet (egress key).
///
/// A capture does not say which it is; routing (``PacketRouter``, a member that sees every packet, the
/// ``GatewayDirector``) decides between the two.
struct MemberCandidates: Sendable, BitwiseCopyable {
    let selector: MemberSelector
    let ingressIsSource: Bool
    let egressIsDestination: Bool

    init(_ configuration: EngineConfiguration) {
        selector = MemberSelector(memberCount: configuration.members.count)
        ingressIsSource = configuration.ingressKey == .sourceIP
        egressIsDestination = configuration.egressKey == .destinationIP
    }

    var memberCount: Int { selector.memberCount }

    /// The member that owns `packet`'s session if the packet is an initiator packet.
    @inline(__always)
    func asInitiator(_ packet: SessionPacket) -> Int {
        selector.member(for: ingressIsSource ? packet.source : packet.destination)
    }

    /// The member that owns `packet`'s session if the packet is a responder packet.
    @inline(__always)
    func asResponder(_ packet: SessionPacket) -> Int {
        selector.member(for: egressIsDestination ? packet.destination : packet.source)
    }

    /// Both candidates of `packet`.
    @inline(__always)
    func of(_ packet: SessionPacket) -> (asInitiator: Int, asResponder: Int) {
        (asInitiator(packet), asResponder(packet))
    }

    /// Both candidates of a packet whose addresses' ``MemberSelector/hash(_:)`` are `sourceHash` and
    /// `destinationHash`, for a caller that needs those hashes too.
    @inline(__always)
    func of(sourceHash: UInt64, destinationHash: UInt64) -> (asInitiator: Int, asResponder: Int) {
        (
            selector.member(forHash: ingressIsSource ? sourceHash : destinationHash),
            selector.member(forHash: egressIsDestination ? destinationHash : sourceHash)
        )
    }
}
