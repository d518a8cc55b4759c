// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#endif

/// A mutex and its condition variable: the hand-over of a reply between two threads, in the daemon
/// (``ReplyChannel``) and in the attached shell. ``locked(_:)`` runs a body under the mutex; inside it,
/// ``wait()`` and ``wait(seconds:)`` release the mutex until a ``broadcast()``.
public final class ConditionLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Runs `body` holding the mutex.
    public func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Inside ``locked(_:)``: waits for a ``broadcast()`` (or a spurious wake-up: test the condition again).
    public func wait() {
        pthread_cond_wait(condition, mutex)
    }

    /// Inside ``locked(_:)``: waits for a ``broadcast()`` or `seconds`, whichever comes first.
    public func wait(seconds: Double) {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        let whole = Int(seconds)
        deadline.tv_sec += whole
        deadline.tv_nsec += Int((seconds - Double(whole)) * 1e9)
        if deadline.tv_nsec >= 1_000_000_000 {
            deadline.tv_sec += 1
            deadline.tv_nsec -= 1_000_000_000
        }
        pthread_cond_timedwait(condition, mutex, &deadline)
    }

    /// Wakes every thread waiting.
    public func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
