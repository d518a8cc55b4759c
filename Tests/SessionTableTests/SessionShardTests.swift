// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ServicesCore
import SessionTable
import ServicesTestSupport
import Testing
import Wire

@Suite("Session shard")
struct SessionShardTests {
    static func session(_ n: UInt32, source: IPAddress, sport: UInt16, destination: IPAddress, dport: UInt16) -> Session {
        var session = Session()
        session.number = n
        session.source = source
        session.destination = destination
        session.sourcePort = sport
        session.destinationPort = dport
        session.transport = .udp
        session.timeout = 30
        return session
    }

    @Test func findsASessionFromEitherFlow() {
        var shard = SessionShard(seed: 1)
        let a = IPAddress(10, 0, 0, 1)
        let b = IPAddress(192, 0, 2, 7)
        let hash = shard.hash(a, 5000, b, 53, transport: .udp, serviceSet: 0)
        #expect(hash == shard.hash(b, 53, a, 5000, transport: .udp, serviceSet: 0))
        let slot = shard.insert(Self.session(1, source: a, sport: 5000, destination: b, dport: 53), hash: hash)
        let forward = shard.lookup(
            hash: hash, source: a, sourcePort: 5000, destination: b, destinationPort: 53, transport: .udp, serviceSet: 0)
        #expect(forward?.slot == slot && forward?.role == .initiator)
        let reverse = shard.lookup(
            hash: hash, source: b, sourcePort: 53, destination: a, destinationPort: 5000, transport: .udp, serviceSet: 0)
        #expect(reverse?.slot == slot && reverse?.role == .responder)
        // Same addresses, another protocol or port: not the session.
        #expect(
            shard.lookup(
                hash: shard.hash(a, 5000, b, 53, transport: .tcp, serviceSet: 0), source: a, sourcePort: 5000,
                destination: b, destinationPort: 53, transport: .tcp, serviceSet: 0) == nil)
        #expect(
            shard.lookup(
                hash: shard.hash(a, 5001, b, 53, transport: .udp, serviceSet: 0), source: a, sourcePort: 5001,
                destination: b, destinationPort: 53, transport: .udp, serviceSet: 0) == nil)
        shard.remove(slot: slot)
        #expect(shard.count == 0)
        #expect(
            shard.lookup(
                hash: hash, source: a, sourcePort: 5000, destination: b, destinationPort: 53, transport: .udp,
                serviceSet: 0) == nil)
    }

    /// Random inserts and removals, checked against a dictionary after every step: exercises growth,
    /// probing across the wrap-around and backward-shift deletion.
    @Test(arguments: [UInt64(1), 2, 3])
    func agreesWithADictionaryUnderRandomChurn(seed: UInt64) {
        var shard = SessionShard(expectedSessions: 4, seed: seed)
        var model: [UInt32: Int] = [:]  // session number → slot
        var rng = SplitMix64(state: seed)
        var next: UInt32 = 1
        func key(_ n: UInt32) -> (IPAddress, UInt16, IPAddress, UInt16) {
            // Few distinct addresses and ports: many tag collisions in few buckets.
            (IPAddress(10, 0, 0, UInt8(n % 7)), UInt16(n), IPAddress(10, 0, 1, UInt8(n % 5)), 53)
        }
        for _ in 0..<20_000 {
            if model.isEmpty || rng.next() % 3 != 0 {
                let n = next
                next += 1
                let (s, sp, d, dp) = key(n)
                let hash = shard.hash(s, sp, d, dp, transport: .udp, serviceSet: 0)
                model[n] = shard.insert(Self.session(n, source: s, sport: sp, destination: d, dport: dp), hash: hash)
            } else {
                let victim = model.keys.sorted()[Int(rng.next() % UInt64(model.count))]
                shard.remove(slot: model.removeValue(forKey: victim)!)
            }
            #expect(shard.count == model.count)
        }
        for (n, slot) in model {
            let (s, sp, d, dp) = key(n)
            let hash = shard.hash(s, sp, d, dp, transport: .udp, serviceSet: 0)
            let found = shard.lookup(
                hash: hash, source: d, sourcePort: dp, destination: s, destinationPort: sp, transport: .udp,
                serviceSet: 0)
            #expect(found?.slot == slot && found?.role == .responder)
            #expect(shard[slot].number == n)
        }
        #expect(shard.peakCount >= model.count)
    }

    /// The counts per service set and validity follow inserts, removals, sweeps and phase changes made in
    /// place and reported with `revalidate`: after every step they equal a count of the live sessions.
    @Test(arguments: [UInt64(4), 5])
    func validityCountsFollowEveryChange(seed: UInt64) {
        var shard = SessionShard(expectedSessions: 4, seed: seed)
        var rng = SplitMix64(state: seed)
        var live: [Int] = []
        let phases: [SessionPhase] = [.active, .synSent, .synReceived, .established, .closing, .closed, .reset]
        let states: [FlowState] = [.forward, .watch, .drop, .reject, .bypass]
        for n in UInt32(1)...5_000 {
            switch rng.next() % 4 {
            case 0, 1:
                let a = IPAddress(10, 0, UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF))
                var session = Self.session(n, source: a, sport: 1, destination: a, dport: 2)
                session.transport = .tcp
                session.serviceSet = UInt8(rng.next() % 3)
                session.phase = phases[Int(rng.next() % 7)]
                session.initiatorState = states[Int(rng.next() % 5)]
                session.responderState = rng.next() % 4 == 0 ? states[Int(rng.next() % 5)] : session.initiatorState
                session.lastSeen = UInt64(n) * 1_000_000
                live.append(shard.insert(session, hash: shard.hash(a, 1, a, 2, transport: .tcp, serviceSet: session.serviceSet)))
            case 2 where !live.isEmpty:
                let slot = live[Int(rng.next() % UInt64(live.count))]
                let old = shard[slot].validity
                shard[slot].phase = phases[Int(rng.next() % 6)]
                shard.revalidate(serviceSet: shard[slot].serviceSet, from: old, to: shard[slot].validity)
            case 3 where !live.isEmpty:
                shard.remove(slot: live.remove(at: Int(rng.next() % UInt64(live.count))))
            default:
                // Sessions last seen up to 1 s before are due at 31 s: the sweep takes some.
                _ = shard.sweep(upTo: UInt64(n) * 1_000_000 + 29_000_000_000, budget: 64)
                live = live.filter { shard[$0].number != 0 }
            }
            guard n % 25 == 0 else { continue }
            var scanned = Array(repeating: 0, count: 3 << 2)
            for slot in 0..<shard.slotCount where shard[slot].number != 0 {
                scanned[Int(shard[slot].serviceSet) << 2 | Int(shard[slot].validity.rawValue)] += 1
            }
            let counted = (UInt8(0)..<3).flatMap { serviceSet in
                SessionValidity.allCases.map { shard.count(serviceSet: serviceSet, validity: $0) }
            }
            #expect(counted == scanned)
        }
        #expect(live.count == shard.count)
    }

    @Test func sweepRemovesOnlyExpiredSessions() {
        var shard = SessionShard(seed: 9)
        let a = IPAddress(10, 0, 0, 1)
        for n in UInt32(1)...10 {
            var session = Self.session(n, source: a, sport: UInt16(n), destination: a, dport: 1)
            session.lastSeen = UInt64(n) * 1_000_000_000
            shard.insert(session, hash: shard.hash(a, UInt16(n), a, 1, transport: .udp, serviceSet: 0))
        }
        // Timeout 30 s: sessions last seen at 1…4 s are due at 31…34 s.
        #expect(shard.sweep(upTo: 34_000_000_000, budget: shard.slotCount) == 4)
        #expect(shard.count == 6)
        #expect(shard.sweep(upTo: 34_000_000_000, budget: shard.slotCount) == 0)
    }

    /// A shard that keeps the sessions' ends expires a session at its end or its inactivity deadline,
    /// whichever comes first; a freed slot forgets its end; a shard that keeps none ignores them.
    @Test func endsExpireSessionsOnlyWhereTracked() {
        let a = IPAddress(10, 0, 0, 1)
        var session = Self.session(1, source: a, sport: 1, destination: a, dport: 1)
        session.lastSeen = 100_000_000_000
        let end: UInt64 = 110_000_000_000
        var shard = SessionShard(seed: 3, tracksEnds: true)
        let hash = shard.hash(a, 1, a, 1, transport: .udp, serviceSet: 0)
        var slot = shard.insert(session, hash: hash, end: end)
        #expect(shard.deadline(slot: slot) == end)
        #expect(!shard.isExpired(slot: slot, at: end - 1) && shard.isExpired(slot: slot, at: end))
        #expect(shard.sweep(upTo: end, budget: shard.slotCount) == 1)
        // The slot is reused without an end: only the inactivity timeout (30 s) applies.
        slot = shard.insert(session, hash: hash)
        #expect(shard.deadline(slot: slot) == 130_000_000_000)
        var untracked = SessionShard(seed: 3)
        slot = untracked.insert(session, hash: hash, end: end)
        #expect(!untracked.isExpired(slot: slot, at: end) && untracked.isExpired(slot: slot, at: 130_000_000_000))
        #expect(untracked.storageBytes < shard.storageBytes)
    }

    /// Starts are kept from the moment asked for (records on): sessions held before read `UInt64.max` (not
    /// known), a new one its start (0 too: packet time can begin at the epoch), through the sweep that
    /// removes it, and a reused slot its new session's; a shard that keeps no starts holds nothing for them.
    @Test func startsAreKeptOnceAskedFor() {
        let a = IPAddress(10, 0, 0, 1)
        var session = Self.session(1, source: a, sport: 1, destination: a, dport: 1)
        session.lastSeen = 100_000_000_000
        var shard = SessionShard(seed: 3)
        let before = shard.insert(session, hash: shard.hash(a, 1, a, 1, transport: .udp, serviceSet: 0), start: 5)
        #expect(shard.start(slot: before) == .max)
        let untrackedBytes = shard.storageBytes
        shard.startTrackingStarts()
        #expect(shard.tracksStarts && shard.start(slot: before) == .max && shard.storageBytes > untrackedBytes)
        session.sourcePort = 2
        session.number = 2
        let slot = shard.insert(session, hash: shard.hash(a, 2, a, 1, transport: .udp, serviceSet: 0), start: 0)
        #expect(slot == before + 1 && shard.start(slot: slot) == 0)
        var seen: [UInt64] = []
        #expect(shard.sweep(upTo: 200_000_000_000, budget: shard.slotCount) { _, _, start in seen.append(start) } == 2)
        #expect(seen == [.max, 0] && shard.start(slot: slot) == .max)
        let reused = shard.insert(session, hash: shard.hash(a, 2, a, 1, transport: .udp, serviceSet: 0), start: 123)
        #expect(shard.start(slot: reused) == 123)
    }

    @Test func sessionIsNinetySixBytes() {
        #expect(MemoryLayout<Session>.stride == 96)
    }
}
