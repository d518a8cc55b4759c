// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The start of every session open, by session ID: what ``SessionRecordDrain`` joins a close record with.
///
/// An open-addressing table of two flat arrays — linear probing from a multiplicative hash of the ID,
/// deletion by backward shift, no tombstones — grown to keep it at most half full. A session ID is never 0
/// (its number counts from 1), so 0 marks an empty place. A `Dictionary` hashes each ID with SipHash and
/// moves whole entries when it grows: the join was a third of the drain's time (README, *Speed of the
/// exporters*).
struct SessionStartTable {
    private var keys: [UInt64]
    private var starts: [UInt64]
    private var mask: Int
    /// 64 − log2(places): the hash's top bits index the table.
    private var shift: UInt64
    /// Sessions held.
    private(set) var count = 0

    /// A table with room for `minimumCapacity` sessions before it grows.
    init(minimumCapacity: Int = 0) {
        var places = 16
        while places < 2 * minimumCapacity { places <<= 1 }
        keys = Array(repeating: 0, count: places)
        starts = Array(repeating: 0, count: places)
        mask = places - 1
        shift = UInt64(64 - places.trailingZeroBitCount)
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// Sets the start of session `id` (not 0).
    mutating func insert(_ id: UInt64, start: UInt64) {
        if 2 * (count + 1) > keys.count { grow() }
        var place = home(id)
        while keys[place] != 0 && keys[place] != id { place = (place + 1) & mask }
        if keys[place] == 0 { count += 1 }
        keys[place] = id
        starts[place] = start
    }

    /// Removes session `id`, returning its start; `nil` if it is not held.
    mutating func remove(_ id: UInt64) -> UInt64? {
        var place = home(id)
        while keys[place] != id {
            if keys[place] == 0 { return nil }
            place = (place + 1) & mask
        }
        let start = starts[place]
        count -= 1
        // Backward shift: move up every later entry of the run that may not stay behind the hole.
        var hole = place
        var next = (hole + 1) & mask
        while keys[next] != 0 {
            let wanted = home(keys[next])
            // `next` may fill the hole if its home is not in (hole, next], cyclically.
            let stays = hole <= next ? (wanted > hole && wanted <= next) : (wanted > hole || wanted <= next)
            if !stays {
                keys[hole] = keys[next]
                starts[hole] = starts[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        keys[hole] = 0
        return start
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldStarts = starts
        let places = keys.count * 2
        keys = Array(repeating: 0, count: places)
        starts = Array(repeating: 0, count: places)
        mask = places - 1
        shift = UInt64(64 - places.trailingZeroBitCount)
        count = 0
        for index in oldKeys.indices where oldKeys[index] != 0 { insert(oldKeys[index], start: oldStarts[index]) }
    }
}
