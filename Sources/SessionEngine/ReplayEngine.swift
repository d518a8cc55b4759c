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
    /// Keep sessions whose timeout has run out by the end of the capture.
    public var keepExpired: Bool
    /// Run the members one after another on the calling thread instead of in parallel.
    public var sequential: Bool
    /// Sessions each member reserves room for up front.
    public var expectedSessions: Int
    /// The flow-hash seed; `nil` picks a random one.
    public var seed: UInt64?
    /// Copy out only the session counts per member and service set, not the sessions.
    public var countsOnly: Bool = false
    /// Run the members in parallel each reading the whole capture and keeping its own packets, instead of
    /// one dispatcher routing packets to them (the default). Both give the same sessions; this mode
    /// exists to check that.
    public var independentMembers: Bool = false

    public init(
        configuration: EngineConfiguration, stopAfter: UInt64? = nil, keepExpired: Bool = false,
        sequential: Bool = false, expectedSessions: Int = 4096, seed: UInt64? = nil
    ) {
        self.configuration = configuration
        self.stopAfter = stopAfter
        self.keepExpired = keepExpired
        self.sequential = sequential
        self.expectedSessions = expectedSessions
        self.seed = seed
    }
}

/// What a replay produced: the members' sessions, counters, and where the capture stopped if it was damaged.
public struct ReplayResult: Sendable {
    public var members: [MemberSnapshot]
    public var counters: MemberCounters
    /// Live sessions at the end, and the most that were live at once, summed over members.
    public var liveSessions: Int
    public var peakSessions: Int
    /// Bytes of session state held by all members at the end.
    public var storageBytes: Int
    /// Packet time of the first and last frame read, nanoseconds since the epoch.
    public var firstTimestamp: UInt64
    public var lastTimestamp: UInt64
    /// Set when the capture is damaged: everything before it was replayed.
    public var captureError: CaptureError?
    /// How long the slowest member took to read, decode and process the capture (wall clock).
    public var dataPath: Duration
    /// Anonymous resident memory of the process (`RssAnon`) when the last member's data path ended, all
    /// session tables still live.
    public var residentBytes: Int
}

/// Replays a capture file through the members of an AMS bundle.
///
/// With one member, or `sequential`, the members run one after another on the calling thread, each reading
/// the whole (memory-mapped) capture and keeping the packets whose sessions it owns (``MemberSelector``).
/// Otherwise one dispatcher decodes and routes the packets to members on their own threads
/// (``DispatchedReplay``), or, with `independentMembers`, every member reads the whole capture on its own
/// thread. Members share nothing, so the result does not depend on the mode or the number of threads
/// (SPEC.md §4 *Determinism*).
public enum ReplayEngine {
    /// Replays `file` with `options` and returns the members' sessions.
    public static func replay(_ file: CaptureFile, options: ReplayOptions) -> ReplayResult {
        let configuration = options.configuration
        let memberCount = configuration.members.count
        var generator = SystemRandomNumberGenerator()
        let seed = options.seed ?? generator.next()
        if memberCount > 1 && !options.sequential && !options.independentMembers {
            return DispatchedReplay.run(file, options: options, seed: seed)
        }
        let outcomes = Mutex<[MemberOutcome?]>(Array(repeating: nil, count: memberCount))
        if options.sequential || memberCount == 1 {
            for member in 0..<memberCount {
                let outcome = runMember(member, file: file, options: options, seed: seed)
                outcomes.withLock { $0[member] = outcome }
            }
        } else {
            DispatchQueue.concurrentPerform(iterations: memberCount) { member in
                let outcome = runMember(member, file: file, options: options, seed: seed)
                outcomes.withLock { $0[member] = outcome }
            }
        }
        var finished = outcomes.withLock { $0.map { $0! } }
        finished.setCPUUtilization()
        var counters = MemberCounters()
        for outcome in finished { counters.add(outcome.counters) }
        return ReplayResult(
            members: finished.map(\.snapshot), counters: counters,
            liveSessions: finished.reduce(0) { $0 + $1.liveSessions },
            peakSessions: finished.reduce(0) { $0 + $1.peakSessions },
            storageBytes: finished.reduce(0) { $0 + $1.storageBytes },
            firstTimestamp: finished[0].firstTimestamp, lastTimestamp: finished[0].lastTimestamp,
            captureError: finished[0].captureError, dataPath: finished.map(\.dataPath).max()!,
            residentBytes: finished.map(\.residentBytes).max()!)
    }

    /// What one member hands back after a replay.
    ///
    /// `snapshot.cpuUtilization` holds the member's CPU seconds until ``Array/setCPUUtilization()`` turns it
    /// into a share of the data-path time.
    struct MemberOutcome: Sendable {
        var snapshot: MemberSnapshot
        var counters: MemberCounters
        var liveSessions: Int
        var peakSessions: Int
        var storageBytes: Int
        var firstTimestamp: UInt64
        var lastTimestamp: UInt64
        var captureError: CaptureError?
        var dataPath: Duration
        /// Anonymous resident memory of the process when the member's data path ended.
        var residentBytes: Int
    }

