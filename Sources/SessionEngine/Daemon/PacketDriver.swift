// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// What `ams run`'s engine thread drives (SPEC.md §6): a frame source, the one ``FramePump`` and the
/// members, as one value — live rings (monitor or inline) or a capture fed at its own pace (`--replay`).
///
/// The engine thread calls ``pump(waitingAtMost:)`` in a loop and ``tick(wallClock:)`` at least once a
/// second; between two calls, and only then, it runs the control plane's requests (the mailbox) on
/// ``tables``. Nothing here is shared with another thread.
public protocol PacketDriver: ~Copyable {
    /// Pumps the frames that are ready now, waiting at most `milliseconds` for the first, hands every
    /// packet to its member and, inline, sends each frame on by its verdict.
    mutating func pump(waitingAtMost milliseconds: Int32) -> PumpOutcome

    /// Moves the engine's clock on when no frame has (an idle link): sessions idle past their timeout at
    /// the time `wallClock` (nanoseconds since the epoch) stands for are removed.
    mutating func tick(wallClock: UInt64)

    /// The members' tables, for the operational commands (between two pumps only).
    var tables: MemberTables { get }

    /// Counters summed over the pump and the members.
    var counters: MemberCounters { get }

    /// Packet time reached, nanoseconds since the epoch.
    var now: UInt64 { get }

    /// Takes a new configuration (a reload), between two pumps: every session is re-decided by the new
    /// policy — kept if it gives the same verdict, ended otherwise (``InlineEngine/reconfigure(_:)``, which
    /// a driver holds for this).
    ///
    /// - Throws: ``ReconfigurationError`` when the configuration cannot replace the running one (another
    ///   number of members, interfaces the driver cannot take): nothing has changed then.
    mutating func reconfigure(_ configuration: EngineConfiguration) throws(ReconfigurationError) -> ReconfigurationOutcome

    /// The engine loop's mailbox descriptor (``EngineMailbox/descriptor``): a wait in
    /// ``pump(waitingAtMost:)`` ends as soon as it is readable (poll it with the rings). The loop, not the
    /// driver, reads it.
    mutating func wake(on descriptor: Int32)
}

/// What one ``PacketDriver/pump(waitingAtMost:)`` did.
public enum PumpOutcome: Sendable, Equatable {
    /// `frames` frames were pumped (0: none came in time); more may come.
    case pumped(frames: Int)
    /// The source has ended for good (the end of a `--replay` capture, or its damage): nothing more
    /// will come; the daemon goes on answering commands.
    case ended
}
