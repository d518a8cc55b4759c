// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import PacketCapture
import Wire

/// A capture replayed step by step on the calling thread, for the interactive shell: the table can be
/// shown, advanced in packet time and cleared between steps.
///
/// It is an ``InlineEngine`` (the ``FramePump`` with the members inline) kept between steps: each step pumps the frames up to
/// its end, exactly as a whole replay (``ReplayEngine``) does in one go.
public final class SteppedReplay {
    public let configuration: EngineConfiguration
    private var engine: InlineEngine
    private var source: InterruptibleSource<CaptureFileSource>
    public private(set) var isFinished = false
    /// Set when the capture turned out damaged; everything before the damage was replayed.
    public private(set) var captureError: CaptureError?

    /// Opens `file` for a replay with `configuration`; nothing is read until ``advance(by:)``.
    ///
    /// - Parameter expectedSessions: as ``ReplayOptions/expectedSessions``, for the steering table: a
    ///   stepped replay routes exactly as a whole replay with the same value.
    /// - Parameter memberShard: run only this shard's members (``ReplayOptions/memberShard``).
    public init(
        file: CaptureFile, configuration: EngineConfiguration, seed: UInt64 = 1,
        expectedSessions: Int = ReplayOptions.defaultExpectedSessions, memberShard: MemberShard? = nil
    ) {
        self.configuration = configuration
        engine = InlineEngine(
            replaying: file, configuration: configuration, seed: seed, expectedSessions: expectedSessions,
            shard: memberShard)
        source = InterruptibleSource(CaptureFileSource(file))
        if let failure = source.base.failure {
            captureError = failure
            isFinished = true
        }
    }

    /// Packet time of the first frame, and the packet time reached, nanoseconds since the epoch.
    public var firstTimestamp: UInt64? { engine.firstTimestamp }
    public var now: UInt64 { engine.now }
    /// Frames read so far.
    public var framesRead: Int { Int(engine.framesRead) }

    /// `true` once packet time has reached its end (2⁶⁴ − 1 ns): no step moves it further.
    public var isAtEndOfTime: Bool { now == .max }

    /// Seconds of packet time replayed so far.
    public var elapsedSeconds: Double {
        guard let firstTimestamp else { return 0 }
        return Double(now - firstTimestamp) / 1e9
    }

    /// Replays the frames of the next `seconds` of packet time (`nil`: to the end of the capture; a negative
    /// or non-finite number: nothing). A step past the end of packet time stops there.
    public func advance(by seconds: Double?) {
        advance(step: seconds.map { PacketDuration(seconds: $0) ?? PacketDuration(seconds: 0)! })
    }

    /// Replays the frames of the next `step` of packet time (`nil`: to the end of the capture), unless
    /// `shouldStop` (asked every few dozen frames) says to stop first: the replay then stands after the last
    /// frame taken, every packet of it handed to its member, and the next step goes on from there.
    ///
    /// - Returns: `false` if `shouldStop` stopped the step.
    @discardableResult
    public func advance(step: PacketDuration?, stoppingWhen shouldStop: @escaping () -> Bool = { false }) -> Bool {
        source.shouldStop = shouldStop
        defer { source.shouldStop = { false } }
        let end = engine.run(from: &source, step: step?.nanoseconds)
        if source.wasStopped { return false }
        switch end {
        case .paused:
            break
        case .exhausted:
            isFinished = true
        case .failed(let error):
            isFinished = true
            captureError = error
        }
        return true
    }

    /// The members' tables at the packet time reached: sessions expired by then are removed (once per
    /// move of the replay).
    public func tables() -> MemberTables { engine.tables() }

    /// Counters summed over the pump and the members.
    public var counters: MemberCounters { engine.counters }
}
