// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import SessionEngine

/// `--member-shard K/N`, for `ams replay` and `ams cli --replay`: run only shard K of N of the members.
struct MemberShardOptions: ParsableArguments {
    @Option(
        name: .customLong("member-shard"),
        help: ArgumentHelp(
            "Process only the packets of shard K of N of the members (K from 1 to N; member m, counted from 0, "
                + "is in shard m mod N + 1; N at most the members). The owner rule routes every packet as "
                + "without it; the other shards' packets are counted, not processed.",
            valueName: "K/N"))
    var memberShard: String?

    func validate() throws {
        if let memberShard, MemberShard(parsing: memberShard) == nil {
            throw ValidationError("--member-shard must be K/N, K from 1 to N (1/4 is the first of 4), not \(memberShard)")
        }
    }

    /// The shard, checked against the engine's `memberCount` members.
    func shard(memberCount: Int) throws -> MemberShard? {
        guard let text = memberShard, let memberShard = MemberShard(parsing: text) else { return nil }
        if let refusal = memberShard.refusal(memberCount: memberCount) { throw ValidationError("--member-shard: \(refusal)") }
        return memberShard
    }
}
