// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Dispatch
import PacketCapture
import SessionTable
import Synchronization
import Wire

/// The parallel replay: one dispatcher reads and decodes the capture and routes each packet to its member;
/// each member runs on its own thread and only processes its own packets.
///
/// Decoded packets travel in batches of ``batchCapacity`` through a pair of ``BatchQueue``s per member (full
/// batches out, empty ones back), so the threads meet once per batch, never per packet, and memory stays
/// bounded. Routing happens in capture order with the same rules the members would apply themselves,
/// so the result is the one of a single member.
enum DispatchedReplay {
    static let batchCapacity = 1024
    static let batchesPerMember = 16

    static func run(_ file: CaptureFile, options: ReplayOptions, seed: UInt64) -> ReplayResult {
        let configuration = options.configuration
        let memberCount = configuration.members.count
        let full = (0..<memberCount).map { _ in BatchQueue() }
        let empty = (0..<memberCount).map { _ in BatchQueue() }
        for member in 0..<memberCount {
            for _ in 0..<batchesPerMember { empty[member].push(PacketBatch(capacity: batchCapacity)) }
        }
        let outcomes = Mutex<[ReplayEngine.MemberOutcome?]>(Array(repeating: nil, count: memberCount))
        let endTime = Mutex<UInt64>(0)
        let clock = ContinuousClock()
        let started = clock.now
        let group = DispatchGroup()
        for member in 0..<memberCount {
            let queue = DispatchQueue(label: "ams.member.\(member)")
            queue.async(group: group) {
                let cpuAtStart = ThreadCPUTime.seconds()
                var processor = MemberProcessor(
                    memberIndex: member, configuration: configuration,
                    expectedSessions: max(1024, options.expectedSessions / memberCount),
                    reservedSlots: ReplayEngine.reservedSlots(file, memberCount: memberCount), seed: seed,
                    isRouted: true)
                while let batch = full[member].pop() {
                    batch.withFilled { processor.process(batch: $0) }
                    batch.count = 0
                    empty[member].push(batch)
                }
                let dataPath = clock.now - started
                let resident = ProcessMemory.anonymousResidentBytes()
                if !options.keepExpired { processor.expireAll(upTo: endTime.withLock { $0 }) }
                var snapshot = processor.snapshot(
                    name: configuration.members[member], configuration: configuration, countsOnly: options.countsOnly)
                snapshot.describe(processor, configuration: configuration, cpu: ThreadCPUTime.seconds() - cpuAtStart)
                let outcome = ReplayEngine.MemberOutcome(
                    snapshot: snapshot,
                    counters: processor.counters, liveSessions: processor.shard.count,
                    peakSessions: processor.shard.peakCount, storageBytes: processor.storageBytes,
                    firstTimestamp: 0, lastTimestamp: 0, captureError: nil, dataPath: dataPath,
                    residentBytes: resident)
                outcomes.withLock { $0[member] = outcome }
            }
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
            var filling = (0..<memberCount).map { empty[$0].pop()! }
            let staging = UnsafeMutableBufferPointer<UnsafeMutablePointer<SessionPacket>>.allocate(capacity: memberCount)
            defer { staging.deallocate() }
            for member in 0..<memberCount { staging[member] = filling[member].packets.baseAddress! }
            var staged = [Int](repeating: 0, count: memberCount)
            // Decoded packets wait here in groups, so that their steering lookups can be prefetched together.
            let groupSize = MemberProcessor.batchSize
            var pending = [SessionPacket](repeating: SessionPacket(), count: groupSize)
            var routes = [PacketRouter.Route](
                repeating: PacketRouter.Route(asInitiator: 0, asResponder: 0, hash: 0), count: groupSize)
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
                // Route the group: prefetch the steering buckets, then decide in capture order.
                for i in 0..<pendingCount {
                    routes[i] = router.prepare(pending[i])
                    router.prefetch(routes[i].hash)
                }
                for i in 0..<pendingCount {
                    let member = router.member(for: pending[i], route: routes[i], at: pending[i].time)
                    let slot = staged[member]
                    // `slot` < batchCapacity: a full batch is handed over below and a new one started.
                    staging[member][slot] = pending[i]
                    staged[member] = slot &+ 1
                    if slot &+ 1 == batchCapacity {
                        filling[member].count = batchCapacity
                        full[member].push(filling[member])
                        filling[member] = empty[member].pop()!
                        staging[member] = filling[member].packets.baseAddress!
                        staged[member] = 0
                    }
                }
                pendingCount = 0
            }
            for member in 0..<memberCount where staged[member] > 0 {
                filling[member].count = staged[member]
                full[member].push(filling[member])
            }
            counters.frames = frames
            return options.stopAfter == nil ? now : stopAt
        }
        endTime.withLock { $0 = end }
        for member in 0..<memberCount { full[member].push(nil) }
        // The capture has been read: give its pages back while the members finish their last batches, so
        // that unmapping it does not come after them, on one thread (measured: 2–6 % of a 0.19 s replay).
        file.release(0..<file.count)
        group.wait()

        var finished = outcomes.withLock { $0.map { $0! } }
        finished.setCPUUtilization()
        for outcome in finished { counters.add(outcome.counters) }
        return ReplayResult(
            members: finished.map(\.snapshot), counters: counters,
            liveSessions: finished.reduce(0) { $0 + $1.liveSessions },
            peakSessions: finished.reduce(0) { $0 + $1.peakSessions },
            storageBytes: finished.reduce(0) { $0 + $1.storageBytes } + router.steeringBytes,
            firstTimestamp: first, lastTimestamp: last, captureError: failure,
            dataPath: finished.map(\.dataPath).max()!, residentBytes: finished.map(\.residentBytes).max()!)
    }
}

extension PacketRouter {
    /// Bytes held by the router's tables.
    var steeringBytes: Int { steering.storageBytes + fragments.storageBytes }
}
