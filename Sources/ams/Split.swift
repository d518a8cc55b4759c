// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import PacketCapture
import SessionEngine

#if canImport(Glibc)
import Glibc
#endif

/// `ams split CAPTURE --shards N -o DIR`: the capture cut into one pcap per shard of the members
/// (``CaptureSplit``), each to be replayed on its own with `ams replay PIECE --member-shard K/N`.
struct Split: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split a capture into one pcap per shard of the members, every session in one piece.",
        discussion: """
            Every frame goes through the owner rule, as in a replay (ALG children with their parents), and is \
            written, unchanged, into the piece of its member's shard: DIR/shard-K-of-N.pcap, K from 1 to N, \
            member m (counted from 0) in shard m mod N + 1. Frames the engine cannot decode make no session \
            and go to shard 1. Replay piece K with the same bundle and --member-shard K/N: the pieces' \
            sessions together are the whole capture's. Prints each piece's frames.
            """
    )

    @Argument(help: "The capture file (pcap or pcapng); - reads it from standard input.")
    var file: String

    @Option(help: "The number of shards (from 1 to the number of members).")
    var shards: Int

    @Option(name: [.customShort("o"), .customLong("output")], help: "The directory of the pieces (created if missing).")
    var directory: String

    @OptionGroup var bundle: BundleOptions

    @Flag(help: "Show no progress line (shown on a terminal when the split takes more than a second).")
    var quiet = false

    func validate() throws {
        if shards < 1 { throw ValidationError("--shards must be at least 1") }
    }

    func run() throws {
        let (_, engine) = try bundle.load()
        if let refusal = MemberShard(index: 0, count: shards).refusal(memberCount: engine.members.count) {
            throw ValidationError("--shards: \(refusal)")
        }
        let name = file == "-" ? "standard input" : file
        let capture: CaptureFile
        do {
            capture = file == "-" ? try CaptureFile(reading: 0) : try CaptureFile(path: file)
        } catch {
            throw ReplayFailure(message: "\(name): \(error)")
        }
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw ReplayFailure(message: "\(directory): \(String(cString: strerror(errno)))")
        }
        let reporter = quiet ? nil : ProgressReporter.forStandardError()
        reporter?.start()
        let split = CaptureSplit(capture, configuration: engine, shardCount: shards, progress: reporter?.progress)
        reporter?.stop()
        let paths: [String]
        do {
            paths = try split.write(capture, into: directory)
        } catch {
            throw ReplayFailure(message: "\(name): \(error)")
        }
        let memberCount = engine.members.count
        var lines = ""
        for (index, path) in paths.enumerated() {
            let members = MemberShard(index: index, count: shards).members(of: memberCount)
                .map { engine.members[$0] }.joined(separator: " ")
            lines += "\(path): \(split.framesPerShard[index]) frames (\(members))\n"
        }
        lines += "\(name): \(split.shards.count) frames in \(shards) piece\(shards == 1 ? "" : "s")\n"
        StandardStream.write(Array(lines.utf8), to: 1)
        try StandardStream.checkOutput()
        if let error = split.captureError {
            // Damaged capture: the frames before the damage were split; say where it stopped.
            var standardError = StandardError()
            standardError.write("ams: \(name): \(error)\n")
            throw ExitCode(split.shards.isEmpty ? 2 : 3)
        }
    }
}
