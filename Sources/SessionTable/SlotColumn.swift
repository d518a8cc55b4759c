// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A value per session slot that a ``SessionShard`` keeps beside its slots only when asked to (a session's
/// end when a session timeout is configured, its start when session records are on): 8 bytes a slot,
/// reserved as the slots are; an array never kept is empty and costs nothing.
///
/// A slot that has no value — a free slot, a session from before the column was kept, or any slot of a
/// column not kept — reads as ``vacant``.
@usableFromInline
struct SlotColumn {
    @usableFromInline var values: [UInt64]
    /// `true` when the column keeps values.
    @usableFromInline private(set) var isKept: Bool
    /// What a slot without a value reads as.
    @usableFromInline let vacant: UInt64

    /// A column kept if `kept`, with room reserved for `capacity` slots.
    init(kept: Bool, capacity: Int, vacant: UInt64) {
        values = kept ? LargeArray.reserved(capacity: capacity) : []
        isKept = kept
        self.vacant = vacant
    }

    /// The value of `slot`.
    @inlinable
    func value(slot: Int) -> UInt64 { isKept ? values[slot] : vacant }

    /// Stores the value of `slot`: a slot in use, or the one just appended to the shard's slots.
    @inlinable
    mutating func store(_ value: UInt64, slot: Int) {
        guard isKept else { return }
        if slot < values.count {
            values[slot] = value
        } else {
            if values.count == values.capacity { grow() }
            values.append(value)
        }
    }

    /// Gives `slot` back its ``vacant`` value (its session is gone).
    @inlinable
    mutating func clear(slot: Int) {
        if isKept { values[slot] = vacant }
    }

    @usableFromInline
    mutating func grow() {
        values = LargeArray.grown(values, minimum: 16)
    }

    /// Starts keeping values for a shard of `slotCount` slots (room for `capacity`), each ``vacant``.
    mutating func keep(slotCount: Int, capacity: Int) {
        guard !isKept else { return }
        values = LargeArray.reserved(capacity: max(capacity, 16))
        for _ in 0..<slotCount { values.append(vacant) }
        isKept = true
    }

    /// Bytes held.
    var storageBytes: Int { values.count * MemoryLayout<UInt64>.stride }
}
