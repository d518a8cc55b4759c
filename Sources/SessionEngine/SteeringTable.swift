// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import CPrefetch
#if canImport(Glibc)
import Glibc
#endif

/// Remembers which member owns a flow whose two addresses hash to different members.
///
/// In a capture the direction of a packet is not known before its session is found: a packet from A to B
/// is either an initiator packet (owned by the member of A) or a reply (owned by the member of B). Every
/// member reads every packet, so each keeps this small table for the flows it is a candidate for, and all
/// candidates decide alike: the first packet seen of a flow is its initiator (SPEC.md §5). An entry idle
/// for longer than the longest timeout is stale and decided anew.
struct SteeringTable: ~Copyable {
    /// One bucket in 8 bytes: the top 40 bits of the flow's direction-independent hash (never 0; 0 marks an
    /// empty bucket), its owner (6 bits) and the tick of its last packet (18 bits, wrapping: see
    /// ``age(at:)``).
    struct Entry: BitwiseCopyable, Equatable {
        let raw: UInt64

        static let empty = Entry(raw: 0)
        static let keyMask: UInt64 = ~0xFF_FFFF
        static let tickMask: UInt32 = 0x3_FFFF

        init(raw: UInt64) { self.raw = raw }

        init(key: UInt64, owner: Int, tick: UInt32) {
            raw = key | UInt64(owner & 63) << 18 | UInt64(tick & Self.tickMask)
        }

        /// The bucket's key: the hash's top 40 bits, with bit 24 set so that no key is 0.
        @inline(__always)
        static func key(_ hash: UInt64) -> UInt64 { (hash | 1 << 24) & keyMask }

        var key: UInt64 { raw & Self.keyMask }
        var owner: Int { Int(truncatingIfNeeded: raw >> 18 & 63) }
        var tick: UInt32 { UInt32(truncatingIfNeeded: raw) & Self.tickMask }

        /// Ticks since the entry's last packet, at tick `now`: modulo 2¹⁸ ticks (≈ 3.3 days), so an entry
        /// idle for a multiple of that looks recent again — a flow silent for days that comes back keeps
        /// its member, as it would within its timeout.
        @inline(__always)
        func age(at now: UInt32) -> UInt32 { (now &- tick) & Self.tickMask }
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
    ///   whole ticks, at most 2¹⁷ ticks: about 1.6 days).
    init(expectedFlows: Int, staleAfterSeconds: UInt32) {
        var buckets = 64
        while buckets < expectedFlows * 2 { buckets <<= 1 }
        entries = Self.emptyBuckets(buckets)
        mask = buckets - 1
        used = 0
        // Ticks of 2³⁰ ns are 7 % longer than a second: round the threshold up, never down.
        staleAfter = UInt32(min((UInt64(staleAfterSeconds) * 1_000_000_000 + (1 << 30) - 1) >> 30, 1 << 17))
    }

    deinit { free(UnsafeMutableRawPointer(entries.baseAddress!)) }

    /// `count` empty buckets. An empty bucket is all zero bits, so the buckets come from `calloc`: a large
    /// table is zero-filled by the kernel page by page as flows first touch it, not written up front.
    private static func emptyBuckets(_ count: Int) -> UnsafeMutableBufferPointer<Entry> {
        guard let raw = calloc(count, MemoryLayout<Entry>.stride) else { fatalError("out of memory") }
        return UnsafeMutableBufferPointer(start: raw.bindMemory(to: Entry.self, capacity: count), count: count)
    }

    /// Bytes held by the table.
    var storageBytes: Int { entries.count * MemoryLayout<Entry>.stride }

    /// Starts loading the bucket ``owner(of:proposed:now:)`` will begin at (see `SessionShard.prefetchIndex`).
    @inline(__always)
    func prefetch(_ hash: UInt64) {
        let bucket = Int(truncatingIfNeeded: Entry.key(hash) >> 40) & mask
        // A hint on the address of a bucket of `entries`; never dereferenced.
        ams_prefetch(entries.baseAddress! + bucket)
    }

    /// Returns the owner of the flow with `hash`, recording `proposed` as its owner if the flow is new or
    /// its entry is stale — or in any case, with `replacing`.
    @inline(__always)
    mutating func owner(of hash: UInt64, proposed: Int, now: UInt64, replacing: Bool = false) -> Int {
        let tick = Self.tick(now)
        let key = Entry.key(hash)
        var bucket = Int(truncatingIfNeeded: key >> 40) & mask
        while true {
            // `bucket` is masked to the table's size.
            let entry = entries[bucket]
            if entry.key == key {
                let owner = replacing || entry.age(at: tick) > staleAfter ? proposed : entry.owner
                entries[bucket] = Entry(key: key, owner: owner, tick: tick)
                return owner
            }
            if entry == .empty { break }
            bucket = (bucket &+ 1) & mask
        }
        return insert(key, at: bucket, proposed: proposed, now: now)
    }

    /// Records a new flow in the empty `bucket` ``owner(of:proposed:now:replacing:)`` stopped at, making
    /// room first if the table is half full.
    private mutating func insert(_ key: UInt64, at bucket: Int, proposed: Int, now: UInt64) -> Int {
        if (used + 1) * 2 > entries.count {
            rebuild(now: Self.tick(now))
            return owner(of: key, proposed: proposed, now: now)
        }
        entries[bucket] = Entry(key: key, owner: proposed, tick: Self.tick(now))
        used += 1
        return proposed
    }

    /// Records `owner` as the owner of the flow with `hash`, whatever was recorded before (an ALG child:
    /// it belongs to its parent's member).
    mutating func assign(_ hash: UInt64, owner: Int, now: UInt64) {
        _ = self.owner(of: hash, proposed: owner, now: now, replacing: true)
    }

    /// Drops stale entries, doubling the table if it is still more than a quarter full.
    private mutating func rebuild(now tick: UInt32) {
        let old = entries
        defer { free(UnsafeMutableRawPointer(old.baseAddress!)) }
        var live = 0
        for entry in old where isLive(entry, at: tick) { live += 1 }
        var buckets = old.count
        if live * 4 > buckets { buckets *= 2 }
        entries = Self.emptyBuckets(buckets)
        mask = buckets - 1
        used = 0
        for entry in old where isLive(entry, at: tick) {
            var bucket = Int(truncatingIfNeeded: entry.key >> 40) & mask
            while entries[bucket] != .empty { bucket = (bucket &+ 1) & mask }
            entries[bucket] = entry
            used += 1
        }
    }

    /// `true` if `entry` holds a flow seen within the last ``staleAfter`` ticks at tick `tick`.
    private func isLive(_ entry: Entry, at tick: UInt32) -> Bool {
        entry != .empty && entry.age(at: tick) <= staleAfter
    }

    /// The number of flows recorded (stale ones included until the next rebuild).
    var count: Int { used }
}
