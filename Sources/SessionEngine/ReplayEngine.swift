// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Dispatch
public import PacketCapture
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
}

/// Replays a capture file through the members of an AMS bundle.
///
/// Every member reads the whole (memory-mapped) capture on its own thread, decodes each frame and keeps the
/// packets whose sessions it owns (``MemberSelector``); members share nothing, so they need no locks or
/// queues and the result does not depend on the number of threads (SPEC.md §4 *Determinism*).
public enum ReplayEngine {
    /// Replays `file` with `options` and returns the members' sessions.
    public static func replay(_ file: CaptureFile, options: ReplayOptions) -> ReplayResult {
        let configuration = options.configuration
        let memberCount = configuration.members.count
        var seed = options.seed ?? 0
        if options.seed == nil {
            var generator = SystemRandomNumberGenerator()
            seed = generator.next()
        }
        let outcomes = Mutex<[MemberOutcome?]>(Array(repeating: nil, count: memberCount))
        let finalSeed = seed
        let work: @Sendable (Int) -> Void = { member in
            let outcome = runMember(member, file: file, options: options, seed: finalSeed)
            outcomes.withLock { $0[member] = outcome }
        }
        if options.sequential || memberCount == 1 {
            for member in 0..<memberCount { work(member) }
        } else {
            DispatchQueue.concurrentPerform(iterations: memberCount, execute: work)
        }
        let finished = outcomes.withLock { $0.map { $0! } }
        var counters = MemberCounters()
        for outcome in finished { counters.add(outcome.counters) }
        return ReplayResult(
            members: finished.map(\.snapshot), counters: counters,
            liveSessions: finished.reduce(0) { $0 + $1.liveSessions },
            peakSessions: finished.reduce(0) { $0 + $1.peakSessions },
            storageBytes: finished.reduce(0) { $0 + $1.storageBytes },
            firstTimestamp: finished[0].firstTimestamp, lastTimestamp: finished[0].lastTimestamp,
            captureError: finished[0].captureError)
    }

    struct MemberOutcome: Sendable {
        var snapshot: MemberSnapshot
        var counters: MemberCounters
        var liveSessions: Int
        var peakSessions: Int
        var storageBytes: Int
        var firstTimestamp: UInt64
        var lastTimestamp: UInt64
        var captureError: CaptureError?
    }

    static func runMember(_ member: Int, file: CaptureFile, options: ReplayOptions, seed: UInt64) -> MemberOutcome {
        var processor = MemberProcessor(
            memberIndex: member, configuration: options.configuration, expectedSessions: options.expectedSessions,
            seed: seed)
        let isFirst = member == 0
        var now: UInt64 = 0
        var first: UInt64 = 0
        var last: UInt64 = 0
        var stopAt = UInt64.max
        var failure: CaptureError?
        file.withBytes { (bytes: Span<UInt8>) in
            var reader: CaptureReader
            do throws(CaptureError) {
                reader = try CaptureReader(bytes)
            } catch {
                failure = error
                return
            }
            var framesSeen = 0
            while true {
                let next: CapturedFrame?
                do throws(CaptureError) {
                    next = try reader.next(bytes)
                } catch {
                    failure = error
                    break
                }
                guard let frame = next else { break }
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
                let data = bytes.extracting(frame.offset..<(frame.offset + frame.capturedLength))
                do throws(WireError) {
                    let packet = try DecodedPacket(parsing: data, linkType: frame.linkType)
                    processor.process(packet, at: now)
                } catch {
                    if isFirst { processor.countUndecodable(error) }
                }
            }
        }
        if !options.keepExpired {
            processor.expireAll(upTo: options.stopAfter == nil ? now : stopAt)
        }
        let name = options.configuration.members[member]
        return MemberOutcome(
            snapshot: processor.snapshot(name: name, configuration: options.configuration),
            counters: processor.counters, liveSessions: processor.shard.count,
            peakSessions: processor.shard.peakCount, storageBytes: processor.storageBytes,
            firstTimestamp: first, lastTimestamp: last, captureError: failure)
    }
}
