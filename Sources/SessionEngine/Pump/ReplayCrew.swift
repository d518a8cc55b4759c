// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The threads of a parallel replay and the members they share: the dispatcher fills batches, and it and
/// the workers run whichever member has a batch waiting and is not being run (``MemberLane``).
///
/// Members are not tied to threads. On two cores, a dispatcher and one thread per member made three
/// threads for two cores: the scheduler left the dispatcher a core of its own and the two members the
/// other, so the members fell behind while the dispatcher's core idled, waiting for their batches. Here the
/// dispatcher runs a member's batch itself whenever it would wait, and a worker with nothing to do
/// yields its core, sleeping if that lasts.
final class ReplayCrew: Sendable {
    let lanes: [MemberLane]
    /// `false` once the dispatcher has queued its last batch.
    private let producing = Atomic<Bool>(true)
    /// Workers asleep on `wake`, which the dispatcher signals when it queues a batch.
    private let sleepers = Atomic<Int>(0)
    private let wake = DispatchSemaphore(value: 0)

    init(_ lanes: [MemberLane]) { self.lanes = lanes }

    /// Processors online (`sysconf`; a CPU affinity mask or a cgroup quota is not looked at: with fewer
    /// cores than workers, the threads yield to each other and the result is the same).
    static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Queues a filled batch for member `member` and wakes a sleeping worker.
    func push(_ batch: PacketBatch, to member: Int) {
        lanes[member].push(batch)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 { wake.signal() }
    }

    /// A batch to fill for member `member`. While the member has none back, the dispatcher runs the
    /// member's oldest batch itself, or another member's, rather than wait.
    func emptyBatch(for member: Int) -> PacketBatch {
        let lane = lanes[member]
        while true {
            if let batch = lane.takeEmpty() { return batch }
            if lane.runOne() { continue }
            // A worker is running this member: help another one meanwhile.
            var helped = false
            for other in lanes where other !== lane && other.runOne() {
                helped = true
                break
            }
            if !helped { sched_yield() }
        }
    }

    /// Runs members' batches on the calling thread (the dispatcher) until no batch waits and no thread runs
    /// a member: every batch pushed so far has been processed, and the workers touch no member until the
    /// next ``push(_:to:)``.
    func settle() {
        while true {
            var worked = false
            for lane in lanes where lane.runOne() { worked = true }
            if worked { continue }
            if lanes.allSatisfy(\.isIdle) { return }
            sched_yield()
        }
    }

    /// Says that every batch has been queued: ``work(startingAt:)`` returns once they have all run.
    func finishProducing() {
        producing.store(false, ordering: .releasing)
        for _ in 0..<max(1, sleepers.load(ordering: .sequentiallyConsistent)) { wake.signal() }
    }

    /// Runs members' batches, one batch per member in turn from `startingAt`, until the dispatcher has
    /// finished and no member has anything left.
    func work(startingAt first: Int) {
        var idleRounds = 0
        while true {
            var worked = false
            for offset in 0..<lanes.count where lanes[(first + offset) % lanes.count].runOne() { worked = true }
            if worked {
                idleRounds = 0
                continue
            }
            if !producing.load(ordering: .acquiring) {
                // Everything has been queued; whatever another thread still runs, it finishes.
                if lanes.allSatisfy(\.isIdle) { return }
                sched_yield()
                continue
            }
            idleRounds += 1
            if idleRounds < 200 {
                sched_yield()
            } else {
                // Idle for a while (the dispatcher is slower than the members): sleep until a batch comes,
                // at most a millisecond, in case the nudge was missed.
                sleepers.add(1, ordering: .sequentiallyConsistent)
                _ = wake.wait(timeout: .now() + .milliseconds(1))
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                idleRounds = 0
            }
        }
    }
}
