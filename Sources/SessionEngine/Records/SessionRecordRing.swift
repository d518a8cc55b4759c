// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One member's queue of ``SessionRecord``s to the exporters: a single-producer, single-consumer ring of
/// fixed capacity, allocated once.
///
/// The producer is the member's data path, through a ``Producer`` — two pointers and a mask, no reference —
/// so a record costs a copy and two atomic operations, never an allocation or a lock. When the ring is full
/// the record is dropped and counted (``dropped``) — live traffic does not wait — unless the ring
/// ``waitsWhenFull``: a replay of a capture loses nothing, its member waits for the consumer to make room.
/// The consumer is one drain thread (``SessionRecordDrain``), which must then be running.
///
/// Ordering: the producer writes a record, then publishes it by storing the tail with *release*; the
/// consumer loads the tail with *acquire*, reads the records before it, and gives their places back by
/// storing the head with *release*, which the producer loads with *acquire* before it overwrites them.
///
/// A member's lane may run on different threads, one at a time (``MemberLane``, ``ReplayCrew``): the
/// producer's own state (the tail, its cached head) is then read by another thread than the one that wrote
/// it. That is safe because a lane changes threads only through its claim, taken and given back under the
/// lane's lock: the lock's release and acquire order every write of the thread before it with every read
/// of the thread after. So there is one producer at a time, and each sees its predecessor's writes.
///
/// The class owns the memory; a ``Producer`` does not keep it alive: whoever hands a producer to a member
/// keeps the ring (``SessionRecording``) at least as long as the member may use it.
public final class SessionRecordRing: Sendable {
    /// Records the ring holds at most (a power of two).
    public let capacity: Int
    /// Whether the producer waits for room rather than drop a record (a replay: nothing is lost).
    public let waitsWhenFull: Bool
    /// Header (tail and the producer's cache on one cache line, head and the consumer's on the next), then
    /// the records. `nonisolated(unsafe)`: a pointer, shared by design (see the type's ordering notes).
    private nonisolated(unsafe) let base: UnsafeMutableRawPointer

    /// Byte offsets in the header.
    fileprivate static let tailOffset = 0
    fileprivate static let cachedHeadOffset = 8
    fileprivate static let droppedOffset = 16
    fileprivate static let headOffset = 64
    fileprivate static let recordsOffset = 128

