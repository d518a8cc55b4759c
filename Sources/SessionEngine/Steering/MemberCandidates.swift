// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The two members that may own a packet's session under its bundle's hash keys (SPEC.md §4): the member of
/// the packet as an initiator packet (ingress key) and as a responder packet (egress key), both among the
/// members of the bundle the packet's service set is applied to.
///
/// A capture does not say which it is; routing (``PacketRouter``, a member that sees every packet, the
/// ``GatewayDirector``) decides between the two. The bundle of each service set (its first member, member
/// count and hash keys) is worked out once, into a table indexed by the packet's service set byte, so a
/// packet costs one load from it; a packet of no service set goes to the first service set's bundle.
struct MemberCandidates: Sendable, BitwiseCopyable {
    /// A service set's bundle as the owner rule needs it.
    struct Choice: Sendable, BitwiseCopyable {
        /// The bundle's first member, in the engine's members.
        var base: UInt8
        /// The bundle's members.
        var count: UInt8
        var ingressIsSource: Bool
        var egressIsDestination: Bool
    }

    /// By service set byte (``SessionPacket/serviceSet``; 255: none).
    let choices: InlineArray<256, Choice>
    /// Members of every bundle together.
    let memberCount: Int

    init(_ configuration: EngineConfiguration) {
        memberCount = configuration.members.count
        let bundles = configuration.bundles.indices.map { index in
            let bundle = configuration.bundles[index]
            let range = configuration.memberRange(ofBundle: index)
            return Choice(
                base: UInt8(range.lowerBound), count: UInt8(range.count),
                ingressIsSource: bundle.ingressKey == .sourceIP, egressIsDestination: bundle.egressKey == .destinationIP)
        }
        choices = InlineArray { bundles[configuration.bundleIndex(ofServiceSet: $0)] }
    }

    /// The member that owns `packet`'s session if the packet is an initiator packet.
    @inline(__always)
    func asInitiator(_ packet: SessionPacket) -> Int {
        of(packet).asInitiator
    }

    /// Both candidates of `packet`.
    @inline(__always)
    func of(_ packet: SessionPacket) -> (asInitiator: Int, asResponder: Int) {
        of(
            sourceHash: MemberSelector.hash(packet.source), destinationHash: MemberSelector.hash(packet.destination),
            serviceSet: packet.serviceSet)
    }

    /// Both candidates of a packet of service set `serviceSet` whose addresses' ``MemberSelector/hash(_:)``
    /// are `sourceHash` and `destinationHash`, for a caller that needs those hashes too.
    @inline(__always)
    func of(sourceHash: UInt64, destinationHash: UInt64, serviceSet: UInt8) -> (asInitiator: Int, asResponder: Int) {
        let choice = unsafe choices[unchecked: Int(serviceSet)]
        let count = UInt64(choice.count)
        let base = Int(choice.base)
        return (
            base + MemberSelector.member(forHash: choice.ingressIsSource ? sourceHash : destinationHash, memberCount: count),
            base + MemberSelector.member(forHash: choice.egressIsDestination ? destinationHash : sourceHash, memberCount: count)
        )
    }
}
