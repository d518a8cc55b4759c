// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Dispatch
import PacketCapture
import SessionTable
import Synchronization
import Wire

/// The parallel replay: one dispatcher reads and decodes the capture and routes each packet to its member;
/// members run in parallel, each on its own packets only.
///
/// Decoded packets travel in batches of ``batchCapacity`` through each member's ``MemberLane`` (full batches
/// out, empty ones back), so threads meet once per batch, never per packet, and memory stays bounded. The
/// dispatcher and as many workers as there are other cores run the members (``ReplayCrew``): a member's
/// batches run one at a time, in order, on whichever thread is free. Routing happens in capture order
/// with the same rules the members would apply themselves, so the result is the one of a single member.
enum DispatchedReplay {
    static let batchCapacity = 1024
    static let batchesPerMember = 16

    /// Replays `file`; `batchCapacity` and `batchesPerMember` are the defaults but for tests.
    static func run(
        _ file: CaptureFile, options: ReplayOptions, seed: UInt64, batchCapacity: Int = batchCapacity,
        batchesPerMember: Int = batchesPerMember
    ) -> ReplayResult {
        let configuration = options.configuration
        let memberCount = configuration.members.count
        let lanes = (0..<memberCount).map { member in
            MemberLane(
                processor: MemberProcessor(
                    memberIndex: member, configuration: configuration,
                    expectedSessions: max(1024, options.expectedSessions / memberCount),
                    reservedSlots: ReplayEngine.reservedSlots(file, memberCount: memberCount), seed: seed,
                    isRouted: true),
                batches: batchesPerMember, capacity: batchCapacity)
        }
        let crew = ReplayCrew(lanes)
        let clock = ContinuousClock()
        let started = clock.now
        // The dispatcher is one of the threads that run members: with as many workers as cores less one,
        // every core has one thread, and none waits for another that is not running.
        let workers = max(1, min(memberCount, ReplayCrew.processorCount - 1))
        let group = DispatchGroup()
        for worker in 0..<workers {
            DispatchQueue(label: "ams.worker.\(worker)").async(group: group) { crew.work(startingAt: worker) }
        }

        // Room for a flow per 2 KiB of capture (the benchmark's mixed trace has one per 2.4 KiB), so that
        // the steering table rarely grows during the replay; untouched buckets cost no memory.
        let estimatedFlows = min(file.count / 2048, 1 << 22)
        var router = PacketRouter(
            configuration: configuration, expectedFlows: max(options.expectedSessions, estimatedFlows), seed: seed)
        var counters = MemberCounters()
        var first: UInt64 = 0
        var last: UInt64 = 0
        var failure: CaptureError?
        // The dispatcher's state lives inside the closure: captured variables would be checked for
        // exclusive access at run time on every packet.
        let end = file.withBytes { (bytes: Span<UInt8>) -> UInt64 in
            var reader: CaptureReader
            do throws(CaptureError) {
                reader = try CaptureReader(bytes)
            } catch {
                failure = error
                return 0
            }
            // Per member, the batch being filled, where its packets go, and how many it holds.
            var filling = lanes.map { $0.takeEmpty()! }
            let staging = UnsafeMutableBufferPointer<UnsafeMutablePointer<SessionPacket>>.allocate(capacity: memberCount)
            defer { staging.deallocate() }
            for member in 0..<memberCount { staging[member] = filling[member].packets.baseAddress! }
            let staged = UnsafeMutableBufferPointer<Int>.allocate(capacity: memberCount)
            staged.initialize(repeating: 0)
            defer { staged.deallocate() }
            // Decoded packets wait here in groups, so that their steering lookups can be prefetched together.
            let groupSize = MemberProcessor.batchSize
            let pending = UnsafeMutableBufferPointer<SessionPacket>.allocate(capacity: groupSize)
            pending.initialize(repeating: SessionPacket())
            defer { pending.deallocate() }
            let routes = UnsafeMutableBufferPointer<PacketRouter.Route>.allocate(capacity: groupSize)
            routes.initialize(repeating: PacketRouter.Route(asInitiator: 0, asResponder: 0, hash: 0, needsDecision: false))
            defer { routes.deallocate() }
            // The indices, in order, of the group's packets whose member the router must decide.
            let undecided = UnsafeMutableBufferPointer<Int>.allocate(capacity: groupSize)
            undecided.initialize(repeating: 0)
            defer { undecided.deallocate() }
            var pendingCount = 0
            var director = GatewayDirector(configuration: configuration)
            var now: UInt64 = 0
            var stopAt = UInt64.max
            var frames: UInt64 = 0
            var finished = false
            var readAhead = ReadAhead()
            while !finished {
                let next: CapturedFrame?
                do throws(CaptureError) {
                    next = try reader.next(bytes)
                } catch {
                    failure = error
                    next = nil
                }
                if let frame = next {
                    readAhead.advance(bytes, to: frame.offset)
                    if frames == 0 {
                        first = frame.timestamp
                        if let stopAfter = options.stopAfter { stopAt = first &+ stopAfter }
                    }
                    if frame.timestamp > stopAt {
                        finished = true
                    } else {
                        if frame.timestamp > now { now = frame.timestamp }
                        last = frame.timestamp
                        frames &+= 1
                        do throws(WireError) {
                            let frameBytes = bytes.extracting(frame.byteRange)
                            let decoded = try DecodedPacket(parsing: frameBytes, linkType: frame.linkType)
                            pending[pendingCount] = SessionPacket(decoded, time: now)
                            director.markIfWatched(&pending[pendingCount], decoded: decoded, frame: frameBytes)
                            pendingCount &+= 1
                        } catch {
                            counters.wireDrops[error.counterIndex] &+= 1
                        }
                    }
                } else {
                    finished = true
                }
                guard pendingCount == groupSize || (finished && pendingCount > 0) else { continue }
                // Route the group: candidates and steering prefetches first; then the router decides, in
                // capture order, for the packets that need it (their member replaces `asInitiator`); then
                // every packet goes to its batch. Whether a packet needs a decision is a coin toss with two
                // members, so the loops select rather than branch on it.
                var undecidedCount = 0
                for i in 0..<pendingCount {
                    let route = router.prepare(pending[i])
                    routes[i] = route
                    router.prefetch(route.hash)
                    undecided[undecidedCount] = i
                    undecidedCount &+= route.needsDecision ? 1 : 0
                }
                for k in 0..<undecidedCount {
                    let i = undecided[k]
                    routes[i].asInitiator = router.member(for: pending[i], route: routes[i], at: pending[i].time)
                }
                for i in 0..<pendingCount {
                    let member = routes[i].asInitiator
                    let slot = staged[member]
                    // `slot` < batchCapacity: a full batch is handed over below and a new one started.
                    staging[member][slot] = pending[i]
                    staged[member] = slot &+ 1
                    if slot &+ 1 == batchCapacity {
                        filling[member].count = batchCapacity
                        crew.push(filling[member], to: member)
                        filling[member] = crew.emptyBatch(for: member)
                        staging[member] = filling[member].packets.baseAddress!
                        staged[member] = 0
                    }
                }
                pendingCount = 0
            }
            for member in 0..<memberCount where staged[member] > 0 {
                filling[member].count = staged[member]
                crew.push(filling[member], to: member)
            }
            counters.frames = frames
            return options.stopAfter == nil ? now : stopAt
        }
        // Everything is queued: run members with the workers until none has anything left.
        crew.finishProducing()
        crew.work(startingAt: 0)
        group.wait()
        let dataPath = clock.now - started
        let resident = ProcessMemory.anonymousResidentBytes()

        // Expire and copy out each member, and give the capture's pages back (about 11 ms for 500 MB on one
        // thread) in two halves, all in parallel. (`release` keeps to whole pages inside each half: the one
        // page across the middle stays mapped until the file is closed.)
        let outcomes = Mutex<[ReplayEngine.MemberOutcome?]>(Array(repeating: nil, count: memberCount))
        let half = file.count / 2
        DispatchQueue.concurrentPerform(iterations: memberCount + 2) { task in
            guard task < memberCount else {
                file.release(task == memberCount ? 0..<half : half..<file.count)
                return
            }
            let lane = lanes[task]
            let cpuAtStart = ThreadCPUTime.seconds()
            if !options.keepExpired { lane.processor.expireAll(upTo: end) }
            var snapshot = lane.processor.snapshot(
                name: configuration.members[task], configuration: configuration, countsOnly: options.countsOnly)
            snapshot.describe(
                lane.processor, configuration: configuration,
                cpu: lane.cpuSeconds + ThreadCPUTime.seconds() - cpuAtStart)
            let outcome = ReplayEngine.MemberOutcome(
                snapshot: snapshot,
                counters: lane.processor.counters, liveSessions: lane.processor.shard.count,
                peakSessions: lane.processor.shard.peakCount, storageBytes: lane.processor.storageBytes,
                firstTimestamp: 0, lastTimestamp: 0, captureError: nil, dataPath: dataPath,
                residentBytes: resident)
            outcomes.withLock { $0[task] = outcome }
        }

        var finished = outcomes.withLock { $0.map { $0! } }
        finished.setCPUUtilization()
        for outcome in finished { counters.add(outcome.counters) }
        return ReplayResult(
            members: finished.map(\.snapshot), counters: counters,
            liveSessions: finished.reduce(0) { $0 + $1.liveSessions },
            peakSessions: finished.reduce(0) { $0 + $1.peakSessions },
            storageBytes: finished.reduce(0) { $0 + $1.storageBytes } + router.steeringBytes,
            firstTimestamp: first, lastTimestamp: last, captureError: failure,
            dataPath: dataPath, residentBytes: resident)
    }
}

extension PacketRouter {
    /// Bytes held by the router's tables.
    var steeringBytes: Int { steering.storageBytes + fragments.storageBytes }
}
