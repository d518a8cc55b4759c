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

    private var entries: [Entry]
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
        entries = Array(repeating: Entry(hash: 0, lastSeen: 0, owner: 0), count: buckets)
        mask = buckets - 1
        used = 0
        // Ticks of 2³⁰ ns are 7 % longer than a second: round the threshold up, never down.
        staleAfter = UInt32((UInt64(staleAfterSeconds) * 1_000_000_000 + (1 << 30) - 1) >> 30)
    }

    /// Bytes held by the table.
    var storageBytes: Int { entries.count * MemoryLayout<Entry>.stride }

    /// Starts loading the bucket ``owner(of:proposed:now:)`` will begin at (see `SessionShard.prefetchIndex`).
    func prefetch(_ hash: UInt64) {
        let bucket = Int(truncatingIfNeeded: (hash | 1) >> 40) & mask
        // A hint on the address of an element of `entries`; never dereferenced.
        unsafe entries.withUnsafeBufferPointer { unsafe ams_prefetch($0.baseAddress! + bucket) }
    }

    /// Returns the owner of the flow with `hash`, recording `proposed` as its owner if the flow is new or
    /// its entry is stale — or in any case, with `replacing`.
    mutating func owner(of hash: UInt64, proposed: Int, now: UInt64, replacing: Bool = false) -> Int {
        let seconds = Self.tick(now)
        let key = hash | 1
        var bucket = Int(truncatingIfNeeded: key >> 40) & mask
        while true {
            let entry = entries[bucket]
            if entry.hash == key {
                if replacing || seconds &- entry.lastSeen > staleAfter {
                    entries[bucket].owner = UInt8(proposed)
                }
                entries[bucket].lastSeen = seconds
                return Int(entries[bucket].owner)
            }
            if entry.hash == 0 { break }
            bucket = (bucket &+ 1) & mask
        }
        if (used + 1) * 2 > entries.count {
            rebuild(now: seconds)
            return owner(of: hash, proposed: proposed, now: now, replacing: replacing)
        }
        entries[bucket] = Entry(hash: key, lastSeen: seconds, owner: UInt8(proposed))
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
        let live = entries.filter { $0.hash != 0 && seconds &- $0.lastSeen <= staleAfter }
        var buckets = entries.count
        if live.count * 4 > buckets { buckets *= 2 }
        entries = Array(repeating: Entry(hash: 0, lastSeen: 0, owner: 0), count: buckets)
        mask = buckets - 1
        used = 0
        for entry in live {
            var bucket = Int(truncatingIfNeeded: entry.hash >> 40) & mask
            while entries[bucket].hash != 0 { bucket = (bucket &+ 1) & mask }
            entries[bucket] = entry
            used += 1
        }
    }
}
