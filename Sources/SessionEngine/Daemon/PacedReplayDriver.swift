// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import PacketCapture

/// `ams run --replay FILE`: a capture fed into the daemon at its own pace (SPEC.md §6), so that everything
/// that attaches to a daemon can be tried without root or interfaces.
///
/// At speed X, the wall-clock gap between two frames is their packet-time gap divided by X: the first frame
/// is pumped at once, and from then on each pump advances packet time to the time the wall clock stands
/// for (``packetTime(atWallClock:)``) — a step of an ``InlineEngine``, as the shell's ``SteppedReplay``
/// steps. As fast as possible, every pump takes the next slice of frames (``PacedSource/budget``). Once the
/// capture has ended, packet time goes on with the wall clock (at X, or at 1 after an as-fast-as-possible
/// replay), so the final table ages on the tick.
///
/// The wall clock is passed in (``pump(atWallClock:)``, ``tick(wallClock:)``): only
/// ``pump(waitingAtMost:)`` reads the clock it was given and waits.
public struct PacedReplayDriver: PacketDriver, ~Copyable {
    /// How fast the capture is fed.
    public enum Pace: Sendable, Equatable {
        /// Packet time runs this many times as fast as the wall clock (> 0).
        case speed(Double)
        case asFastAsPossible
    }

    public let pace: Pace
    private var engine: InlineEngine
    private var source: PacedSource<CaptureFileSource>
    /// A wall-clock time and the packet time it stands for; `nil` before the first frame.
    private var anchor: (wall: UInt64, packet: UInt64)?
    /// Packet time per wall-clock time from ``anchor`` on.
    private var rate: Double
    /// `true` once the capture has ended (or turned out damaged).
    public private(set) var hasEnded = false
    /// Set when the capture turned out damaged; everything before the damage was replayed.
    public private(set) var captureError: CaptureError?
    private var wakeDescriptor: Int32 = -1
    private let wallClock: () -> UInt64

    /// Opens `file` for a paced replay with `configuration`; nothing is read until the first pump.
    ///
    /// - Parameters:
    ///   - expectedSessions: as ``ReplayOptions/expectedSessions``, for the steering table.
    ///   - wallClock: the clock ``pump(waitingAtMost:)`` reads, nanoseconds since the epoch.
    ///   - records: where the members report their sessions' opening and end (`--records`), if anywhere.
    public init(
        file: CaptureFile, configuration: EngineConfiguration, pace: Pace, seed: UInt64 = 1,
        expectedSessions: Int = ReplayOptions.defaultExpectedSessions,
        wallClock: @escaping () -> UInt64 = WallClock.now, records: SessionRecording? = nil
    ) {
        self.pace = pace
        if case .speed(let speed) = pace { rate = speed } else { rate = 1 }
        self.wallClock = wallClock
        engine = InlineEngine(
            replaying: file, configuration: configuration, seed: seed, expectedSessions: expectedSessions,
            records: records)
        source = PacedSource(CaptureFileSource(file))
        if let failure = source.base.failure {
            captureError = failure
            hasEnded = true
        }
    }

    /// The packet time wall-clock time `wall` stands for; `nil` before the first frame, or while an
    /// as-fast-as-possible replay runs (it stands for no time).
    public func packetTime(atWallClock wall: UInt64) -> UInt64? {
        guard let anchor else { return nil }
        guard wall > anchor.wall else { return anchor.packet }
        let elapsed = Double(wall - anchor.wall) * rate
        guard elapsed < Double(UInt64.max - anchor.packet) else { return .max }
        return anchor.packet + UInt64(elapsed)
    }

    /// Pumps the frames due at wall-clock time `wall`, without waiting: at the first call the frames at
    /// the first packet time; then those up to the packet time `wall` stands for, or, as fast as possible,
    /// the next slice.
    public mutating func pump(atWallClock wall: UInt64) -> PumpOutcome {
        guard !hasEnded else { return .ended }
        let before = engine.framesRead
        if anchor == nil {
            handle(engine.run(from: &source, step: 0), at: wall)
            if let first = engine.firstTimestamp, !hasEnded { anchor = (wall, first) }
        } else if pace == .asFastAsPossible {
            handle(engine.run(from: &source, step: nil), at: wall)
        } else {
            advance(toWallClock: wall)
        }
        return hasEnded ? .ended : .pumped(frames: Int(engine.framesRead - before))
    }

    public mutating func pump(waitingAtMost milliseconds: Int32) -> PumpOutcome {
        let wall = wallClock()
        let outcome = pump(atWallClock: wall)
        guard outcome == .pumped(frames: 0) else { return outcome }
        // Nothing was due: wait for the next frame, the mailbox, or the time given, whichever comes first.
        var wait = UInt64(max(0, milliseconds)) * 1_000_000
        if let next = source.nextTimestamp, let anchor, case .speed(let speed) = pace, next > anchor.packet {
            let due = Double(next - anchor.packet) / speed
            let dueWall = due >= Double(UInt64.max - anchor.wall) ? UInt64.max : anchor.wall + UInt64(due)
            wait = min(wait, dueWall > wall ? dueWall - wall : 0)
        }
        WallClock.wait(on: wakeDescriptor, nanoseconds: wait)
        return pump(atWallClock: wallClock())
    }

    /// Moves packet time on to the time `wallClock` stands for — taking the frames due by then — and
    /// removes the sessions expired at it.
    public mutating func tick(wallClock: UInt64) {
        if hasEnded || pace != .asFastAsPossible { advance(toWallClock: wallClock) }
        _ = engine.tables()
    }

    /// Pumps up to the packet time `wall` stands for: packet time reaches it unless the slice of frames
    /// ran out first (the rest is for the next call).
    private mutating func advance(toWallClock wall: UInt64) {
        guard let target = packetTime(atWallClock: wall), target > engine.now else { return }
        handle(engine.run(from: &source, step: target - engine.now), at: wall)
    }

    /// Notes the end of the capture: from `wall` on packet time runs with the wall clock.
    private mutating func handle(_ end: FrameSourceEnd, at wall: UInt64) {
        switch end {
        case .paused:
            return
        case .exhausted:
            break
        case .failed(let error):
            captureError = error
        }
        if hasEnded { return }
        hasEnded = true
        if pace == .asFastAsPossible || anchor == nil {
            anchor = (wall, engine.now)
            rate = 1
        }
    }

    public var tables: MemberTables { engine.tables() }
    public var counters: MemberCounters { engine.counters }
    public var now: UInt64 { engine.now }
    /// Frames read so far.
    public var framesRead: Int { Int(engine.framesRead) }

    public mutating func reconfigure(
        _ configuration: EngineConfiguration
    ) throws(ReconfigurationError) -> ReconfigurationOutcome {
        try engine.reconfigure(configuration)
    }

    public mutating func wake(on descriptor: Int32) { wakeDescriptor = descriptor }
}
