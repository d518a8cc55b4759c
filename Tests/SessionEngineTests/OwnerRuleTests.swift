// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import SessionEngine
import Testing
import Wire

/// The owner rule (`PacketRouter`, SPEC.md §4): one function decides every packet's member.
@Suite("Owner rule")
struct OwnerRuleTests {
    static let configuration = EngineConfiguration.builtInDefault(memberCount: 8)

    /// Two addresses whose ingress-key members differ, so that steering decides.
    static let (client, server): (IPAddress, IPAddress) = {
        let selector = MemberSelector(memberCount: 8)
        let client = IPAddress(10, 0, 0, 1)
        var server = IPAddress(192, 0, 2, 1)
        var last: UInt8 = 1
        while selector.member(for: server) == selector.member(for: client) {
            last += 1
            server = IPAddress(192, 0, 2, last)
        }
        return (client, server)
    }()

    static func packet(
        from source: IPAddress, _ sourcePort: UInt16, to destination: IPAddress, _ destinationPort: UInt16,
        serviceSet: UInt8 = 0, side: PacketSide = .unknown, at time: UInt64 = 1_000_000_000
    ) -> SessionPacket {
        SessionPacket(
            .udp, from: source, sourcePort, to: destination, destinationPort, time: time, serviceSet: serviceSet,
            side: side)
    }

    @Test func aSessionPacketIsOneCacheLine() {
        #expect(MemoryLayout<SessionPacket>.size == 64)
    }

    /// In a capture, the side that sent a flow's first packet is the initiator: both directions go to its
    /// ingress member.
    @Test func theFirstPacketDecidesAndRepliesFollow() {
        var router = PacketRouter(configuration: Self.configuration, expectedFlows: 16, seed: 1)
        let selector = MemberSelector(memberCount: 8)
        let forward = Self.packet(from: Self.client, 1000, to: Self.server, 53)
        let reply = Self.packet(from: Self.server, 53, to: Self.client, 1000)
        #expect(router.member(for: forward) == selector.member(for: Self.client))
        #expect(router.member(for: reply) == selector.member(for: Self.client))
    }

    /// The same 5-tuple in another service set is another flow, with its own first packet.
    @Test func theServiceSetIsPartOfTheFlow() {
        var router = PacketRouter(configuration: Self.configuration, expectedFlows: 16, seed: 1)
        let selector = MemberSelector(memberCount: 8)
        #expect(router.member(for: Self.packet(from: Self.client, 1000, to: Self.server, 53, serviceSet: 0)) == selector.member(for: Self.client))
        // Started from the other side on service set 1: its initiator is the server.
        #expect(router.member(for: Self.packet(from: Self.server, 53, to: Self.client, 1000, serviceSet: 1)) == selector.member(for: Self.server))
        #expect(router.member(for: Self.packet(from: Self.client, 1000, to: Self.server, 53, serviceSet: 1)) == selector.member(for: Self.server))
        #expect(router.member(for: Self.packet(from: Self.server, 53, to: Self.client, 1000, serviceSet: 0)) == selector.member(for: Self.client))
    }

    /// Where the source knows the side (a live interface), that side's hash key decides: an outside
    /// packet's member is its egress key's (the destination address), even for a flow's first packet.
    @Test func aKnownSideProposesItsKey() {
        var router = PacketRouter(configuration: Self.configuration, expectedFlows: 16, seed: 1)
        let selector = MemberSelector(memberCount: 8)
        let reply = Self.packet(from: Self.server, 53, to: Self.client, 1000, side: .outside)
        #expect(router.member(for: reply) == selector.member(for: Self.client))
        let inside = Self.packet(from: Self.client, 2000, to: Self.server, 53, side: .inside)
        #expect(router.member(for: inside) == selector.member(for: Self.client))
    }

    /// Without expiry a flow's owner is never decided anew; with it, after the longest timeout.
    @Test func staleFlowsAreDecidedAnewOnlyWhenSessionsExpire() {
        let selector = MemberSelector(memberCount: 8)
        let late: UInt64 = 1_000_000_000 + 3_600_000_000_000
        for keepsEveryFlow in [false, true] {
            var router = PacketRouter(
                configuration: Self.configuration, expectedFlows: 16, seed: 1, keepsEveryFlow: keepsEveryFlow)
            _ = router.member(for: Self.packet(from: Self.client, 1000, to: Self.server, 53))
            let reply = router.member(for: Self.packet(from: Self.server, 53, to: Self.client, 1000, at: late))
            #expect(reply == selector.member(for: keepsEveryFlow ? Self.client : Self.server))
        }
    }
}
