// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import CPrefetch
public import ServicesCore
public import Wire

/// The sessions owned by one AMS member: session slots plus one open-addressing flow index.
///
/// A shard is neither `Copyable` nor shared: one member worker owns it as a local variable, so the data path
/// takes no locks. Each session has **one** index entry, found from either flow by a direction-independent
/// hash ( ``FlowHasher`` ); the entry holds the upper 32 bits of the hash (which also give its home bucket)
/// and the slot, 8 bytes in all. Linear probing with backward-shift deletion keeps the index free of
/// tombstones. The index is kept at most half full and doubles when needed; slots grow by appending and are
/// recycled through a free list threaded through free slots. In steady state nothing allocates.
///
/// When some service set has a session timeout (SPEC.md §2.12), the shard also keeps each slot's end — the
/// packet time at which its session ends whatever its activity — and, when session records are on, its
/// start (its first packet's time), each in a ``SlotColumn`` parallel to the slots (8 bytes a session);
/// otherwise they are empty and cost nothing. ``isExpired(slot:at:)`` is the one expiry rule: the
/// inactivity deadline, or the end if that comes first.
public struct SessionShard: ~Copyable {
    @usableFromInline var slots: [Session]
    /// Each slot's end, packet time in nanoseconds (`UInt64.max`: none); kept when ``tracksEnds``.
    @usableFromInline var ends: SlotColumn
    /// Each slot's start, packet time in nanoseconds of its session's first packet (`UInt64.max`: not known); kept when
    /// ``tracksStarts``.
    @usableFromInline var starts: SlotColumn
    /// `true` when the shard keeps the sessions' ends (some service set has a session timeout).
    @inlinable public var tracksEnds: Bool { ends.isKept }
    /// `true` when the shard keeps the sessions' starts (session records are on).
    @inlinable public var tracksStarts: Bool { starts.isKept }
    @usableFromInline var index: [UInt64]
    @usableFromInline var mask: Int
    /// Head of the free-slot list, as slot + 1 (0 = empty list).
    @usableFromInline var freeHead: UInt32
    @usableFromInline var hasher: FlowHasher
    @usableFromInline var liveCount: Int
    /// Live sessions per service set index and ``SessionValidity``, at `serviceSet << 2 | validity`: kept as
    /// sessions come, go and change phase (``revalidate(serviceSet:from:to:)``), so counts look at no session.
    @usableFromInline var validityCounts: [Int]
    /// Live sessions per kind (``kind(of:)``: TCP, UDP, other × IPv4, IPv6), and the most per kind
    /// (TCP, UDP, other) ever live at once.
    @usableFromInline var kindCounts: [Int]
    @usableFromInline var kindPeaks: [Int]
    @usableFromInline var peakLiveCount: Int
    /// The number of live sessions.
    public var count: Int { liveCount }
    /// The kind of a session for the statistics: 2 × (0 TCP, 1 UDP, 2 other) + (0 IPv4, 1 IPv6).
    @inlinable
    static func kind(of session: Session) -> Int {
        let transport = session.transport == .tcp ? 0 : (session.transport == .udp ? 2 : 4)
        return transport | (session.source.isIPv4 ? 0 : 1)
    }

    /// Live sessions by kind: TCP, UDP and other, each for IPv4 then IPv6.
    public var liveByKind: [Int] { kindCounts }

    /// The most TCP, UDP and other sessions ever live at once.
    public var peaksByKind: [Int] { kindPeaks }

    /// Where ``validityCounts`` counts the sessions of service set `serviceSet` whose validity is `validity`.
    @inlinable
    static func countIndex(_ serviceSet: UInt8, _ validity: SessionValidity) -> Int {
        Int(serviceSet) << 2 | Int(validity.rawValue)
    }

    /// The number of live sessions of service set `serviceSet`.
    @inlinable
    public func count(serviceSet: UInt8) -> Int {
        let base = Int(serviceSet) << 2
        return validityCounts[base] &+ validityCounts[base | 1] &+ validityCounts[base | 2] &+ validityCounts[base | 3]
    }

    /// The number of live sessions of service set `serviceSet` whose ``Session/validity`` is `validity`.
    public func count(serviceSet: UInt8, validity: SessionValidity) -> Int {
        validityCounts[Self.countIndex(serviceSet, validity)]
    }

