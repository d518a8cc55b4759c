// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Dispatch
public import PacketCapture
import Policy
public import ServicesCore
import SessionTable
import Synchronization
import Wire

/// How to replay a capture.
public struct ReplayOptions: Sendable {
    public var configuration: EngineConfiguration
    /// Stop at this packet time, in nanoseconds after the first frame, and show the table as it was then.
    public var stopAfter: UInt64?
    /// No timeout ends a session anywhere in the replay (`--no-expire`, SPEC.md §5): every session the
    /// capture opened is kept with all its packets; only a new SYN replaces a closed one.
    public var keepExpired: Bool
    /// Run the members one after another on the calling thread instead of in parallel.
    public var sequential: Bool
    /// Sessions each member reserves room for up front (and the fewest flows the steering table is sized
    /// for: ``ReplayEngine/steeringFlows(_:expectedSessions:)``).
    public var expectedSessions: Int
    public static let defaultExpectedSessions = 4096
    /// The flow-hash seed; `nil` picks a random one.
    public var seed: UInt64?
    /// Run the members in parallel each reading the whole capture and keeping its own packets, instead of
    /// one dispatcher routing packets to them (the default). Both give the same sessions; this mode
    /// exists to check that.
    public var independentMembers: Bool = false
    /// Where to publish how far the replay has got (`ams replay`'s progress line), if anywhere.
    public var progress: ReplayProgress?
    /// Run only this shard's members (`--member-shard K/N`): the owner rule routes every packet as in the
    /// whole replay, and the packets of the other shards' members are left out, counted
    /// (``MemberCounters/packetsOfOtherShard``). At most as many shards as members.
    public var memberShard: MemberShard?

    /// Where the members report their sessions' opening and end (`--records`), if anywhere; at the end
    /// of the replay, the sessions still held are reported ended by `shutdown` (they stay in the tables).
    public var records: SessionRecording?

    public init(
        configuration: EngineConfiguration, stopAfter: UInt64? = nil, keepExpired: Bool = false,
        sequential: Bool = false, expectedSessions: Int = defaultExpectedSessions, seed: UInt64? = nil
    ) {
        self.configuration = configuration
        self.stopAfter = stopAfter
        self.keepExpired = keepExpired
        self.sequential = sequential
        self.expectedSessions = expectedSessions
        self.seed = seed
    }
}

/// What a replay produced: the members' tables, counters, and where the capture stopped if it was damaged.
public struct ReplayResult: Sendable {
    /// The members' tables at the end of the replay, which commands query (``MemberTables``).
    public var tables: MemberTables
    public var counters: MemberCounters
    /// Live sessions at the end, and the most that were live at once, summed over members.
    public var liveSessions: Int
    public var peakSessions: Int
    /// Bytes of session state held by all members at the end.
    public var storageBytes: Int
    /// The flows the owner rule remembers at the end (its steering table's entries: flows whose candidate
    /// members differ), and the bytes of its steering table — of one pump's, with independent members.
    public var steeringFlows: Int
    public var steeringBytes: Int
    /// Packet time of the first and last frame read, nanoseconds since the epoch.
    public var firstTimestamp: UInt64
    public var lastTimestamp: UInt64
    /// Set when the capture is damaged: everything before it was replayed.
    public var captureError: CaptureError?
    /// How long reading, decoding, routing and processing the capture took (wall clock).
    public var dataPath: Duration
    /// Anonymous resident memory of the process (`RssAnon`) when the data path ended, all session tables
    /// still live.
    public var residentBytes: Int

    /// Every member with all its sessions copied out (``MemberTables/snapshot(_:limit:)``), for tests and
    /// small captures; commands query ``tables``.
    public var members: [MemberSnapshot] { tables.snapshot() }
}

/// Replays a capture file through the members of an AMS bundle.
///
/// Every mode runs the one ``FramePump`` (reading, decoding, ALG marks, the owner rule) and differs only in
/// where the members run: with one member, or `sequential`, inline on the calling thread; by default on
/// the pump's thread and one worker per other core (``ReplayCrew``), fed in batches; with
/// `independentMembers`, every member on its own thread with its own pump over the whole capture,
/// keeping its own packets. Members share nothing and the pump routes alike in every mode, so the result
/// does not depend on the mode or the number of threads (SPEC.md §4 *Determinism*).
public enum ReplayEngine {
    static let batchCapacity = 1024
    static let batchesPerMember = 16

    /// Replays `file` with `options` and returns the members' sessions.
    public static func replay(_ file: CaptureFile, options: ReplayOptions) -> ReplayResult {
        replay(file, options: options, batchCapacity: batchCapacity, batchesPerMember: batchesPerMember)
    }

