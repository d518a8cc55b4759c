// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import PacketCapture
public import Wire

/// `ams split`: a capture cut into the frames of each shard of the members (``MemberShard``), so that each
/// piece can be replayed on a machine of its own (`ams replay PIECE --member-shard K/N`).
///
/// The frames go through the one ``FramePump`` — decoding, service set, ALG marks, owner rule — into a sink
/// that keeps, per frame, the shard of the member the owner rule gave it: every session's packets, and an
/// ALG child's with its parent's (the director designates the parent's member), fall in one piece. A frame
/// the engine cannot decode makes no session and goes to the first piece. Then the capture is read again
/// and each frame written, as it was (bytes, length on the wire, timestamp to the nanosecond, link type),
/// into its piece: `shard-K-of-N.pcap`, K from 1 to N.
///
/// No member runs here, so the owner rule cannot ask the members' sessions when its steering table fills
/// (``PacketRouter/rebuildSteering(now:from:)``): it keeps its live flows, as a shard's replay keeps the
/// other shards' (ARCHITECTURE.md, *Beyond one machine*).
public struct CaptureSplit: Sendable {
    /// The number of shards.
    public let shardCount: Int
    /// Per frame, in capture order, its shard (0-based).
    public let shards: [UInt8]
    /// Frames per shard.
    public let framesPerShard: [Int]
    /// Set when the capture is damaged: the frames before the damage are split.
    public let captureError: CaptureError?

    /// Routes every frame of `file` with the owner rule of `configuration` into `shardCount` shards of its
    /// members (at most as many as there are members).
    ///
    /// - Parameters:
    ///   - expectedSessions: as ``ReplayOptions/expectedSessions``: the steering table is sized as a replay's.
    ///   - progress: where to publish how far the reading has got, if anywhere.
    public init(
        _ file: CaptureFile, configuration: EngineConfiguration, shardCount: Int,
        expectedSessions: Int = ReplayOptions.defaultExpectedSessions, progress: ReplayProgress? = nil
    ) {
        precondition(shardCount >= 1 && shardCount <= configuration.members.count, "more shards than members")
        self.shardCount = shardCount
        progress?.begin(.replaying, totalBytes: file.count)
        var pump = FramePump(
            configuration: configuration,
            expectedFlows: ReplayEngine.steeringFlows(
                file, expectedSessions: expectedSessions, configuration: configuration),
            seed: 1)
        var source = CaptureFileSource(file, progress: progress)
        var sink = ShardAssignment(shardCount: shardCount, expectedFrames: file.count / 64)
        let end = pump.run(from: &source, into: &sink, step: nil)
        shards = sink.shards
        var counts = Array(repeating: 0, count: shardCount)
        for shard in shards { counts[Int(shard)] += 1 }
        framesPerShard = counts
        if case .failed(let error) = end { captureError = error } else { captureError = nil }
    }

    /// The file name of shard `index` (0-based): `shard-K-of-N.pcap`.
    public func fileName(ofShard index: Int) -> String { "shard-\(index + 1)-of-\(shardCount).pcap" }

    /// Writes each frame of `file` (the capture split) into its shard's file in `directory`, which must
    /// exist: pcap with nanosecond timestamps, the capture's link type. Returns the paths, by shard.
    ///
    /// - Throws: ``CaptureSplitError``: a file could not be written, or the capture's frames have several
    ///   link types (a pcap file has one).
    public func write(_ file: CaptureFile, into directory: String) throws(CaptureSplitError) -> [String] {
        let paths = (0..<shardCount).map { directory + "/" + fileName(ofShard: $0) }
        let linkType = try file.withBytes { (bytes: Span<UInt8>) throws(CaptureSplitError) -> LinkType in
            guard var reader = try? CaptureReader(bytes), let first = try? reader.next(bytes) else { return .ethernet }
            return first.linkType
        }
        let flushAt = 4 << 20
        var writers = (0..<shardCount).map { _ in
            PcapWriter(linkType: linkType, nanosecondResolution: true, capacity: flushAt + CaptureReader.maximumCapturedLength + 16)
        }
        let outputs = UnsafeMutableBufferPointer<CaptureFileOutput>.allocate(capacity: shardCount)
        var opened = 0
        defer {
            for index in 0..<opened { _ = (outputs.baseAddress! + index).move() }
            outputs.deallocate()
        }
        do throws(CaptureError) {
            for index in 0..<shardCount {
                (outputs.baseAddress! + index).initialize(to: try CaptureFileOutput(path: paths[index]))
                opened += 1
            }
        } catch {
            throw .output(path: paths[opened], error)
        }
        let shards = self.shards
        try file.withBytes { (bytes: Span<UInt8>) throws(CaptureSplitError) in
            guard var reader = try? CaptureReader(bytes) else { return }
            for (index, shard) in shards.enumerated() {
                // The frames before the damage were split: the same frames are read again.
                guard let frame = try? reader.next(bytes) else { return }
                guard frame.linkType == linkType else {
                    throw .severalLinkTypes(first: linkType, other: frame.linkType, frame: index + 1)
                }
                let piece = Int(shard)
                writers[piece].append(
                    bytes.extracting(frame.byteRange), timestamp: frame.timestamp, originalLength: frame.originalLength)
                if writers[piece].bytes.count >= flushAt {
                    do throws(CaptureError) { try writers[piece].flush(to: &outputs[piece]) } catch {
                        throw .output(path: paths[piece], error)
                    }
                }
            }
        }
        for piece in 0..<shardCount {
            do throws(CaptureError) {
                try writers[piece].flush(to: &outputs[piece])
                try outputs[piece].close()
            } catch {
                throw .output(path: paths[piece], error)
            }
        }
        return paths
    }
}

/// Why ``CaptureSplit/write(_:into:)`` failed.
public enum CaptureSplitError: Error, CustomStringConvertible {
    /// A piece could not be created or written.
    case output(path: String, CaptureError)
    /// Frame `frame` (1-based) has another link type than the first: a pcap piece holds one.
    case severalLinkTypes(first: LinkType, other: LinkType, frame: Int)

    public var description: String {
        switch self {
        case .output(let path, let error): "\(path): \(error)"
        case .severalLinkTypes(let first, let other, let frame):
            "frame \(frame) has link type \(other.rawValue), the first frame \(first.rawValue): "
                + "a pcap piece holds frames of one link type"
        }
    }
}

/// The sink of ``CaptureSplit``: per frame, in frame order, the shard of its member; a frame the pump
/// could not decode is the first shard's.
private struct ShardAssignment: PacketSink, ~Copyable {
    let shardCount: Int
    var shards: [UInt8] = []

    init(shardCount: Int, expectedFrames: Int) {
        self.shardCount = shardCount
        shards.reserveCapacity(expectedFrames)
    }

    mutating func take(_ packet: SessionPacket, member: Int) { shards.append(UInt8(member % shardCount)) }
    mutating func flush() {}
    static var takesUndecodedFrames: Bool { true }
    mutating func takeUndecoded(_ error: WireError) { shards.append(0) }
}
