// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Where the control plane meets the daemon's engine thread (ARCHITECTURE.md, *The daemon*): a queue of
/// jobs under a lock, taken by the ``EngineLoop`` between two pumps — one lock per batch of frames, never
/// per packet — and a pipe that wakes the engine thread when a job is posted (the driver's wait polls
/// it: ``PacketDriver/wake(on:)``).
public final class EngineMailbox: Sendable {
    /// A job: run on the engine thread, with the engine (valid only during the call).
    public typealias Job = @Sendable (any EngineAccess) -> Void

    private struct State {
        var jobs: [Job] = []
        var isStopping = false
    }
    private let state = Mutex(State())
    /// Readable while jobs wait (the read end of a pipe; a byte is written per post).
    public let descriptor: Int32
    private let writeEnd: Int32

    public init() {
        var ends: (Int32, Int32) = (-1, -1)
        let status = withUnsafeMutableBytes(of: &ends) { pipe($0.baseAddress!.assumingMemoryBound(to: Int32.self)) }
        precondition(status == 0, "pipe failed")
        (descriptor, writeEnd) = ends
        for end in [descriptor, writeEnd] {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        close(descriptor)
        close(writeEnd)
    }

    /// Posts `job` for the engine thread and wakes it; `false` once the engine is stopping (the job will
    /// never run).
    @discardableResult
    public func post(_ job: @escaping Job) -> Bool {
        let isPosted = state.withLock { state -> Bool in
            guard !state.isStopping else { return false }
            state.jobs.append(job)
            return true
        }
        if isPosted { signal() }
        return isPosted
    }

    /// Asks the engine loop to stop after the jobs already posted; later posts are refused.
    public func stop() {
        state.withLock { $0.isStopping = true }
        signal()
    }

    /// The jobs posted so far, taken out, and whether the loop must stop after them.
    func takeAll() -> (jobs: [Job], isStopping: Bool) {
        var bytes = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &bytes, { read(descriptor, $0.baseAddress, $0.count) }) == 64 {}
        return state.withLock { state in
            let jobs = state.jobs
            state.jobs = []
            return (jobs, state.isStopping)
        }
    }

    private func signal() {
        // A full pipe is readable already: the write may fail.
        var one: UInt8 = 1
        _ = write(writeEnd, &one, 1)
    }
}
