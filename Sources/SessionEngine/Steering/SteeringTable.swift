// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import CPrefetch
import SessionTable
#if canImport(Glibc)
import Glibc
#endif

/// Remembers which member owns a flow whose two addresses hash to different members.
///
/// In a capture the direction of a packet is not known before its session is found: a packet from A to B
/// is either an initiator packet (owned by the member of A) or a reply (owned by the member of B). The
/// owner rule (``PacketRouter``) keeps this table: the first packet seen of a flow is its initiator
/// (SPEC.md §5), and every later packet follows it. An entry idle for longer than the longest timeout is
/// stale and decided anew (never, when no timeout ends a session: `--no-expire`).
///
/// A flow is recorded before its member has seen it, so the table also records flows the member then
/// keeps no session for (refused over a `session-limit` or `max-flows`, an ICMP error without a flow). When
/// it is half full the table says so (``needsRebuild``) and the frame pump has it rebuilt from the flows
/// the members still hold sessions for (``rebuild(now:from:)``), once the members have every packet routed
/// so far: what the members refused is gone, and the table stays as large as their sessions need, however
/// many flows they refuse. Used on its own (no members to ask), it keeps its live entries instead.
struct SteeringTable: ~Copyable {
    /// One bucket in 16 bytes: the flow's direction-independent hash (never 0; 0 marks an empty bucket), its
    /// owner, and the tick of its last packet.
    ///
    /// The whole 64-bit hash is kept: with fewer bits, two of a capture's hundreds of thousands of flows
    /// would now and then share a key (with 40 bits, about one replay in ten of the 2-million-packet
    /// benchmark trace on 8 members), the second would follow the first's owner, and the seed, random per
    /// run, would decide which flows do — the same capture giving different tables run to run.
    struct Entry: BitwiseCopyable, Equatable {
        /// The flow's hash, with its lowest bit set so that no key is 0.
        let key: UInt64
        /// The owner (bits 0–7) and the tick of the last packet (bits 32–63).
        let info: UInt64

        static let empty = Entry(key: 0, info: 0)

        init(key: UInt64, info: UInt64) {
            self.key = key
            self.info = info
        }

        init(key: UInt64, owner: Int, tick: UInt32) {
            self.key = key
            info = UInt64(tick) << 32 | UInt64(owner & 0xFF)
        }

        /// The bucket key of `hash`.
        @inline(__always)
        static func key(_ hash: UInt64) -> UInt64 { hash | 1 }

        var owner: Int { Int(truncatingIfNeeded: info & 0xFF) }
        var tick: UInt32 { UInt32(truncatingIfNeeded: info >> 32) }

        /// Ticks since the entry's last packet, at tick `now`: modulo 2³² ticks (about 146 years).
        @inline(__always)
        func age(at now: UInt32) -> UInt32 { now &- tick }
    }

    /// The buckets, owned by the table (allocated in `init` and `rebuild`, freed in `deinit`): a plain
    /// buffer rather than an array, so that the per-packet probe pays no uniqueness check.
    private var entries: UnsafeMutableBufferPointer<Entry>
    private var mask: Int
    private var used: Int
    private let staleAfter: UInt32
    /// `true` once the table is half full: it must be rebuilt before it records another flow. The pump
    /// rebuilds it from the members' sessions right after the packet that filled it; otherwise the next new
    /// flow rebuilds it keeping its live entries.
    private(set) var needsRebuild = false