    /// Runs member `member` over the whole capture: it decodes every frame and keeps its own packets.
    static func runMember(_ member: Int, file: CaptureFile, options: ReplayOptions, seed: UInt64) -> MemberOutcome {
        let cpuAtStart = ThreadCPUTime.seconds()
        var processor = MemberProcessor(
            memberIndex: member, configuration: options.configuration, expectedSessions: options.expectedSessions,
            reservedSlots: reservedSlots(file, memberCount: 1), seed: seed)
        let isFirst = member == 0
        var now: UInt64 = 0
        var first: UInt64 = 0
        var last: UInt64 = 0
        var stopAt = UInt64.max
        var failure: CaptureError?
        let clock = ContinuousClock()
        let started = clock.now
        file.withBytes { (bytes: Span<UInt8>) in
            var reader: CaptureReader
            do throws(CaptureError) {
                reader = try CaptureReader(bytes)
            } catch {
                failure = error
                return
            }
            var framesSeen = 0
            // Decoded packets wait here until a group is full (see MemberProcessor.process(batch:)).
            var batch = [SessionPacket](repeating: SessionPacket(), count: MemberProcessor.batchSize)
            var batched = 0
            var director = GatewayDirector(configuration: options.configuration)
            var readAhead = ReadAhead()
            while true {
                let next: CapturedFrame?
                do throws(CaptureError) {
                    next = try reader.next(bytes)
                } catch {
                    failure = error
                    break
                }
                guard let frame = next else { break }
                readAhead.advance(bytes, to: frame.offset)
                if framesSeen == 0 {
                    first = frame.timestamp
                    if let stopAfter = options.stopAfter { stopAt = first &+ stopAfter }
                }
                framesSeen &+= 1
                if frame.timestamp > stopAt { break }
                // Packet time never runs backwards, even when a capture's frames are slightly out of order.
                if frame.timestamp > now { now = frame.timestamp }
                last = frame.timestamp
                if isFirst { processor.countFrame() }
                do throws(WireError) {
                    let frameBytes = bytes.extracting(frame.byteRange)
                    let decoded = try DecodedPacket(parsing: frameBytes, linkType: frame.linkType)
                    batch[batched] = SessionPacket(decoded, time: now)
                    director.markIfWatched(&batch[batched], decoded: decoded, frame: frameBytes)
                    batched &+= 1
                    if batched == MemberProcessor.batchSize {
                        processor.process(batch: batch, count: batched)
                        batched = 0
                    }
                } catch {
                    if isFirst { processor.countUndecodable(error) }
                }
            }
            processor.process(batch: batch, count: batched)
        }
        let dataPath = clock.now - started
        let resident = ProcessMemory.anonymousResidentBytes()
        if !options.keepExpired {
            processor.expireAll(upTo: options.stopAfter == nil ? now : stopAt)
        }
        let name = options.configuration.members[member]
        var snapshot = processor.snapshot(name: name, configuration: options.configuration, countsOnly: options.countsOnly)
        snapshot.describe(processor, configuration: options.configuration, cpu: ThreadCPUTime.seconds() - cpuAtStart)
        return MemberOutcome(
            snapshot: snapshot,
            counters: processor.counters, liveSessions: processor.shard.count,
            peakSessions: processor.shard.peakCount, storageBytes: processor.storageBytes,
            firstTimestamp: first, lastTimestamp: last, captureError: failure, dataPath: dataPath,
            residentBytes: resident)
    }

    /// Slots to reserve per member: a capture cannot hold more sessions than frames, nor more frames than
    /// its size over the smallest record (16-byte header + 20-byte IP header). Reserving costs address
    /// space only.
    static func reservedSlots(_ file: CaptureFile, memberCount: Int) -> Int {
        min(file.count / 36 + 16, 1 << 31) / memberCount
    }
}

extension MemberSnapshot {
    /// Fills in the memory figures, and the CPU seconds (a share once the replay's time is known).
    mutating func describe(_ processor: borrowing MemberProcessor, configuration: EngineConfiguration, cpu: Double) {
        sessionBytes = processor.storageBytes
        policyBytes = configuration.serviceSets.reduce(0) { $0 + $1.storageBytes }
        cpuUtilization = cpu
    }
}

extension Array where Element == ReplayEngine.MemberOutcome {
    /// Turns each member's CPU seconds into a percentage of the slowest member's data-path time.
    mutating func setCPUUtilization() {
        let wall = map { Double($0.dataPath.components.seconds) + Double($0.dataPath.components.attoseconds) / 1e18 }.max() ?? 0
        for index in indices {
            self[index].snapshot.cpuUtilization = wall > 0 ? Swift.min(100, 100 * self[index].snapshot.cpuUtilization / wall) : 0
        }
    }
}
