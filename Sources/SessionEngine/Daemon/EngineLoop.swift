// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The daemon's engine thread (SPEC.md §6): it owns the ``PacketDriver`` and loops — pump the frames that
/// are ready (waiting at most ``pumpWait`` milliseconds), run the jobs the control plane posted to the
/// ``mailbox``, and tick the driver at least once a second — until the mailbox is stopped.
///
/// Every command, clear and reload runs here, between two pumps, on tables no other thread touches.
///
/// `@unchecked Sendable`: it may be handed to the thread that runs it; from then on only that thread
/// touches it, and other threads reach it only through the ``mailbox``.
public final class EngineLoop<Driver: PacketDriver & ~Copyable>: EngineAccess, @unchecked Sendable {
    /// The longest a pump waits for frames before the loop looks at the mailbox and the clock again.
    public static var pumpWait: Int32 { 100 }
    /// Nanoseconds between two ticks at most.
    static var tickInterval: UInt64 { 1_000_000_000 }

    private var driver: Driver
    public let mailbox: EngineMailbox
    private let wallClock: () -> UInt64
    public private(set) var hasEnded = false
    /// Called on the engine thread once when the source has ended (the end of a `--replay` capture).
    public var onEnd: ((any EngineAccess) -> Void)?

    public init(driver: consuming Driver, mailbox: EngineMailbox, wallClock: @escaping () -> UInt64 = WallClock.now) {
        self.driver = driver
        self.mailbox = mailbox
        self.wallClock = wallClock
        self.driver.wake(on: mailbox.descriptor)
    }

    /// Runs the loop on the calling thread until ``EngineMailbox/stop()``; the jobs posted before the stop
    /// have run when it returns.
    public func run() {
        var lastTick = wallClock()
        while true {
            if hasEnded {
                WallClock.wait(on: mailbox.descriptor, nanoseconds: UInt64(Self.pumpWait) * 1_000_000)
            } else if driver.pump(waitingAtMost: Self.pumpWait) == .ended {
                hasEnded = true
                onEnd?(self)
            }
            if step() { return }
            let wall = wallClock()
            if wall &- lastTick >= Self.tickInterval || wall < lastTick {
                driver.tick(wallClock: wall)
                lastTick = wall
            }
        }
    }

    /// Runs the jobs posted so far; `true` if the loop must stop. (The loop's body between two pumps; tests
    /// call it to run a job without a loop.)
    @discardableResult
    public func step() -> Bool {
        let (jobs, isStopping) = mailbox.takeAll()
        for job in jobs { job(self) }
        return isStopping
    }

    public var tables: MemberTables { driver.tables }
    public var counters: MemberCounters { driver.counters }
    public var now: UInt64 { driver.now }

    public func reconfigure(_ configuration: EngineConfiguration) throws(ReconfigurationError) -> ReconfigurationOutcome {
        try driver.reconfigure(configuration)
    }
}