    /// Replays `file`; `batchCapacity` and `batchesPerMember` are the defaults but for tests.
    static func replay(
        _ file: CaptureFile, options: ReplayOptions, batchCapacity: Int, batchesPerMember: Int
    ) -> ReplayResult {
        let configuration = options.configuration
        let memberCount = configuration.members.count
        let shard = options.memberShard
        precondition(shard.map { $0.count <= memberCount } ?? true, "more shards than members")
        // The members run (all, or the shard's), and per member whether it is run.
        let running = shard?.members(of: memberCount) ?? Array(0..<memberCount)
        let keeps = shard?.membership(of: memberCount)
        var generator = SystemRandomNumberGenerator()
        let seed = options.seed ?? generator.next()
        let isInline = memberCount == 1 || options.sequential
        let isDispatched = !isInline && !options.independentMembers
        // A batch need not hold more packets than the capture can (a record is at least 36 bytes); members
        // that run inline hand each batch over as soon as it is full, so one batch each is enough.
        let capacity = min(batchCapacity, max(MemberProcessor.batchSize, file.count / 36))
        let lanes = (0..<memberCount).map { member in
            MemberLane(
                processor: MemberProcessor(
                    memberIndex: member, configuration: configuration,
                    expectedSessions: max(1024, options.expectedSessions / (isInline ? 1 : memberCount)),
                    reservedSlots: reservedSlots(file, memberCount: isInline ? 1 : memberCount), seed: seed,
                    expires: !options.keepExpired),
                batches: isDispatched ? batchesPerMember : 1, capacity: capacity,
                records: options.records?.ring(member: member))
        }
        let expectedFlows = steeringFlows(
            file, expectedSessions: options.expectedSessions, configuration: configuration)
        @Sendable func makePump() -> FramePump {
            FramePump(
                configuration: configuration, expectedFlows: expectedFlows, seed: seed,
                keepsEveryFlow: options.keepExpired, shard: shard)
        }
        options.progress?.begin(.replaying, totalBytes: file.count)
        let clock = ContinuousClock()
        let started = clock.now
        var pumped: Pumped
        if isInline {
            let cpuAtStart = ThreadCPUTime.seconds()
            var pump = makePump()
            var source = CaptureFileSource(file, progress: options.progress)
            var sink = MemberBatches(lanes: lanes, crew: nil, keeping: keeps)
            let end = pump.run(from: &source, into: &sink, step: options.stopAfter)
            pumped = Pumped(pump, end: end, leftOut: sink.leftOut)
            // One member runs its groups as the pump routes them, unmeasured: its thread's time is its own.
            if memberCount == 1 { lanes[0].cpuSeconds = ThreadCPUTime.seconds() - cpuAtStart }
        } else if options.independentMembers {
            let results = Mutex<[Pumped?]>(Array(repeating: nil, count: running.count))
            // A thread per member run, all at once (not `concurrentPerform`, which runs as many as there are
            // cores): the pumps wait for each other whenever they settle.
            let barrier = ReplayBarrier(parties: running.count)
            let group = DispatchGroup()
            for (position, member) in running.enumerated() {
                DispatchQueue(label: "ams.member.\(member)").async(group: group) {
                    var pump = makePump()
                    // One pump says how far the reading has got: they all read the same frames.
                    var source = CaptureFileSource(file, progress: position == 0 ? options.progress : nil)
                    let only = (0..<memberCount).map { $0 == member }
                    var sink = MemberBatches(lanes: lanes, crew: nil, keeping: only, barrier: barrier)
                    let end = pump.run(from: &source, into: &sink, step: options.stopAfter)
                    let result = Pumped(pump, end: end, leftOut: sink.leftOut)
                    results.withLock { $0[position] = result }
                }
            }
            group.wait()
            // Every pump read the same frames; the first one's counters and times stand for all.
            let all = results.withLock { $0.map { $0! } }
            pumped = all[0]
            pumped.storageBytes = all.reduce(0) { $0 + $1.storageBytes }
        } else {
            let crew = ReplayCrew(lanes)
            // The pump's thread is one of those that run members: with as many workers as cores less one,
            // every core has one thread, and none waits for another that is not running.
            let workers = max(1, min(running.count, ReplayCrew.processorCount - 1))
            let group = DispatchGroup()
            for worker in 0..<workers {
                DispatchQueue(label: "ams.worker.\(worker)").async(group: group) { crew.work(startingAt: worker) }
            }
            var pump = makePump()
            var source = CaptureFileSource(file, progress: options.progress)
            var sink = MemberBatches(lanes: lanes, crew: crew, keeping: keeps)
            let end = pump.run(from: &source, into: &sink, step: options.stopAfter)
            pumped = Pumped(pump, end: end, leftOut: sink.leftOut)
            // Everything is queued: run members with the workers until none has anything left.
            crew.finishProducing()
            crew.work(startingAt: 0)
            group.wait()
        }
        let dataPath = clock.now - started
        let resident = ProcessMemory.anonymousResidentBytes()
        return finish(
            lanes, pumped: pumped, file: file, options: options, dataPath: dataPath, residentBytes: resident)
    }