    /// The tick of packet time `now` (nanoseconds): a shift, not a division, on the per-packet path.
    @inline(__always)
    static func tick(_ now: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: now >> 30) }

    /// - Parameter staleAfterSeconds: an entry idle for longer than this is decided anew (rounded up to
    ///   whole ticks); `nil`: never.
    init(expectedFlows: Int, staleAfterSeconds: UInt32?) {
        var buckets = 64
        while buckets < expectedFlows * 2 { buckets <<= 1 }
        entries = Self.emptyBuckets(buckets)
        mask = buckets - 1
        used = 0
        // Ticks of 2³⁰ ns are 7 % longer than a second: round the threshold up, never down.
        staleAfter = staleAfterSeconds.map { UInt32((UInt64($0) * 1_000_000_000 + (1 << 30) - 1) >> 30) } ?? .max
    }

    deinit { free(UnsafeMutableRawPointer(entries.baseAddress!)) }

    /// `count` empty buckets. An empty bucket is all zero bits, so the buckets come from `calloc`: a large
    /// table is zero-filled by the kernel page by page as flows first touch it, not written up front.
    private static func emptyBuckets(_ count: Int) -> UnsafeMutableBufferPointer<Entry> {
        guard let raw = calloc(count, MemoryLayout<Entry>.stride) else { fatalError("out of memory") }
        // A large table is read and written at random — a rebuild from the members' sessions writes every
        // flow at random —, and with 4 KiB pages nearly every access also misses the TLB. Measured on 10
        // million two-way flows, two members, sequential: the rebuilds added 0.4–0.7 s of user time (of about
        // 4.2 s) with 4 KiB pages, nothing measurable with huge pages.
        LargeArray.adviseHugePages(raw, byteCount: count * MemoryLayout<Entry>.stride)
        return UnsafeMutableBufferPointer(start: raw.bindMemory(to: Entry.self, capacity: count), count: count)
    }

    /// Bytes held by the table.
    var storageBytes: Int { entries.count * MemoryLayout<Entry>.stride }

    /// Starts loading the bucket ``owner(of:proposed:now:)`` will begin at (see `SessionShard.prefetchIndex`).
    @inline(__always)
    func prefetch(_ hash: UInt64) {
        let bucket = firstBucket(of: Entry.key(hash))
        // A hint on the address of a bucket of `entries`; never dereferenced.
        ams_prefetch(entries.baseAddress! + bucket)
    }

    /// Returns the owner of the flow with `hash`, recording `proposed` as its owner if the flow is new or
    /// its entry is stale — or in any case, with `replacing`.
    @inline(__always)
    mutating func owner(of hash: UInt64, proposed: Int, now: UInt64, replacing: Bool = false) -> Int {
        let tick = Self.tick(now)
        let key = Entry.key(hash)
        var bucket = firstBucket(of: key)
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

    /// Records a new flow in the empty `bucket` ``owner(of:proposed:now:replacing:)`` stopped at — making
    /// room first if the table was left half full — and says when the table is half full.
    private mutating func insert(_ key: UInt64, at bucket: Int, proposed: Int, now: UInt64) -> Int {
        if needsRebuild {
            rebuild(now: now)
            return owner(of: key, proposed: proposed, now: now)
        }
        entries[bucket] = Entry(key: key, owner: proposed, tick: Self.tick(now))
        used += 1
        needsRebuild = used * 2 >= entries.count
        return proposed
    }

    /// Records `owner` as the owner of the flow with `hash`, whatever was recorded before (an ALG child:
    /// it belongs to its parent's member).
    mutating func assign(_ hash: UInt64, owner: Int, now: UInt64) {
        _ = self.owner(of: hash, proposed: owner, now: now, replacing: true)
    }

    /// Drops stale entries, keeping the live ones, in a table twice as large if they fill more than a
    /// quarter of it.
    mutating func rebuild(now: UInt64) {
        let tick = Self.tick(now)
        let old = entries
        defer { free(UnsafeMutableRawPointer(old.baseAddress!)) }
        var live = 0
        for entry in old where isLive(entry, at: tick) { live += 1 }
        startEmpty(buckets: live * 4 > old.count ? old.count * 2 : old.count)
        for entry in old where isLive(entry, at: tick) { place(entry) }
    }

    /// Replaces the entries by the flows `flows` lists — each flow's hash, owner and last packet time —
    /// leaving out the stale ones: the flows the members hold sessions for. Every other flow is forgotten,
    /// and its next packet decides anew. The table doubles while they fill more than a quarter of it, so
    /// that at least a quarter of it is free for new flows; it never shrinks.
    ///
    /// Where two of the flows have the same hash (a flow whose entry went stale and was given a new owner
    /// while its old session lingered), the one seen last keeps it, the first listed on a tie.
    ///
    /// The live entries whose owner `keeps` says yes to are kept as they are: a shard's owner rule
    /// (``MemberShard``) cannot ask the members of the other shards, which it does not run.
    /// - Complexity: O(flows + buckets).
    mutating func rebuild(
        now: UInt64, keeping keeps: ((_ owner: Int) -> Bool)? = nil,
        from flows: ((_ hash: UInt64, _ owner: Int, _ lastSeen: UInt64) -> Void) -> Void
    ) {
        let tick = Self.tick(now)
        let old = entries
        defer { free(UnsafeMutableRawPointer(old.baseAddress!)) }
        startEmpty(buckets: entries.count)
        if let keeps {
            for entry in old where isLive(entry, at: tick) && keeps(entry.owner) { record(entry, at: tick) }
        }
        // The flows come in the members' slot order, so their buckets are scattered: they are recorded a
        // group at a time, the group's buckets asked for first, so that the cache misses overlap (as the
        // pump's routing does).
        let group = UnsafeMutableBufferPointer<Entry>.allocate(capacity: Self.rebuildGroup)
        defer { group.deallocate() }
        var grouped = 0
        flows { hash, owner, lastSeen in
            let entry = Entry(key: Entry.key(hash), owner: owner, tick: Self.tick(lastSeen))
            guard isLive(entry, at: tick) else { return }
            group[grouped] = entry
            ams_prefetch(entries.baseAddress! + firstBucket(of: entry.key))
            grouped += 1
            if grouped == Self.rebuildGroup {
                for index in 0..<grouped { record(group[index], at: tick) }
                grouped = 0
            }
        }
        for index in 0..<grouped { record(group[index], at: tick) }
    }

    /// Flows a rebuild from the members' sessions records at once.
    private static let rebuildGroup = 32

    /// Records `entry` of a rebuild at tick `tick`: where its key is already recorded, the one seen last
    /// keeps it (the first on a tie). Doubles the table once it is more than a quarter full.
    private mutating func record(_ entry: Entry, at tick: UInt32) {
        var bucket = firstBucket(of: entry.key)
        while entries[bucket] != .empty {
            if entries[bucket].key == entry.key {
                if entry.age(at: tick) < entries[bucket].age(at: tick) { entries[bucket] = entry }
                return
            }
            bucket = (bucket &+ 1) & mask
        }
        entries[bucket] = entry
        used += 1
        if used * 4 > entries.count { grow() }
    }

    /// Empties the table, with `buckets` buckets.
    private mutating func startEmpty(buckets: Int) {
        entries = Self.emptyBuckets(buckets)
        mask = buckets - 1
        used = 0
        needsRebuild = false
    }

    /// Records `entry`, whose key is in no bucket, in the first free bucket of its probe.
    private mutating func place(_ entry: Entry) {
        var bucket = firstBucket(of: entry.key)
        while entries[bucket] != .empty { bucket = (bucket &+ 1) & mask }
        entries[bucket] = entry
        used += 1
    }

    /// Moves every entry into a table twice as large.
    private mutating func grow() {
        let old = entries
        defer { free(UnsafeMutableRawPointer(old.baseAddress!)) }
        startEmpty(buckets: old.count * 2)
        for entry in old where entry != .empty { place(entry) }
    }

    /// Where the probe for `key` starts: its high bits, masked to the table's size.
    @inline(__always)
    private func firstBucket(of key: UInt64) -> Int { Int(truncatingIfNeeded: key >> 32) & mask }

    /// `true` if `entry` holds a flow seen within the last ``staleAfter`` ticks at tick `tick`.
    private func isLive(_ entry: Entry, at tick: UInt32) -> Bool {
        entry != .empty && entry.age(at: tick) <= staleAfter
    }

    /// The number of flows recorded (stale ones included until the next rebuild).
    var count: Int { used }
}
