// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import PacketCapture
import ServicesCore
import SessionEngine
import Testing

/// `--member-shard K/N` and `ams split` (operations-research.md §5.2–5.3): the replays of a capture's N
/// shards of members, or of its N pieces, are together the whole capture's replay — the same sessions (IDs,
/// flows, counters) on the same members, the same totals — for N = 1…4 of 4 members and of N members.
@Suite struct MemberShardTests {
    /// Real captures (Captures/README.md), the ALG ones included, the README's sample, and generated ones.
    static let captures: [String] =
        [
            "ftp.pcap", "tftp.pcap", "rtsp.pcap", "pptp.pcap", "sqlnet.pcap", "mixed.pcap", "http.pcapng",
            "dns-icmp.pcap", "traceroute.pcap", "http.sll2.pcap",
        ].map(ReplayHarness.capture) + [OperationalOutputTests.sample]

    /// Generated captures (``ModeInvarianceTests/randomCapture(seed:flows:)``: several service sets, reused
    /// 5-tuples started from either side, fragments, FTP children), replayed with their configuration.
    static func generated(seed: UInt64) throws -> String {
        try ReplayHarness.temporaryFile(ModeInvarianceTests.randomCapture(seed: seed, flows: 300).pcap())
    }

    /// The (members, shards) pairs tried: N = 1…4 shards of 4 members and of N members.
    static let splits: [(members: Int, shards: Int)] = [(4, 1), (4, 2), (4, 3), (4, 4), (1, 1), (2, 2), (3, 3)]

    static func replay(
        _ path: String, configuration: EngineConfiguration, shard: MemberShard? = nil,
        mode: ReplayHarness.Mode = .dispatched
    ) throws -> ReplayResult {
        var options = ReplayOptions(configuration: configuration, sequential: mode == .sequential, seed: 42)
        options.independentMembers = mode == .independent
        options.memberShard = shard
        return ReplayEngine.replay(try CaptureFile(path: path), options: options)
    }

    /// A member as compared: its sessions (IDs, flows, states, counters), counts per service set and
    /// statistics — not its CPU time.
    ///
    /// - Parameter withoutRates: leave out the sessions created, deleted and refused in the last second of
    ///   packet time: a piece of `ams split` ends at its own last frame, not the capture's.
    /// A member as compared; `withoutRates` (a piece that ends before the capture): without what depends on
    /// the packet time the tables stand at — the last second's rates and each session's seconds left.
    static func member(_ snapshot: MemberSnapshot, withoutRates: Bool = false) -> String {
        var analysis = snapshot.analysis
        analysis.packetsOfOtherShard = 0
        var sessions = snapshot.sessions
        if withoutRates {
            (analysis.createdPerSecond, analysis.deletedPerSecond, analysis.refusedPerSecond) = (0, 0, 0)
            // Seconds left count from where the tables stand: a piece's own last frame.
            for index in sessions.indices { sessions[index].secondsLeft = 0 }
        }
        return "\(snapshot.name) \(sessions) \(snapshot.serviceSetCounts.map { "\($0.serviceSet)=\($0.sessions)" }) \(analysis)"
    }

    /// The member counters of a result (the pump's frames and undecodable frames left out).
    static func memberTotals(_ counters: MemberCounters) -> [UInt64] {
        [
            counters.packets, counters.bytes, counters.sessionsCreated, counters.sessionsExpired,
            counters.sessionsReplaced, counters.packetsDropped, counters.slowPathForward, counters.slowPathDiscard,
            counters.gatesOpened, counters.childSessions, counters.gatewayRefusals, counters.echoDropped,
        ] + counters.engineDrops
    }

