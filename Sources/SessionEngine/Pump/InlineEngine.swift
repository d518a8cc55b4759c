// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PacketCapture

/// The one ``FramePump`` and the members run inline on the calling thread, kept between calls: what the
/// shell's ``SteppedReplay``, the daemon's ``PacedReplayDriver`` and the live driver each hold. Each call
/// pumps the frames a source lends up to a step of packet time, exactly as a whole replay
/// (``ReplayEngine``) does in one go; between calls the tables can be read, cleared and reconfigured.
struct InlineEngine: ~Copyable {
    private(set) var configuration: EngineConfiguration
    let memberTables: MemberTables
    private var pump: FramePump
    private var sink: MemberBatches
    private let seed: UInt64
    /// Flows the steering table was sized for (kept for a reload's new table).
    private let expectedFlows: Int

    /// - Parameters:
    ///   - expectedFlows: flows to size the steering table for (``ReplayEngine/steeringFlows(_:expectedSessions:configuration:)``).
    ///   - interfaceSides: the side of each of the source's interfaces, where it knows them (live).
    ///   - interfaceServiceSets: the service set of each of the source's interfaces, where it has one (live).
    ///   - shard: run only this shard's members (`--member-shard`; at most as many shards as members).
    ///   - records: where the members report their sessions' opening and end, if anywhere.
    init(
        configuration: EngineConfiguration, expectedFlows: Int, seed: UInt64, interfaceSides: [PacketSide] = [],
        interfaceServiceSets: [UInt8] = [], shard: MemberShard? = nil, records: SessionRecording? = nil
    ) {
        precondition(shard.map { $0.count <= configuration.members.count } ?? true, "more shards than members")
        self.configuration = configuration
        self.seed = seed
        self.expectedFlows = expectedFlows
        let lanes = MemberLane.inlineMembers(of: configuration, seed: seed, records: records)
        memberTables = MemberTables(configuration: configuration, lanes: lanes)
        pump = FramePump(
            configuration: configuration, expectedFlows: expectedFlows, seed: seed, interfaceSides: interfaceSides,
            interfaceServiceSets: interfaceServiceSets, shard: shard)
        sink = MemberBatches(lanes: lanes, crew: nil, keeping: shard?.membership(of: lanes.count))
    }

    /// The engine for replaying `file` (the shell's stepped replay, `ams run --replay`): its steering table
    /// sized as a whole replay's with the same `expectedSessions`, so that both route alike.
    init(
        replaying file: borrowing CaptureFile, configuration: EngineConfiguration, seed: UInt64, expectedSessions: Int,
        shard: MemberShard? = nil,
        records: SessionRecording? = nil
    ) {
        self.init(
            configuration: configuration,
            expectedFlows: ReplayEngine.steeringFlows(file, expectedSessions: expectedSessions, configuration: configuration),
            seed: seed, shard: shard, records: records)
    }

    /// Packet time of the first frame, and the packet time reached, nanoseconds since the epoch.
    var firstTimestamp: UInt64? { pump.firstTimestamp }
    var now: UInt64 { pump.now }
    /// Frames read so far.
    var framesRead: UInt64 { pump.counters.frames }

    /// Pumps the frames of `source` up to `step` nanoseconds of packet time past the time reached (before
    /// the first frame: past the first frame; `nil`: until the source pauses or ends), every packet handed
    /// to its member before this returns (``FramePump/run(from:into:step:)``).
    mutating func run<Source: FrameSource & ~Copyable>(from source: inout Source, step: UInt64?) -> FrameSourceEnd {
        let end = pump.run(from: &source, into: &sink, step: step)
        if sink.filters {
            // The members run here, on this thread: their counters can take the other shards' packets now.
            for member in memberTables.lanes.indices where sink.leftOut[member] > 0 {
                memberTables.lanes[member].packetsOfOtherShard = sink.leftOut[member]
            }
        }
        return end
    }

    /// Pumps the frames of `source` into another sink than the members' batches — inline `ams run`'s
    /// ``VerdictSink``, which runs each packet on its member (``memberTables``' lanes) at once.
    mutating func run<Source: FrameSource & ~Copyable, Sink: PacketSink & ~Copyable>(
        from source: inout Source, into other: inout Sink
    ) -> FrameSourceEnd {
        pump.run(from: &source, into: &other, step: nil)
    }

    /// The members' tables at the packet time reached: sessions expired by then are removed.
    func tables() -> MemberTables {
        memberTables.standing(at: pump.now, frames: pump.counters.frames, since: pump.firstTimestamp)
    }

    /// Counters summed over the pump and the members.
    var counters: MemberCounters {
        var total = pump.counters
        for lane in memberTables.lanes { total.add(lane.counters) }
        return total
    }

    /// Takes `configuration` (a reload): each member re-decides its sessions by it
    /// (``MemberTables/reconfigure(to:)``), then the pump takes it, its steering table rebuilt from the
    /// sessions kept. Sessions expired at the packet time reached are removed first.
    ///
    /// - Throws: ``ReconfigurationError`` if the bundles or their members differ (nothing changes then).
    mutating func reconfigure(_ configuration: EngineConfiguration) throws(ReconfigurationError) -> ReconfigurationOutcome {
        if let refusal = ReconfigurationError.bundles(running: self.configuration, new: configuration) { throw refusal }
        _ = tables()
        let (kept, ended) = memberTables.reconfigure(to: configuration)
        pump.reconfigure(
            configuration, expectedFlows: expectedFlows, seed: seed, keepsEveryFlow: false,
            sessions: MemberSessions(lanes: memberTables.lanes))
        self.configuration = configuration
        return ReconfigurationOutcome(kept: kept, ended: ended)
    }
}
