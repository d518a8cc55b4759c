// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Members' tables rebuilt from session records (`ams show --sessions FILE…`, README *Session records*):
/// the sessions a replay still held when it ended — those whose end is `shutdown` — put back into the
/// members' tables of the configuration, so every operational command runs on them as on a replay's.
///
/// The records of several replays (the shards of one capture, `ams split` or `--member-shard`) make one
/// table: it stands at the latest time one of them ended (their `shutdown` records' ``SessionRecord/recordedAt``),
/// and a session idle past its timeout by then is expired, as the whole replay would have.
public final class RestoredTables {
    public let configuration: EngineConfiguration
    private var lanes: [MemberLane]
    /// Sessions held, and the times the tables stand at and began at.
    public private(set) var held = 0
    private var standsAt: UInt64 = 0
    private var firstStart: UInt64?

    public init(configuration: EngineConfiguration) {
        self.configuration = configuration
        lanes = configuration.members.indices.map {
            MemberLane(
                processor: MemberProcessor(memberIndex: $0, configuration: configuration, expectedSessions: 1024, seed: 1),
                batches: 1, capacity: 1)
        }
    }

    /// Takes `session` into its member's table if it was held when its replay ended (`shutdown`); a session
    /// that ended before is not in a table. The caller guarantees its member and service set are the
    /// configuration's and its session ID is new for its member (``SessionRecordReader`` checks).
    ///
    /// - Returns: `true` if the session is held.
    @discardableResult
    public func add(_ session: FinishedSession) -> Bool {
        let record = session.close
        guard record.kind == .close, record.reason == .shutdown else { return false }
        precondition(Int(record.member) < lanes.count && Int(record.serviceSet) < configuration.serviceSets.count)
        lanes[Int(record.member)].processor.restore(record, start: session.start)
        held += 1
        standsAt = max(standsAt, record.recordedAt)
        if let start = session.start { firstStart = min(firstStart ?? start, start) }
        return true
    }

    /// The tables, expired to the latest end of the replays the records came from.
    public func tables() -> MemberTables {
        MemberTables(configuration: configuration, lanes: lanes)
            .standing(at: standsAt, frames: 0, since: firstStart)
    }
}
