// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Dispatch
import Synchronization
import Wire

/// A batch of packets on their way from the dispatcher to one member.
///
/// `@unchecked Sendable` because the class holds mutable arrays; the invariant that makes this safe is
/// that a batch belongs to exactly one thread at a time: the dispatcher fills it, hands it over through a
/// ``BatchQueue`` (whose lock orders the accesses), the member processes it and hands it back the same way.
final class PacketBatch: @unchecked Sendable {
    var packets: [SessionPacket]
    var count: Int

    init(capacity: Int) {
        packets = Array(repeating: SessionPacket(), count: capacity)
        count = 0
    }
}

/// A blocking first-in first-out queue of batches between two threads; `nil` ends the stream.
///
/// One lock and one semaphore operation per batch of packets, never per packet.
final class BatchQueue: Sendable {
    private let items = Mutex<[PacketBatch?]>([])
    private let available = DispatchSemaphore(value: 0)

    func push(_ batch: PacketBatch?) {
        items.withLock { $0.append(batch) }
        available.signal()
    }

    func pop() -> PacketBatch? {
        available.wait()
        return items.withLock { $0.removeFirst() }
    }
}