    /// Moves a session of service set `serviceSet` from validity `old` to `new` in the counts: to be called
    /// when its phase or flow states changed in place (the only changes that move it).
    @inlinable
    public mutating func revalidate(serviceSet: UInt8, from old: SessionValidity, to new: SessionValidity) {
        validityCounts[Self.countIndex(serviceSet, old)] &-= 1
        validityCounts[Self.countIndex(serviceSet, new)] &+= 1
    }

    /// The most sessions that were ever live at once.
    public var peakCount: Int { peakLiveCount }
    /// Where the incremental expiry sweep continues.
    @usableFromInline var sweepCursor: Int

    /// Creates an empty shard.
    ///
    /// - Parameters:
    ///   - expectedSessions: sessions to size the index for; it doubles past that when needed.
    ///   - reservedSlots: address space to reserve for session slots. Reserved memory is not resident
    ///     until a session is stored there, so a generous reservation costs nothing and spares the copy
    ///     (and the transient double footprint) of growing the slots later.
    ///   - seed: the flow-hash seed.
    ///   - tracksEnds: `true` to keep each session's end (a session timeout is configured): the side array
    ///     of ends, reserved as the slots are.
    public init(expectedSessions: Int = 1024, reservedSlots: Int = 0, seed: UInt64, tracksEnds: Bool = false) {
        let buckets = Self.bucketCount(for: max(expectedSessions, 16))
        slots = LargeArray.reserved(capacity: max(expectedSessions, reservedSlots, 16))
        ends = SlotColumn(kept: tracksEnds, capacity: max(expectedSessions, reservedSlots, 16), vacant: .max)
        starts = SlotColumn(kept: false, capacity: 0, vacant: .max)
        index = LargeArray.make(repeating: 0, count: buckets)
        mask = buckets - 1
        freeHead = 0
        hasher = FlowHasher(seed: seed)
        liveCount = 0
        peakLiveCount = 0
        validityCounts = Array(repeating: 0, count: 256 << 2)
        kindCounts = Array(repeating: 0, count: 6)
        kindPeaks = Array(repeating: 0, count: 3)
        sweepCursor = 0
    }

    /// The power-of-two bucket count that keeps `sessions` entries at most half full.
    static func bucketCount(for sessions: Int) -> Int {
        var buckets = 16
        while buckets < sessions * 2 { buckets <<= 1 }
        return buckets
    }

    /// Bytes held by the shard's storage (slots, their ends and starts if kept, and index), for memory
    /// accounting.
    public var storageBytes: Int {
        slots.count * MemoryLayout<Session>.stride + ends.storageBytes + starts.storageBytes
            + index.count * MemoryLayout<UInt64>.stride
    }

    /// The hash the index uses for a flow (either direction).
    @inlinable
    public func hash(
        _ source: IPAddress, _ sourcePort: UInt16, _ destination: IPAddress, _ destinationPort: UInt16,
        transport: IPProtocol, serviceSet: UInt8
    ) -> UInt64 {
        hasher.hash(source, sourcePort, destination, destinationPort, transport: transport, serviceSet: serviceSet)
    }