    /// What a pump leaves behind once the capture is read.
    struct Pumped: Sendable {
        var counters: MemberCounters
        var firstTimestamp: UInt64
        var lastTimestamp: UInt64
        /// The packet time the table is shown at: the last frame's, or the end of `--at`.
        var end: UInt64
        var captureError: CaptureError?
        var storageBytes: Int
        var steeringFlows: Int
        var steeringBytes: Int
        /// Per member, the packets routed to it that the sink left out (each independent member's sink
        /// leaves out every other member's: of those, only the other shards' count).
        var leftOut: [UInt64]

        init(_ pump: borrowing FramePump, end: FrameSourceEnd, leftOut: UnsafeMutableBufferPointer<UInt64>) {
            self.leftOut = Array(leftOut)
            counters = pump.counters
            firstTimestamp = pump.firstTimestamp ?? 0
            lastTimestamp = pump.lastTimestamp
            self.end = pump.now
            if case .failed(let error) = end { captureError = error }
            storageBytes = pump.router.storageBytes
            steeringFlows = pump.router.steering.count
            steeringBytes = pump.router.steering.storageBytes
        }
    }

    /// Expires each member at the end time, and gives the capture's pages back (about 11 ms for 500 MB on
    /// one thread) in two halves, all in parallel. (`release` keeps to whole pages inside each half: the
    /// one page across the middle stays mapped until the file is closed.)
    private static func finish(
        _ lanes: [MemberLane], pumped: Pumped, file: CaptureFile, options: ReplayOptions, dataPath: Duration,
        residentBytes: Int
    ) -> ReplayResult {
        let memberCount = lanes.count
        if let shard = options.memberShard {
            for member in lanes.indices where !shard.contains(member: member) {
                lanes[member].packetsOfOtherShard = pumped.leftOut[member]
            }
        }
        let half = file.count / 2
        DispatchQueue.concurrentPerform(iterations: memberCount + 2) { task in
            guard task < memberCount else {
                file.release(task == memberCount ? 0..<half : half..<file.count)
                return
            }
            let lane = lanes[task]
            let cpuAtStart = ThreadCPUTime.seconds()
            lane.processor.expireAll(upTo: pumped.end)
            _ = lane.processor.recordShutdown()
            lane.cpuSeconds += ThreadCPUTime.seconds() - cpuAtStart
        }
        let tables = MemberTables(configuration: options.configuration, lanes: lanes)
        let wall = Double(dataPath.components.seconds) + Double(dataPath.components.attoseconds) / 1e18
        tables.cpuUtilization = lanes.map { wall > 0 ? min(100, 100 * $0.cpuSeconds / wall) : 0 }
        tables.elapsed = pumped.end >= pumped.firstTimestamp ? pumped.end - pumped.firstTimestamp : 0
        var counters = pumped.counters
        for lane in lanes { counters.add(lane.counters) }
        return ReplayResult(
            tables: tables, counters: counters,
            liveSessions: tables.liveSessions,
            peakSessions: lanes.reduce(0) { $0 + $1.processor.shard.peakCount },
            storageBytes: lanes.reduce(0) { $0 + $1.processor.storageBytes } + pumped.storageBytes,
            steeringFlows: pumped.steeringFlows, steeringBytes: pumped.steeringBytes,
            firstTimestamp: pumped.firstTimestamp, lastTimestamp: pumped.lastTimestamp,
            captureError: pumped.captureError, dataPath: dataPath, residentBytes: residentBytes)
    }

    /// Flows to size the owner rule's steering table for: room for a flow per 2 KiB of capture (the
    /// benchmark's mixed trace has one per 2.4 KiB), so that the table rarely grows during the replay —
    /// untouched buckets cost no memory — but no more than twice the sessions the limits let the members
    /// hold (``EngineConfiguration/sessionCapacity``), and at least `expectedSessions`. The table is rebuilt
    /// from the members' sessions each time it is half full, so it never needs more: flows beyond those
    /// are flows the members refused, which a flood would otherwise spread over every page of a table
    /// sized for the capture.
    ///
    /// Every replay of a capture — whole or stepped — sizes it alike: a flow a member refused is forgotten
    /// at a rebuild, so the size decides which packets follow such a flow.
    static func steeringFlows(
        _ file: CaptureFile, expectedSessions: Int, configuration: EngineConfiguration
    ) -> Int {
        var flows = min(file.count / 2048, 1 << 22)
        if let capacity = configuration.sessionCapacity, capacity < flows / 2 { flows = 2 * capacity }
        return max(expectedSessions, flows)
    }

    /// Slots to reserve per member: a capture cannot hold more sessions than frames, nor more frames than
    /// its size over the smallest record (16-byte header + 20-byte IP header). Reserving costs address
    /// space only.
    static func reservedSlots(_ file: CaptureFile, memberCount: Int) -> Int {
        min(file.count / 36 + 16, 1 << 31) / memberCount
    }
}
