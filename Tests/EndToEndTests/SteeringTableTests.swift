// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PacketCapture
import Policy
@testable import SessionEngine
import Testing
import Wire

/// The steering table on its own: who owns a flow whose two addresses hash to different members.
@Suite("Steering table")
struct SteeringTableTests {
    static let second: UInt64 = 1_000_000_000

    /// Distinct, well-spread 64-bit hashes (splitmix64), as the flow hasher produces.
    static func hash(_ index: Int) -> UInt64 {
        var z = UInt64(index) &* 0x9E37_79B9_7F4A_7C15 &+ 0x1234_5678
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @Test("the first packet of a flow decides its owner; later packets, whichever member they propose, follow")
    func firstPacketDecides() {
        var table = SteeringTable(expectedFlows: 16, staleAfterSeconds: 60)
        #expect(table.owner(of: Self.hash(1), proposed: 1, now: 0) == 1)
        #expect(table.owner(of: Self.hash(1), proposed: 0, now: Self.second) == 1)
        #expect(table.owner(of: Self.hash(2), proposed: 0, now: Self.second) == 0)
        #expect(table.owner(of: Self.hash(2), proposed: 1, now: 2 * Self.second) == 0)
        #expect(table.count == 2)
    }

    @Test("an entry idle for longer than the longest timeout is decided anew; one in use is not")
    func staleEntriesAreDecidedAnew() {
        var table = SteeringTable(expectedFlows: 16, staleAfterSeconds: 30)
        #expect(table.owner(of: Self.hash(1), proposed: 3, now: 0) == 3)
        // Kept alive by a packet every 20 s: never stale.
        for step in 1...10 {
            #expect(table.owner(of: Self.hash(1), proposed: 5, now: UInt64(step) * 20 * Self.second) == 3)
        }
        // Then idle for 40 s: decided anew by the next packet.
        #expect(table.owner(of: Self.hash(1), proposed: 5, now: 240 * Self.second) == 5)
        #expect(table.owner(of: Self.hash(1), proposed: 3, now: 241 * Self.second) == 5)
    }

    @Test("assign overrides the recorded owner (an ALG child goes to its parent's member)")
    func assignOverrides() {
        var table = SteeringTable(expectedFlows: 16, staleAfterSeconds: 60)
        #expect(table.owner(of: Self.hash(7), proposed: 0, now: 0) == 0)
        table.assign(Self.hash(7), owner: 31, now: Self.second)
        #expect(table.owner(of: Self.hash(7), proposed: 0, now: 2 * Self.second) == 31)
    }

    @Test("growing from 64 buckets to hundreds of thousands of flows keeps every owner")
    func growthKeepsEveryOwner() {
        var table = SteeringTable(expectedFlows: 16, staleAfterSeconds: 3_600)
        let flows = 300_000
        for index in 0..<flows {
            #expect(table.owner(of: Self.hash(index), proposed: index % 32, now: UInt64(index) * 1_000) == index % 32)
        }
        var wrong = 0
        for index in 0..<flows where table.owner(of: Self.hash(index), proposed: 0, now: Self.second) != index % 32 {
            wrong += 1
        }
        #expect(wrong == 0)
        #expect(table.count == flows)
        // 16 bytes a bucket, and between 2 and 4 buckets a flow (it doubles when half full).
        #expect(table.storageBytes >= 2 * 16 * flows && table.storageBytes <= 4 * 16 * flows)
    }

    @Test("a rebuild drops the stale flows and keeps the live ones")
    func rebuildDropsStaleFlows() {
        var table = SteeringTable(expectedFlows: 16, staleAfterSeconds: 10)
        // 20 flows at t = 0, stale by t = 100 s; then enough new flows to force rebuilds.
        for index in 0..<20 { _ = table.owner(of: Self.hash(index), proposed: 1, now: 0) }
        for index in 20..<200 { _ = table.owner(of: Self.hash(index), proposed: 2, now: 100 * Self.second) }
        #expect(table.count == 180)
        for index in 20..<200 { #expect(table.owner(of: Self.hash(index), proposed: 0, now: 101 * Self.second) == 2) }
        // A dropped flow is new again: its next packet decides.
        #expect(table.owner(of: Self.hash(3), proposed: 0, now: 101 * Self.second) == 0)
    }

    @Test("ages wrap after 2^32 ticks, so the tick counter never overflows an entry")
    func agesWrap() {
        let ticks: UInt64 = 1 << 32
        let tick: UInt64 = 1 << 30
        var table = SteeringTable(expectedFlows: 16, staleAfterSeconds: 30)
        // Last seen one tick before the wrap, looked up three ticks later, just after it: 3 ticks old.
        #expect(table.owner(of: Self.hash(1), proposed: 4, now: (ticks - 1) * tick) == 4)
        #expect(table.owner(of: Self.hash(1), proposed: 6, now: (ticks + 2) * tick) == 4)
        // Idle for 100 ticks across the wrap: stale.
        #expect(table.owner(of: Self.hash(1), proposed: 6, now: (ticks + 102) * tick) == 6)
    }

    @Test("flows whose hashes agree in their top 40 bits are still told apart")
    func hashesThatShareTheirTopBitsStayApart() {
        var table = SteeringTable(expectedFlows: 16, staleAfterSeconds: 60)
        let first: UInt64 = 0xDEAD_BEEF_CAFE_0000
        let second: UInt64 = 0xDEAD_BEEF_CA00_0002  // same top 40 bits, same bucket
        #expect(table.owner(of: first, proposed: 1, now: 0) == 1)
        #expect(table.owner(of: second, proposed: 5, now: 0) == 5)
        #expect(table.owner(of: first, proposed: 7, now: Self.second) == 1)
        #expect(table.owner(of: second, proposed: 7, now: Self.second) == 5)
        #expect(table.count == 2)
    }

    @Test("a timeout of days is honoured: an entry idle for less is not stale")
    func longTimeouts() {
        let day: UInt64 = 86_400 * Self.second
        var table = SteeringTable(expectedFlows: 16, staleAfterSeconds: 7 * 86_400)
        #expect(table.owner(of: Self.hash(9), proposed: 2, now: 0) == 2)
        #expect(table.owner(of: Self.hash(9), proposed: 3, now: 6 * day) == 2)
        #expect(table.owner(of: Self.hash(9), proposed: 3, now: 14 * day) == 3)
    }
}

/// The router's steering hash: one value per flow, whichever way a packet goes, and keyed by the seed.
@Suite("Steering hash")
struct SteeringHashTests {
    static func router(seed: UInt64) -> PacketRouter {
        PacketRouter(configuration: .builtInDefault(memberCount: 2), expectedFlows: 16, seed: seed)
    }

    @Test("both directions of a flow hash alike; swapping only the ports, or the protocol, does not")
    func directionIndependent() {
        let router = Self.router(seed: 42)
        let a = MemberSelector.hash(IPAddress(10, 0, 0, 1))
        let b = MemberSelector.hash(IPAddress(192, 0, 2, 7))
        let forward = router.steeringHash(a, 40_000, b, 80, .tcp, serviceSet: 0)
        #expect(router.steeringHash(b, 80, a, 40_000, .tcp, serviceSet: 0) == forward)
        #expect(router.steeringHash(a, 80, b, 40_000, .tcp, serviceSet: 0) != forward)
        #expect(router.steeringHash(a, 40_000, b, 80, .udp, serviceSet: 0) != forward)
        // The same 5-tuple in another service set (VLAN) is another flow.
        #expect(router.steeringHash(a, 40_000, b, 80, .tcp, serviceSet: 1) != forward)
        #expect(router.steeringHash(b, 80, a, 40_000, .tcp, serviceSet: 1) == router.steeringHash(a, 40_000, b, 80, .tcp, serviceSet: 1))
    }

    @Test("the seed changes every flow's hash, and 100,000 flows give 100,000 hashes")
    func seeded() {
        let first = Self.router(seed: 1)
        let second = Self.router(seed: 2)
        var hashes = Set<UInt64>()
        var changed = 0
        for index in 0..<100_000 {
            let client = MemberSelector.hash(IPAddress(10, UInt8(index >> 16), UInt8(index >> 8 & 0xFF), UInt8(index & 0xFF)))
            let server = MemberSelector.hash(IPAddress(192, 0, 2, 1))
            let port = UInt16(1024 + index % 60_000)
            let hash = first.steeringHash(client, port, server, 443, .tcp, serviceSet: 0)
            hashes.insert(hash)
            if second.steeringHash(client, port, server, 443, .tcp, serviceSet: 0) != hash { changed += 1 }
        }
        #expect(hashes.count == 100_000)
        #expect(changed == 100_000)
    }
}

/// How large the owner rule's steering table starts: sized for the capture, but never for more flows than
/// twice the sessions the configured limits let the members hold (the table is rebuilt from their sessions,
/// so it never needs more; a flood of refused flows would otherwise touch every page of it).
@Suite("Steering table size")
struct SteeringTableSizeTests {
    static func policy(_ name: String, maxFlows: Int? = nil, bypass: Bool = false) -> ServiceSetPolicy {
        ServiceSetPolicy(name: name, rules: [], maxFlows: maxFlows, bypassOverLimit: bypass)
    }

    @Test("the limits bound the sessions of all members, unless a service set is unbounded or bypasses")
    func sessionCapacity() {
        var configuration = EngineConfiguration.builtInDefault(memberCount: 2)
        #expect(configuration.sessionCapacity == nil)
        configuration.sessionLimit = 1000
        #expect(configuration.sessionCapacity == 2000)
        configuration.serviceSets = [Self.policy("a", maxFlows: 100), Self.policy("b", maxFlows: 50)]
        #expect(configuration.sessionCapacity == 300)
        configuration.sessionLimit = nil
        #expect(configuration.sessionCapacity == 300)
        configuration.serviceSets.append(Self.policy("c"))
        #expect(configuration.sessionCapacity == nil)
        configuration.sessionLimit = 10
        #expect(configuration.sessionCapacity == 20)
        configuration.serviceSets[1] = Self.policy("b", maxFlows: 50, bypass: true)
        #expect(configuration.sessionCapacity == nil)
        configuration.serviceSets[1] = Self.policy("b", maxFlows: 50)
        configuration.bypassOverLimit = true
        #expect(configuration.sessionCapacity == nil)
    }

    @Test("a flow per 2 KiB of capture, at most twice the sessions the limits allow, at least the expected sessions")
    func steeringFlows() {
        let bytes = [UInt8](repeating: 0, count: 20 << 20)
        let file = CaptureFile(bytes: bytes.span)
        var configuration = EngineConfiguration.builtInDefault(memberCount: 2)
        #expect(ReplayEngine.steeringFlows(file, expectedSessions: 4096, configuration: configuration) == 10_240)
        configuration.sessionLimit = 2000
        #expect(ReplayEngine.steeringFlows(file, expectedSessions: 4096, configuration: configuration) == 8000)
        configuration.sessionLimit = 1000
        #expect(ReplayEngine.steeringFlows(file, expectedSessions: 4096, configuration: configuration) == 4096)
        #expect(ReplayEngine.steeringFlows(file, expectedSessions: 16, configuration: configuration) == 4000)
    }
}