    /// A ring of at least `capacity` records (rounded up to a power of two, at least 2), whose producer
    /// waits when it is full if `waitsWhenFull`, and drops the record otherwise.
    public init(capacity: Int, waitsWhenFull: Bool = false) {
        self.waitsWhenFull = waitsWhenFull
        var size = 2
        while size < capacity { size <<= 1 }
        self.capacity = size
        let bytes = Self.recordsOffset + size * MemoryLayout<SessionRecord>.stride
        base = .allocate(byteCount: bytes, alignment: 64)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: Self.recordsOffset)
        (base + Self.tailOffset).bindMemory(to: Atomic<Int>.self, capacity: 1).initialize(to: Atomic(0))
        (base + Self.droppedOffset).bindMemory(to: Atomic<Int>.self, capacity: 1).initialize(to: Atomic(0))
        (base + Self.headOffset).bindMemory(to: Atomic<Int>.self, capacity: 1).initialize(to: Atomic(0))
        (base + Self.recordsOffset).bindMemory(to: SessionRecord.self, capacity: size)
    }

    deinit { base.deallocate() }

    /// The producer's side, for the member's data path.
    public var producer: Producer { Producer(base: base, mask: capacity - 1, waitsWhenFull: waitsWhenFull) }

    /// Records dropped because the ring was full.
    public var dropped: Int { Self.atomic(base, Self.droppedOffset).pointee.load(ordering: .relaxed) }

    /// Records waiting (an estimate while the producer runs).
    public var count: Int {
        Self.atomic(base, Self.tailOffset).pointee.load(ordering: .acquiring)
            &- Self.atomic(base, Self.headOffset).pointee.load(ordering: .relaxed)
    }

    @inline(__always)
    fileprivate static func atomic(_ base: UnsafeMutableRawPointer, _ offset: Int) -> UnsafeMutablePointer<Atomic<Int>> {
        (base + offset).assumingMemoryBound(to: Atomic<Int>.self)
    }

    /// The consumer's side: passes every record waiting to `body`, oldest first, at most `limit` of them,
    /// and returns how many. Only one thread may consume at a time.
    @discardableResult
    public func consume(limit: Int = .max, _ body: (SessionRecord) -> Void) -> Int {
        consumeRegions(limit: limit) { records in
            for record in records { body(record) }
        }
    }

    /// The consumer's side a region at a time: passes the records waiting, at most `limit` of them, oldest
    /// first, to `body` as one or two contiguous regions (two where the ring wraps), and returns how many.
    /// `body` must not keep a region: its places are the producer's again when this returns. Only one
    /// thread may consume at a time.
    @discardableResult
    public func consumeRegions(limit: Int = .max, _ body: (UnsafeBufferPointer<SessionRecord>) -> Void) -> Int {
        let headPointer = Self.atomic(base, Self.headOffset)
        let head = headPointer.pointee.load(ordering: .relaxed)
        let tail = Self.atomic(base, Self.tailOffset).pointee.load(ordering: .acquiring)
        let count = min(tail &- head, limit)
        guard count > 0 else { return 0 }
        let records = (base + Self.recordsOffset).assumingMemoryBound(to: SessionRecord.self)
        let start = head & (capacity - 1)
        let first = min(count, capacity - start)
        body(UnsafeBufferPointer(start: records + start, count: first))
        if count > first { body(UnsafeBufferPointer(start: records, count: count - first)) }
        // The places read are the producer's again.
        headPointer.pointee.store(head &+ count, ordering: .releasing)
        return count
    }

    /// A member's handle on its ring: the producing side, a plain value (pointers and a mask).
    public struct Producer: @unchecked Sendable, BitwiseCopyable {
        private let base: UnsafeMutableRawPointer
        private let mask: Int
        private let waitsWhenFull: Bool

        fileprivate init(base: UnsafeMutableRawPointer, mask: Int, waitsWhenFull: Bool) {
            self.base = base
            self.mask = mask
            self.waitsWhenFull = waitsWhenFull
        }

        /// Appends `record`; `false` if the ring was full, the record dropped and counted (a ring that
        /// ``SessionRecordRing/waitsWhenFull`` waits for room instead, asleep 50 µs at a time).
        @inline(__always)
        @discardableResult
        public func push(_ record: SessionRecord) -> Bool {
            let tailPointer = SessionRecordRing.atomic(base, SessionRecordRing.tailOffset)
            // Only this producer stores the tail: its own last store, seen through the lane hand-off.
            let tail = tailPointer.pointee.load(ordering: .relaxed)
            let cachedHead = (base + SessionRecordRing.cachedHeadOffset).assumingMemoryBound(to: Int.self)
            if tail &- cachedHead.pointee > mask {
                // Full as last seen: see how far the consumer has got.
                cachedHead.pointee = SessionRecordRing.atomic(base, SessionRecordRing.headOffset).pointee.load(
                    ordering: .acquiring)
                while tail &- cachedHead.pointee > mask {
                    guard waitsWhenFull else {
                        SessionRecordRing.atomic(base, SessionRecordRing.droppedOffset).pointee.wrappingAdd(
                            1, ordering: .relaxed)
                        return false
                    }
                    // Asleep, not spinning: the drain thread (and the collectors it feeds) may need this core.
                    usleep(50)
                    cachedHead.pointee = SessionRecordRing.atomic(base, SessionRecordRing.headOffset).pointee.load(
                        ordering: .acquiring)
                }
            }
            (base + SessionRecordRing.recordsOffset).assumingMemoryBound(to: SessionRecord.self)[tail & mask] = record
            tailPointer.pointee.store(tail &+ 1, ordering: .releasing)
            return true
        }
    }
}
