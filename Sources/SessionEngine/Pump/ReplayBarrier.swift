// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Dispatch
import Synchronization

/// Where the pumps of independent members (`--independent-members`) wait for each other when they settle
/// (``MemberBatches/settle(_:)``): each reads every member's sessions, so every member must be done first,
/// and none may run again until all have read.
///
/// Every pump routes the same capture alike, so all reach each settle at the same packet; each settle
/// waits twice. A wait is a lock and, for all but the last to arrive, a semaphore: a settle comes once per
/// rebuild of the steering table, never per packet.
final class ReplayBarrier: Sendable {
    private let parties: Int
    /// Threads arrived at the current wait, and how many waits have completed.
    private let state = Mutex<(arrived: Int, generation: Int)>((0, 0))
    /// One semaphore per parity of the generation: a thread released from one wait that reaches the next
    /// before a slower one has left cannot take that slower thread's signal.
    private let released = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]

    /// - Parameter parties: the threads that wait (one per independent member).
    init(parties: Int) { self.parties = parties }

    /// Returns once all `parties` threads have called it.
    func wait() {
        let (isLast, generation) = state.withLock { state in
            state.arrived += 1
            let generation = state.generation
            guard state.arrived == parties else { return (false, generation) }
            state.arrived = 0
            state.generation += 1
            return (true, generation)
        }
        let semaphore = released[generation & 1]
        if isLast {
            for _ in 1..<parties { semaphore.signal() }
        } else {
            semaphore.wait()
        }
    }
}
