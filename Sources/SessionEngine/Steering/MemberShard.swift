// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// One of `count` shards of the engine's members (`--member-shard K/N`, operations-research.md §5): member
/// m (0-based, in configuration order, every bundle's members one list) belongs to shard m mod `count`.
///
/// Members share nothing, so a shard's members end a replay of the whole capture with exactly the sessions
/// and counters they have in the whole replay when only their packets are processed: the owner rule still
/// routes every packet, and the packets routed to another shard's members are left out (counted as
/// *packets of another shard*). Written `K/N` with K from 1 to N, as `split -n l/K/N` and GNU parallel do.
public struct MemberShard: Sendable, Hashable, CustomStringConvertible {
    /// The shard, 0-based: K − 1.
    public let index: Int
    /// The number of shards, N.
    public let count: Int

    /// Shard `index` (0-based) of `count`.
    public init(index: Int, count: Int) {
        precondition(count >= 1 && (0..<count).contains(index), "shard \(index) of \(count)")
        self.index = index
        self.count = count
    }

    /// Parses `K/N`, K from 1 to N (1-based); `nil` if `text` is not that.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else {
            return nil
        }
        self.init(index: k - 1, count: n)
    }

    /// `true` if member `member` belongs to this shard.
    public func contains(member: Int) -> Bool { member % count == index }

    /// The members of this shard among `memberCount`.
    public func members(of memberCount: Int) -> [Int] { Array(stride(from: index, to: memberCount, by: count)) }

    /// Why this shard cannot split `memberCount` members (more shards than members would leave a shard
    /// without any), or `nil`.
    public func refusal(memberCount: Int) -> String? {
        count <= memberCount
            ? nil
            : "\(count) shards of \(memberCount) member\(memberCount == 1 ? "" : "s"): a shard is a set of members, "
                + "so there can be at most as many shards as members (--members or the configuration's)"
    }

    /// `K/N`, 1-based.
    public var description: String { "\(index + 1)/\(count)" }

    /// Per member of `memberCount`, `true` if it belongs to the shard.
    func membership(of memberCount: Int) -> [Bool] { (0..<memberCount).map(contains(member:)) }
}
