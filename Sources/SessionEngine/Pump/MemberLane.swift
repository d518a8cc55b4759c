// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Synchronization

/// One member of the parallel replay: its processor and the batches on their way to it.
///
/// Any replay thread may run a member: the one that *claims* the lane takes its oldest full batch, runs
/// the processor on it and hands the batch back with ``release(_:)``, which ends the claim. A lane is
/// claimed by at most one thread at a time and its batches leave in the order they came, so the member
/// sees its packets one by one in capture order, whichever threads run it.
///
/// `@unchecked Sendable`: `processor` and `cpuSeconds` are touched only by the thread holding the claim,
/// and the claim is taken and given back under the lane's lock, which orders those accesses; the batch
/// lists live inside the lock. The one exception: when the pump settles (``PacketSink/settle(_:)``), every
/// member is idle — no batch waits, no thread holds a claim (``ReplayCrew/settle()``), or every thread that
/// runs a member waits at a ``ReplayBarrier`` — and `processor` is only read, by the threads that settle.
final class MemberLane: @unchecked Sendable {
    /// The member; only the claiming thread touches it.
    var processor: MemberProcessor
    /// CPU seconds the threads have spent running this member.
    var cpuSeconds = 0.0
    /// The ring the member's session records go to, if records are on: kept here, as long as the member
    /// that writes into it.
    let records: SessionRecordRing?

    /// Packets routed to this member that the sink left to another shard's replay (`--member-shard`): set
    /// once the pump is done, never on the data path.
    var packetsOfOtherShard: UInt64 = 0

    /// The member's counters, with ``packetsOfOtherShard``.
    var counters: MemberCounters {
        var counters = processor.counters
        counters.packetsOfOtherShard = packetsOfOtherShard
        return counters
    }

    private struct Batches {
        /// Filled by the dispatcher, oldest first.
        var full: [PacketBatch] = []
        /// Processed, ready to be filled again.
        var empty: [PacketBatch] = []
        var isClaimed = false
    }
    private let batches: Mutex<Batches>

    init(processor: consuming MemberProcessor, batches count: Int, capacity: Int, records: SessionRecordRing? = nil) {
        processor.recorder = records?.producer
        self.processor = processor
        self.records = records
        var lists = Batches()
        for _ in 0..<count { lists.empty.append(PacketBatch(capacity: capacity)) }
        batches = Mutex(lists)
    }

    /// The members of `configuration`, each in a lane with one batch, run on the caller's thread: the
    /// shell's stepped replay and the live driver.
    static func inlineMembers(
        of configuration: EngineConfiguration, seed: UInt64, records: SessionRecording? = nil
    ) -> [MemberLane] {
        configuration.members.indices.map {
            MemberLane(
                processor: MemberProcessor(memberIndex: $0, configuration: configuration, seed: seed),
                batches: 1, capacity: ReplayEngine.batchCapacity, records: records?.ring(member: $0))
        }
    }

    /// Queues a filled batch for the member (dispatcher).
    func push(_ batch: PacketBatch) {
        batches.withLock { $0.full.append(batch) }
    }

    /// A processed batch to fill again, if one is back (dispatcher).
    func takeEmpty() -> PacketBatch? {
        batches.withLock { $0.empty.popLast() }
    }

    /// Returns a batch that was taken with ``takeEmpty()`` and not filled.
    func giveBack(_ batch: PacketBatch) {
        batch.count = 0
        batches.withLock { $0.empty.append(batch) }
    }

    /// Claims the lane and takes its oldest full batch; `nil` if the lane is claimed or has none.
    func claim() -> PacketBatch? {
        batches.withLock { lists in
            guard !lists.isClaimed, !lists.full.isEmpty else { return nil }
            lists.isClaimed = true
            return lists.full.removeFirst()
        }
    }

    /// Runs the member on `batch`, which ``claim()`` returned; the caller holds the claim.
    func run(_ batch: PacketBatch) {
        let start = ThreadCPUTime.seconds()
        batch.withFilled { processor.process(batch: $0) }
        cpuSeconds += ThreadCPUTime.seconds() - start
    }

    /// Gives `batch` back emptied and ends the claim.
    func release(_ batch: PacketBatch) {
        batch.count = 0
        batches.withLock { lists in
            lists.empty.append(batch)
            lists.isClaimed = false
        }
    }

    /// Claims the lane, runs one batch and gives it back; `false` if there was nothing to take.
    func runOne() -> Bool {
        guard let batch = claim() else { return false }
        run(batch)
        release(batch)
        return true
    }

    /// `true` once no batch waits and no thread runs the member.
    var isIdle: Bool { batches.withLock { $0.full.isEmpty && !$0.isClaimed } }
}
