// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import PacketCapture
public import ServicesCore
import Wire

/// A capture replayed step by step on the calling thread, for the interactive shell: the table can be
/// shown, advanced in packet time and cleared between steps.
public final class SteppedReplay {
    /// One member's processor, kept between steps.
    final class Member {
        var processor: MemberProcessor
        init(_ processor: consuming MemberProcessor) { self.processor = processor }
    }

    let file: CaptureFile
    public let configuration: EngineConfiguration
    let members: [Member]
    private var reader: CaptureReader?
    /// The ALGs' view of the control channels, ahead of the members.
    private var director: GatewayDirector
    /// Packet time of the first frame, and the packet time reached, nanoseconds since the epoch.
    public private(set) var firstTimestamp: UInt64?
    public private(set) var now: UInt64 = 0
    public private(set) var isFinished = false
    public private(set) var framesRead = 0
    /// The packet time every member's table was last swept to, and the frames read then: sweeping again
    /// before the replay moves on would find nothing.
    private var sweptAt: (time: UInt64, frames: Int)?
    /// Set when the capture turned out damaged; everything before the damage was replayed.
    public private(set) var captureError: CaptureError?

    /// Opens `file` for a replay with `configuration`; nothing is read until ``advance(by:)``.
    public init(file: CaptureFile, configuration: EngineConfiguration, seed: UInt64 = 1) {
        self.file = file
        self.configuration = configuration
        director = GatewayDirector(configuration: configuration)
        members = configuration.members.indices.map {
            Member(MemberProcessor(memberIndex: $0, configuration: configuration, seed: seed))
        }
        do throws(CaptureError) {
            reader = try file.withBytes { (bytes: Span<UInt8>) throws(CaptureError) in try CaptureReader(bytes) }
        } catch {
            captureError = error
            isFinished = true
        }
    }

    /// Seconds of packet time replayed so far.
    public var elapsedSeconds: Double {
        guard let firstTimestamp else { return 0 }
        return Double(now - firstTimestamp) / 1e9
    }

    /// Replays the frames of the next `seconds` of packet time (`nil`: to the end of the capture).
    public func advance(by seconds: Double?) {
        guard var reader, !isFinished else {
            // The capture is over, but packet time still moves on (and sessions expire).
            if let seconds, firstTimestamp != nil { now &+= UInt64(max(0, seconds) * 1e9) }
            return
        }
        let limit = seconds.map { UInt64(max(0, $0) * 1e9) }
        var now = self.now
        var first = firstTimestamp
        var frames = framesRead
        var failure: CaptureError?
        var finished = false
        file.withBytes { (bytes: Span<UInt8>) in
            // Before the first frame the step is measured from it; after, from the time reached.
            var stop: UInt64? = first == nil ? nil : limit.map { now &+ $0 }
            while true {
                let checkpoint = reader
                let next: CapturedFrame?
                do throws(CaptureError) {
                    next = try reader.next(bytes)
                } catch {
                    failure = error
                    finished = true
                    break
                }
                guard let frame = next else {
                    finished = true
                    if let stop { now = max(now, stop) }
                    break
                }
                if first == nil {
                    first = frame.timestamp
                    now = frame.timestamp
                    if let limit { stop = frame.timestamp &+ limit }
                }
                if let stop, frame.timestamp > stop {
                    // Not yet: leave the frame for the next step.
                    reader = checkpoint
                    now = stop
                    break
                }
                if frame.timestamp > now { now = frame.timestamp }
                frames += 1
                members[0].processor.countFrame()
                do throws(WireError) {
                    let frameBytes = bytes.extracting(frame.byteRange)
                    let decoded = try DecodedPacket(parsing: frameBytes, linkType: frame.linkType)
                    var packet = SessionPacket(decoded, time: now)
                    director.markIfWatched(&packet, decoded: decoded, frame: frameBytes)
                    for member in members { member.processor.process(packet) }
                } catch {
                    members[0].processor.countUndecodable(error)
                }
            }
        }
        self.reader = reader
        self.now = now
        firstTimestamp = first
        framesRead = frames
        if finished { isFinished = true }
        if let failure { captureError = failure }
    }

    /// Removes every session expired at the packet time reached, unless nothing moved since the last time.
    private func expire() {
        if let sweptAt, sweptAt.time == now, sweptAt.frames == framesRead { return }
        for member in members { member.processor.expireAll(upTo: now) }
        sweptAt = (now, framesRead)
    }

    /// The members' tables at the packet time reached (expired sessions removed).
    public func snapshot(countsOnly: Bool) -> [MemberSnapshot] {
        expire()
        return members.indices.map { index in
            members[index].processor.snapshot(
                name: configuration.members[index], configuration: configuration, countsOnly: countsOnly)
        }
    }

    /// The members' tables at the packet time reached, with only the sessions `selector` picks — at most
    /// `limit` per member, lowest IDs first — copied out, and the selected counts.
    public func snapshot(selecting selector: SessionSelector, limit: Int, countsOnly: Bool) -> [MemberSnapshot] {
        expire()
        return members.indices.map { index in
            members[index].processor.snapshot(
                name: configuration.members[index], configuration: configuration, selecting: selector, limit: limit,
                countsOnly: countsOnly)
        }
    }

    /// Removes the sessions `selects` picks (given the member's name and the session); the members with
    /// only the removed sessions.
    public func clear(where selects: (String, SessionSnapshot) -> Bool) -> [MemberSnapshot] {
        expire()
        return members.indices.map { index in
            let name = configuration.members[index]
            return members[index].processor.remove(
                where: { selects(name, $0) }, name: name, configuration: configuration)
        }
    }

    /// Counters summed over the members.
    public var counters: MemberCounters {
        var total = MemberCounters()
        for member in members { total.add(member.processor.counters) }
        return total
    }
}
