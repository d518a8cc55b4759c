// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import CPrefetch

/// Remembers which member owns a flow whose two addresses hash to different members.
///
/// In a capture the direction of a packet is not known before its session is found: a packet from A to B
/// is either an initiator packet (owned by the member of A) or a reply (owned by the member of B). Every
/// member reads every packet, so each keeps this small table for the flows it is a candidate for, and all
/// candidates decide alike: the first packet seen of a flow is its initiator (SPEC.md §5). An entry idle
/// for longer than the longest timeout is stale and decided anew.
struct SteeringTable: ~Copyable {
    struct Entry: BitwiseCopyable {
        /// The flow's direction-independent hash, never 0 (0 marks an empty entry).
        var hash: UInt64
        /// Packet time of the flow's last packet, in ticks of 2³⁰ ns (≈ 1.07 s).
        var lastSeen: UInt32
        var owner: UInt8
    }

    /// The buckets, owned by the table (allocated in `init` and `rebuild`, freed in `deinit`): a plain
    /// buffer rather than an array, so that the per-packet probe pays no uniqueness check.
    private var entries: UnsafeMutableBufferPointer<Entry>
    private var mask: Int
    private var used: Int
    private let staleAfter: UInt32

    /// The tick of packet time `now` (nanoseconds): a shift, not a division, on the per-packet path.
    @inline(__always)
    static func tick(_ now: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: now >> 30) }

    /// - Parameter staleAfterSeconds: an entry idle for longer than this is decided anew (rounded up to
    ///   whole ticks).
    init(expectedFlows: Int, staleAfterSeconds: UInt32) {
        var buckets = 64
        while buckets < expectedFlows * 2 { buckets <<= 1 }
        entries = Self.emptyBuckets(buckets)
        mask = buckets - 1
        used = 0
        // Ticks of 2³⁰ ns are 7 % longer than a second: round the threshold up, never down.
        staleAfter = UInt32((UInt64(staleAfterSeconds) * 1_000_000_000 + (1 << 30) - 1) >> 30)
    }

    deinit { entries.deallocate() }

    private static func emptyBuckets(_ count: Int) -> UnsafeMutableBufferPointer<Entry> {
        let buffer = UnsafeMutableBufferPointer<Entry>.allocate(capacity: count)
        buffer.initialize(repeating: Entry(hash: 0, lastSeen: 0, owner: 0))
        return buffer
    }

    /// Bytes held by the table.
    var storageBytes: Int { entries.count * MemoryLayout<Entry>.stride }

    /// Starts loading the bucket ``owner(of:proposed:now:)`` will begin at (see `SessionShard.prefetchIndex`).
    @inline(__always)
    func prefetch(_ hash: UInt64) {
        let bucket = Int(truncatingIfNeeded: (hash | 1) >> 40) & mask
        // A hint on the address of a bucket of `entries`; never dereferenced.
        ams_prefetch(entries.baseAddress! + bucket)
    }

    /// Returns the owner of the flow with `hash`, recording `proposed` as its owner if the flow is new or
    /// its entry is stale — or in any case, with `replacing`.
    @inline(__always)
    mutating func owner(of hash: UInt64, proposed: Int, now: UInt64, replacing: Bool = false) -> Int {
        let seconds = Self.tick(now)
        let key = hash | 1
        var bucket = Int(truncatingIfNeeded: key >> 40) & mask
        while true {
            // `bucket` is masked to the table's size.
            let entry = entries[bucket]
            if entry.hash == key {
                var owner = entry.owner
                if replacing || seconds &- entry.lastSeen > staleAfter { owner = UInt8(proposed) }
                entries[bucket] = Entry(hash: key, lastSeen: seconds, owner: owner)
                return Int(owner)
            }
            if entry.hash == 0 { break }
            bucket = (bucket &+ 1) & mask
        }
        return insert(key, at: bucket, proposed: proposed, now: now, replacing: replacing)
    }

    /// Records a new flow in the empty `bucket` ``owner(of:proposed:now:replacing:)`` stopped at, making
    /// room first if the table is half full.
    private mutating func insert(_ key: UInt64, at bucket: Int, proposed: Int, now: UInt64, replacing: Bool) -> Int {
        if (used + 1) * 2 > entries.count {
            rebuild(now: Self.tick(now))
            return owner(of: key, proposed: proposed, now: now, replacing: replacing)
        }
        entries[bucket] = Entry(hash: key, lastSeen: Self.tick(now), owner: UInt8(proposed))
        used += 1
        return proposed
    }

    /// Records `owner` as the owner of the flow with `hash`, whatever was recorded before (an ALG child:
    /// it belongs to its parent's member).
    mutating func assign(_ hash: UInt64, owner: Int, now: UInt64) {
        _ = self.owner(of: hash, proposed: owner, now: now, replacing: true)
    }

    /// Drops stale entries, doubling the table if it is still more than a quarter full.
    private mutating func rebuild(now seconds: UInt32) {
        let old = entries
        defer { old.deallocate() }
        var live = 0
        for entry in old where entry.hash != 0 && seconds &- entry.lastSeen <= staleAfter { live += 1 }
        var buckets = old.count
        if live * 4 > buckets { buckets *= 2 }
        entries = Self.emptyBuckets(buckets)
        mask = buckets - 1
        used = 0
        for entry in old where entry.hash != 0 && seconds &- entry.lastSeen <= staleAfter {
            var bucket = Int(truncatingIfNeeded: entry.hash >> 40) & mask
            while entries[bucket].hash != 0 { bucket = (bucket &+ 1) & mask }
            entries[bucket] = entry
            used += 1
        }
    }
}