    /// Finds the session a packet belongs to, and which of its flows the packet travels on.
    ///
    /// - Parameter hash: the value of ``hash(_:_:_:_:transport:serviceSet:)`` for the packet's flow.
    /// - Returns: the slot and role, or `nil` when no session holds the flow.
    /// - Complexity: O(1) on average. Never allocates.
    @inlinable
    public func lookup(
        hash: UInt64, source: IPAddress, sourcePort: UInt16, destination: IPAddress, destinationPort: UInt16,
        transport: IPProtocol, serviceSet: UInt8
    ) -> (slot: Int, role: FlowRole)? {
        let tag = UInt32(truncatingIfNeeded: hash >> 32)
        var bucket = Int(tag) & mask
        while true {
            let entry = index[bucket]
            if entry == 0 { return nil }
            if UInt32(truncatingIfNeeded: entry >> 32) == tag {
                let slot = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) &- 1
                let session = slots[slot]
                if session.transport == transport && session.serviceSet == serviceSet {
                    if session.source == source && session.destination == destination
                        && session.sourcePort == sourcePort && session.destinationPort == destinationPort
                    {
                        return (slot, .initiator)
                    }
                    if session.source == destination && session.destination == source
                        && session.sourcePort == destinationPort && session.destinationPort == sourcePort
                    {
                        return (slot, .responder)
                    }
                }
            }
            bucket = (bucket &+ 1) & mask
        }
    }

    /// Starts loading the bucket a lookup of `hash` will begin at into the cache.
    ///
    /// Called for a whole batch of packets before any of them is looked up (then
    /// ``prefetchSession(hash:)`` for the batch), so that the cache misses of the batch overlap instead
    /// of stalling one packet at a time. A hint only: it reads nothing and changes nothing.
    @inlinable
    public func prefetchIndex(hash: UInt64) {
        let bucket = Int(truncatingIfNeeded: hash >> 32) & mask
        // The address is that of an element of `index` (bucket ≤ mask < index.count); prefetching
        // never dereferences it.
        unsafe index.withUnsafeBufferPointer { unsafe ams_prefetch($0.baseAddress! + bucket) }
    }

    /// Starts loading the session that the home bucket of `hash` points to into the cache.
    @inlinable
    public func prefetchSession(hash: UInt64) {
        let entry = index[Int(truncatingIfNeeded: hash >> 32) & mask]
        if entry == 0 { return }
        let slot = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) &- 1
        // `slot` is a live slot (< slots.count); see prefetchIndex for why this is harmless.
        unsafe slots.withUnsafeBufferPointer { unsafe ams_prefetch($0.baseAddress! + slot) }
    }

    /// Reads the session in `slot`.
    @inlinable
    public subscript(slot: Int) -> Session {
        get { slots[slot] }
        _modify { yield &slots[slot] }
    }

    /// Inserts a new session whose flow hashes to `hash`, returning its slot.
    ///
    /// `end` is the packet time at which the session ends whatever its activity (its creation plus its
    /// session timeout; `UInt64.max`: none), kept only if the shard ``tracksEnds``; `start` its first
    /// packet's time, kept only if the shard ``tracksStarts``.
    /// The caller has checked with ``lookup(hash:source:sourcePort:destination:destinationPort:transport:serviceSet:)``
    /// that no session holds the flow.
    /// - Complexity: O(1) amortised; allocates only when the shard grows past its largest size so far.
    @inlinable
    @discardableResult
    public mutating func insert(_ session: Session, hash: UInt64, end: UInt64 = .max, start: UInt64 = .max) -> Int {
        if (liveCount &+ 1) &* 2 > index.count { growIndex() }
        let slot: Int
        if freeHead != 0 {
            slot = Int(freeHead) &- 1
            freeHead = slots[slot].link
            slots[slot] = session
        } else {
            slot = slots.count
            if slot == slots.capacity { growSlots() }
            slots.append(session)
        }
        ends.store(end, slot: slot)
        starts.store(start, slot: slot)
        let tag = UInt32(truncatingIfNeeded: hash >> 32)
        var bucket = Int(tag) & mask
        while index[bucket] != 0 { bucket = (bucket &+ 1) & mask }
        index[bucket] = UInt64(tag) << 32 | UInt64(slot &+ 1)
        liveCount &+= 1
        validityCounts[Self.countIndex(session.serviceSet, session.validity)] &+= 1
        let kind = Self.kind(of: session)
        kindCounts[kind] &+= 1
        let live = kindCounts[kind & ~1] &+ kindCounts[kind | 1]
        if live > kindPeaks[kind >> 1] { kindPeaks[kind >> 1] = live }
        if liveCount > peakLiveCount { peakLiveCount = liveCount }
        return slot
    }

    /// Removes the session in `slot`.
    ///
    /// - Complexity: O(1) on average. Never allocates.
    @inlinable
    public mutating func remove(slot: Int) {
        let session = slots[slot]
        let hash = hasher.hash(
            session.source, session.sourcePort, session.destination, session.destinationPort,
            transport: session.transport, serviceSet: session.serviceSet)
        let tag = UInt32(truncatingIfNeeded: hash >> 32)
        let wanted = UInt64(tag) << 32 | UInt64(slot &+ 1)
        var hole = Int(tag) & mask
        while index[hole] != wanted {
            // The entry is present: every live slot has exactly one entry.
            precondition(index[hole] != 0, "session index lost an entry")
            hole = (hole &+ 1) & mask
        }
        // Backward-shift deletion (Knuth 6.4 Algorithm R): pull later entries of the run into the hole.
        var next = hole
        while true {
            next = (next &+ 1) & mask
            let entry = index[next]
            if entry == 0 { break }
            let home = Int(truncatingIfNeeded: entry >> 32) & mask
            // Move the entry if its home is not cyclically within (hole, next].
            let distanceToNext = (next &- home) & mask
            let distanceToHole = (next &- hole) & mask
            if distanceToNext >= distanceToHole {
                index[hole] = entry
                hole = next
            }
        }
        index[hole] = 0
        slots[slot] = Session()
        ends.clear(slot: slot)
        starts.clear(slot: slot)
        slots[slot].link = freeHead
        freeHead = UInt32(truncatingIfNeeded: slot &+ 1)
        liveCount &-= 1
        validityCounts[Self.countIndex(session.serviceSet, session.validity)] &-= 1
        kindCounts[Self.kind(of: session)] &-= 1
    }

    @usableFromInline
    mutating func growSlots() {
        slots = LargeArray.grown(slots, minimum: 16)
    }

    @usableFromInline
    mutating func growIndex() {
        let buckets = index.count * 2
        var grown = LargeArray.make(repeating: UInt64(0), count: buckets)
        let newMask = buckets - 1
        for entry in index where entry != 0 {
            var bucket = Int(truncatingIfNeeded: entry >> 32) & newMask
            while grown[bucket] != 0 { bucket = (bucket &+ 1) & newMask }
            grown[bucket] = entry
        }
        index = grown
        mask = newMask
    }

    /// The number of slots, live or free; valid slot indices are `0..<slotCount`.
    public var slotCount: Int { slots.count }

    /// The packet time, in nanoseconds, at which the session in `slot` expires if no packet arrives: its
    /// inactivity deadline, or its end (creation plus its session timeout, SPEC.md §2.12) if that comes first.
    @inlinable
    public func deadline(slot: Int) -> UInt64 {
        let idle = slots[slot].inactivityDeadline
        return min(idle, ends.value(slot: slot))
    }

    /// The end of the session in `slot` (``insert(_:hash:end:start:)``); `UInt64.max` for none, or when the shard
    /// does not keep ends.
    @inlinable
    public func end(slot: Int) -> UInt64 { ends.value(slot: slot) }

    /// The packet time of the first packet of the session in `slot` (``insert(_:hash:end:start:)``);
    /// `UInt64.max` when not known: the shard does not keep starts, or did not when the session came.
    @inlinable
    public func start(slot: Int) -> UInt64 { starts.value(slot: slot) }

    /// Sets the end of the session in `slot` (a reload changed its service set's session timeout); kept
    /// only if the shard ``tracksEnds``.
    public mutating func setEnd(_ end: UInt64, slot: Int) {
        ends.store(end, slot: slot)
    }

    /// From now on keeps the sessions' ends (a reload configured a session timeout); the sessions held
    /// have none.
    public mutating func startTrackingEnds() {
        ends.keep(slotCount: slots.count, capacity: slots.capacity)
    }

    /// From now on keeps the sessions' starts (session records are on); the sessions held have none.
    public mutating func startTrackingStarts() {
        starts.keep(slotCount: slots.count, capacity: slots.capacity)
    }

    /// `true` if a packet at `now` would find the session in `slot` already expired: the one expiry rule of
    /// the data path, the sweep and the owner rule's rebuild.
    @inlinable
    public func isExpired(slot: Int, at now: UInt64) -> Bool { now >= deadline(slot: slot) }

    /// Visits up to `budget` slots from where the last sweep stopped and removes every session whose
    /// deadline is at or before `now`.
    ///
    /// An incremental sweep reclaims memory; it never changes what a query shows, because a lookup treats an
    /// expired session as gone and every query sweeps the whole table first.
    /// - Returns: the number of sessions removed.
    @inlinable
    public mutating func sweep(upTo now: UInt64, budget: Int) -> Int {
        sweep(upTo: now, budget: budget) { _, _, _ in }
    }

    /// Sweeps as ``sweep(upTo:budget:)`` does, and shows `removing` each session it removes, with its end
    /// (``end(slot:)``) and start (``start(slot:)``), just before: how the member reports what a sweep ends
    /// (its session records) without a list. Inlined with the caller's closure: nothing allocates.
    @inlinable
    public mutating func sweep(
        upTo now: UInt64, budget: Int, _ removing: (_ session: Session, _ end: UInt64, _ start: UInt64) -> Void
    ) -> Int {
        var remaining = min(budget, slots.count)
        var removed = 0
        while remaining > 0 {
            if sweepCursor >= slots.count { sweepCursor = 0 }
            let slot = sweepCursor
            sweepCursor &+= 1
            remaining &-= 1
            if slots[slot].number != 0 && isExpired(slot: slot, at: now) {
                removing(slots[slot], end(slot: slot), start(slot: slot))
                remove(slot: slot)
                removed &+= 1
            }
        }
        return removed
    }
}
