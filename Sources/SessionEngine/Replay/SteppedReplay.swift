// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import PacketCapture
import Wire

/// A capture replayed step by step on the calling thread, for the interactive shell: the table can be
/// shown, advanced in packet time and cleared between steps.
///
/// It is the ``FramePump`` with the members inline, kept between steps: each step pumps the frames up to
/// its end, exactly as a whole replay (``ReplayEngine``) does in one go.
public final class SteppedReplay {
    public let configuration: EngineConfiguration
    private let memberTables: MemberTables
    private var pump: FramePump
    private var source: InterruptibleSource<CaptureFileSource>
    private var sink: MemberBatches
    public private(set) var isFinished = false
    /// The packet time every member's table was last swept to, and the frames read then: sweeping again
    /// before the replay moves on would find nothing.
    private var sweptAt: (time: UInt64, frames: UInt64)?
    /// Set when the capture turned out damaged; everything before the damage was replayed.
    public private(set) var captureError: CaptureError?

    /// Opens `file` for a replay with `configuration`; nothing is read until ``advance(by:)``.
    ///
    /// - Parameter expectedSessions: as ``ReplayOptions/expectedSessions``, for the steering table: a
    ///   stepped replay routes exactly as a whole replay with the same value.
    public init(
        file: CaptureFile, configuration: EngineConfiguration, seed: UInt64 = 1,
        expectedSessions: Int = ReplayOptions.defaultExpectedSessions
    ) {
        self.configuration = configuration
        let lanes = MemberLane.inlineMembers(of: configuration, seed: seed)
        memberTables = MemberTables(configuration: configuration, lanes: lanes)
        pump = FramePump(
            configuration: configuration,
            expectedFlows: ReplayEngine.steeringFlows(
                file, expectedSessions: expectedSessions, configuration: configuration),
            seed: seed)
        source = InterruptibleSource(CaptureFileSource(file))
        sink = MemberBatches(lanes: lanes, crew: nil)
        if let failure = source.base.failure {
            captureError = failure
            isFinished = true
        }
    }

    /// Packet time of the first frame, and the packet time reached, nanoseconds since the epoch.
    public var firstTimestamp: UInt64? { pump.firstTimestamp }
    public var now: UInt64 { pump.now }
    /// Frames read so far.
    public var framesRead: Int { Int(pump.counters.frames) }

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
        let end = pump.run(from: &source, into: &sink, step: step?.nanoseconds)
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
    public func tables() -> MemberTables {
        let frames = pump.counters.frames
        if sweptAt?.time != now || sweptAt?.frames != frames {
            memberTables.expireAll(upTo: now)
            memberTables.elapsed = firstTimestamp.map { now >= $0 ? now - $0 : 0 } ?? 0
            sweptAt = (now, frames)
        }
        return memberTables
    }

    /// Counters summed over the pump and the members.
    public var counters: MemberCounters {
        var total = pump.counters
        for lane in memberTables.lanes { total.add(lane.processor.counters) }
        return total
    }
}
