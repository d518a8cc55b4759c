// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Dispatch
public import SessionEngine
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Session records switched on (`--records`): the members' rings (``recording``, given to the engine) and
/// a thread of its own that drains them into the sinks (``SessionRecordDrain``) until ``stop()``. Live
/// traffic never waits for it (a ring it has not emptied in time drops records, counted); a replay's
/// members wait for room (`losesNothing`), and syslog gives way within the drain.
public final class SessionRecordService: @unchecked Sendable {
    // `@unchecked Sendable`: `drain` is used by the drain thread from ``start()`` until it has signalled
    // `stopped`, and by the caller of ``stop()`` (or ``whileStopped(_:)``) only after that wait. Its counts
    // of records lost (`dropped`, `drain.shed`) are atomic, or change only while the thread is stopped.
    public let drain: SessionRecordDrain
    private let stopping = Atomic<Bool>(false)
    private let stopped = DispatchSemaphore(value: 0)
    private var isRunning = false
    /// The drain thread's nice value.
    static let niceness: Int32 = 19
    /// How long the drain thread sleeps when it found every ring empty.
    static let idleMicroseconds: UInt32 = 1000

    /// Records of an engine of `members` members into `sinks`, each member's ring `capacity` records. With
    /// `losesNothing` (a replay of a capture) a member whose ring is full waits for the drain thread, which
    /// must then be running (``start()``) while the engine runs; live traffic drops and counts instead.
    public init(
        members: Int, sinks: [any SessionRecordSink], capacity: Int = SessionRecording.defaultCapacity,
        losesNothing: Bool = false
    ) {
        drain = SessionRecordDrain(
            recording: SessionRecording(members: members, capacity: capacity, waitsWhenFull: losesNothing), sinks: sinks)
    }

    /// The rings to give the engine.
    public var recording: SessionRecording { drain.recording }

    /// Starts the drain thread.
    public func start() {
        guard !isRunning else { return }
        isRunning = true
        stopping.store(false, ordering: .relaxed)  // a service stopped before (``whileStopped(_:)``) runs again
        DetachedThread.start { [self] in
            // The exporters give way to the data path (SPEC.md §8: logging never slows it): the drain thread
            // runs at the lowest priority (nice 19; on Linux, who 0 is this thread only — the nice value is a
            // thread's, setpriority(2)), so the members' threads always get a core before it does; syslog
            // gives way within it (``SessionRecordDrain``).
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.niceness)
            while !stopping.load(ordering: .acquiring) {
                if drain.drain() == 0 { usleep(Self.idleMicroseconds) }
            }
            stopped.signal()
        }
    }

    /// Stops the drain thread (if it runs) and drains what is left on the calling thread: every record
    /// the members wrote before this call has reached the sinks when it returns.
    public func stop() {
        if isRunning {
            stopping.store(true, ordering: .releasing)
            stopped.wait()
            isRunning = false
        }
        while drain.drain() > 0 {}
    }

    /// Runs `body` with the drain thread stopped and every record written so far handed to the sinks —
    /// the moment to rename or replace them (``SessionRecordDrain/replaceSinks(_:)``): a reload, on the
    /// engine thread, while the members write nothing. The drain thread starts again if it ran.
    public func whileStopped(_ body: () -> Void) {
        let wasRunning = isRunning
        stop()
        body()
        if wasRunning { start() }
    }

    /// Records dropped because a ring was full.
    public var dropped: Int { recording.dropped }
}