    /// Checks that `shards` (shard K's result at index K − 1) together are `whole`: each shard's members
    /// as in the whole replay, the others empty; member counters adding up; the pump's counters each the
    /// whole's; every packet left out by N − 1 shards.
    static func expectUnion(
        _ shards: [ReplayResult], equal whole: ReplayResult, _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let count = shards.count
        let members = whole.members
        var sums = Array(repeating: UInt64(0), count: memberTotals(whole.counters).count)
        var leftOut: UInt64 = 0
        // Per member, the packets a shard that leaves it out counted: the same in every such shard.
        var leftOutByMember = [UInt64?](repeating: nil, count: members.count)
        for (index, result) in shards.enumerated() {
            let shard = MemberShard(index: index, count: count)
            let replayed = result.members
            for member in members.indices {
                if shard.contains(member: member) {
                    #expect(
                        Self.member(replayed[member]) == Self.member(members[member]),
                        "\(what): shard \(shard), member \(member)", sourceLocation: sourceLocation)
                    #expect(replayed[member].analysis.packetsOfOtherShard == 0, sourceLocation: sourceLocation)
                } else {
                    #expect(replayed[member].sessions.isEmpty, "\(what): shard \(shard)", sourceLocation: sourceLocation)
                    let count = replayed[member].analysis.packetsOfOtherShard
                    #expect(
                        count >= members[member].analysis.packetsReceived && count == leftOutByMember[member] ?? count,
                        "\(what): shard \(shard), member \(member) left out", sourceLocation: sourceLocation)
                    leftOutByMember[member] = count
                }
            }
            for (i, value) in memberTotals(result.counters).enumerated() { sums[i] += value }
            leftOut += result.counters.packetsOfOtherShard
            #expect(result.counters.frames == whole.counters.frames, sourceLocation: sourceLocation)
            #expect(result.counters.wireDrops == whole.counters.wireDrops, sourceLocation: sourceLocation)
            #expect(result.liveSessions == replayed.reduce(0) { $0 + $1.sessions.count }, sourceLocation: sourceLocation)
        }
        #expect(sums == memberTotals(whole.counters), "\(what): member counters", sourceLocation: sourceLocation)
        #expect(shards.reduce(0) { $0 + $1.liveSessions } == whole.liveSessions, sourceLocation: sourceLocation)
        let undecoded = whole.counters.wireDrops.reduce(0, +)
        let routed = whole.counters.frames - undecoded
        #expect(leftOut == UInt64(count - 1) * routed, "\(what): packets left out", sourceLocation: sourceLocation)
    }

    func expectShardsEqualWhole(_ path: String, configuration: (Int) throws -> EngineConfiguration) throws {
        for (memberCount, shardCount) in Self.splits {
            let engine = try configuration(memberCount)
            let whole = try Self.replay(path, configuration: engine)
            let shards = try (0..<shardCount).map { index in
                try Self.replay(path, configuration: engine, shard: MemberShard(index: index, count: shardCount))
            }
            Self.expectUnion(shards, equal: whole, "\(path) \(memberCount) members, \(shardCount) shards")
        }
    }

    /// (a) `--member-shard K/N` of the whole capture: the shards' replays together are the whole replay.
    @Test(arguments: captures)
    func shardsOfARealCaptureAreTheWholeReplay(path: String) throws {
        try expectShardsEqualWhole(path) { .builtInDefault(memberCount: $0) }
    }

    @Test(arguments: [UInt64(1), 2])
    func shardsOfAGeneratedCaptureAreTheWholeReplay(seed: UInt64) throws {
        try expectShardsEqualWhole(try Self.generated(seed: seed), configuration: ModeInvarianceTests.twoServiceSets)
    }

    /// A shard's replay is the same in every way of running its members.
    @Test func aShardIsTheSameInEveryMode() throws {
        let path = try Self.generated(seed: 3)
        let engine = try ModeInvarianceTests.twoServiceSets(members: 5)
        for index in 0..<2 {
            let shard = MemberShard(index: index, count: 2)
            let results = try ReplayHarness.Mode.allCases.map { try Self.replay(path, configuration: engine, shard: shard, mode: $0) }
            let texts = results.map { $0.members.map { Self.member($0) } }
            #expect(texts.allSatisfy { $0 == texts[0] }, "shard \(shard)")
            #expect(results.allSatisfy { $0.counters.packetsOfOtherShard == results[0].counters.packetsOfOtherShard })
            #expect(results[0].counters.packetsOfOtherShard > 0)
        }
    }

    /// The shell's stepped replay (`ams cli --replay FILE --member-shard K/N`) of a shard, in steps, ends with
    /// the sessions of the shard's replay in one go, and the same packets left out.
    @Test func aSteppedShardIsTheShardsReplay() throws {
        let path = ReplayHarness.capture("ftp.pcap")
        let engine = EngineConfiguration.builtInDefault(memberCount: 4)
        for index in 0..<2 {
            let shard = MemberShard(index: index, count: 2)
            let whole = try Self.replay(path, configuration: engine, shard: shard, mode: .sequential)
            let stepped = SteppedReplay(file: try CaptureFile(path: path), configuration: engine, seed: 42, memberShard: shard)
            while !stepped.isFinished { stepped.advance(by: 0.5) }
            let sessions = ReplayHarness.sessionSet(members: stepped.tables().snapshot())
            #expect(sessions == ReplayHarness.sessionSet(whole), "shard \(shard)")
            #expect(!sessions.isEmpty)
            #expect(stepped.counters.packetsOfOtherShard == whole.counters.packetsOfOtherShard)
            #expect(stepped.tables().snapshot().map(\.analysis.packetsOfOtherShard) == whole.members.map(\.analysis.packetsOfOtherShard))
        }
    }

    /// (b, c) `ams split`: the pieces hold every frame once; each piece replayed as its shard gives that
    /// shard's members of the whole replay, ALG children with their parents.
    func expectPiecesEqualWhole(_ path: String, configuration: (Int) throws -> EngineConfiguration) throws {
        for (memberCount, shardCount) in Self.splits {
            let engine = try configuration(memberCount)
            let what = "\(path) \(memberCount) members, \(shardCount) pieces"
            let file = try CaptureFile(path: path)
            let split = CaptureSplit(file, configuration: engine, shardCount: shardCount)
            let directory = try ReplayHarness.temporaryFile([], suffix: ".d")
            try FileManager.default.removeItem(atPath: directory)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            let paths = try split.write(file, into: directory)
            #expect(paths.map { ($0 as NSString).lastPathComponent } == (1...shardCount).map { "shard-\($0)-of-\(shardCount).pcap" })
            let whole = try Self.replay(path, configuration: engine)
            #expect(split.captureError == nil)
            #expect(split.framesPerShard.reduce(0, +) == Int(whole.counters.frames), "\(what): frames")
            var pieceFrames = 0
            var sums = Array(repeating: UInt64(0), count: Self.memberTotals(whole.counters).count)
            for (index, piece) in paths.enumerated() {
                let shard = MemberShard(index: index, count: shardCount)
                let result = try Self.replay(piece, configuration: engine, shard: shard)
                #expect(Int(result.counters.frames) == split.framesPerShard[index], "\(what): piece \(shard) frames")
                pieceFrames += Int(result.counters.frames)
                // Every packet of the piece is its shard's: none left out.
                #expect(result.counters.packetsOfOtherShard == 0, "\(what): piece \(shard) has other shards' packets")
                // A piece ends at its own last frame: the rates of the last second of packet time are the
                // whole replay's only where that is the capture's last (ARCHITECTURE.md, *Beyond one machine*).
                let endsWithTheCapture = result.lastTimestamp == whole.lastTimestamp
                for member in shard.members(of: memberCount) {
                    #expect(
                        Self.member(result.members[member], withoutRates: !endsWithTheCapture)
                            == Self.member(whole.members[member], withoutRates: !endsWithTheCapture),
                        "\(what): piece \(shard), member \(member)")
                }
                // Every child's parent is in the same piece, on the same member.
                let sessions = result.members.flatMap(\.sessions)
                let ids = Set(sessions.map(\.id))
                for child in sessions {
                    guard let parent = child.parentID else { continue }
                    #expect(ids.contains(parent), "\(what): a child without its parent in piece \(shard)")
                }
                for (i, value) in Self.memberTotals(result.counters).enumerated() { sums[i] += value }
            }
            #expect(pieceFrames == Int(whole.counters.frames))
            #expect(sums == Self.memberTotals(whole.counters), "\(what): member counters")
        }
    }

    @Test(arguments: captures)
    func piecesOfARealCaptureAreTheWholeReplay(path: String) throws {
        try expectPiecesEqualWhole(path) { .builtInDefault(memberCount: $0) }
    }

    @Test(arguments: [UInt64(1), 2])
    func piecesOfAGeneratedCaptureAreTheWholeReplay(seed: UInt64) throws {
        try expectPiecesEqualWhole(try Self.generated(seed: seed), configuration: ModeInvarianceTests.twoServiceSets)
    }

    /// The ALG captures have children, so the checks above see some.
    @Test func theALGCapturesHaveChildren() throws {
        for name in ["ftp.pcap", "tftp.pcap", "rtsp.pcap", "pptp.pcap", "sqlnet.pcap"] {
            let whole = try Self.replay(ReplayHarness.capture(name), configuration: .builtInDefault(memberCount: 4))
            #expect(whole.counters.childSessions > 0, "\(name)")
        }
    }

    @Test func shardsAreWrittenAndParsedOneBased() {
        #expect(MemberShard(parsing: "1/4") == MemberShard(index: 0, count: 4))
        #expect(MemberShard(parsing: "4/4") == MemberShard(index: 3, count: 4))
        for bad in ["0/4", "5/4", "1/0", "1", "a/b", "1/2/3", "/2", "-1/2"] { #expect(MemberShard(parsing: bad) == nil, "\(bad)") }
        #expect(MemberShard(index: 1, count: 3).members(of: 8) == [1, 4, 7])
        #expect(MemberShard(index: 1, count: 3).description == "2/3")
        #expect(MemberShard(index: 0, count: 3).refusal(memberCount: 2) != nil)
        #expect(MemberShard(index: 0, count: 2).refusal(memberCount: 2) == nil)
    }
}
