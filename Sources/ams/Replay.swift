// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import JunosConfiguration
import OperationalCommands
import PacketCapture
import ServicesCore
import SessionEngine
import SessionService
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// `ams replay FILE [options] [COMMAND…]`: runs a capture through the engine on packet time, then a command.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a pcap or pcapng capture through the engine and show its sessions.",
        discussion: """
            Every packet is run through the session engine on packet time; then the operational command \
            (default `show services sessions`) is run on the resulting table. Options may stand before or \
            after FILE; the command is everything from its first word on.
            """
    )

    @Argument(help: "The capture file (pcap or pcapng); - reads it from standard input.")
    var file: String

    @OptionGroup var bundle: BundleOptions

    @OptionGroup var shard: MemberShardOptions

    @Option(parsing: .unconditional, help: "Show the table as it was this many seconds after the first packet (e.g. 12.5).")
    var at: Double?

    @Flag(name: .customLong("no-expire"), help: "Keep sessions whose timeout ran out before the end of the capture.")
    var noExpire = false

    @Flag(help: "Print replay statistics (packets/s, sessions, drops by reason, memory) to standard error.")
    var stats = false

    @Flag(help: "Run the members one after another on one thread.")
    var sequential = false

    @Flag(
        name: .customLong("independent-members"),
        help: "Run every member over the whole capture on its own thread, instead of one dispatcher feeding them.")
    var independentMembers = false

    @Flag(help: "Show no progress line (shown on a terminal when the replay takes more than a second).")
    var quiet = false

    @Option(
        help: ArgumentHelp(
            "Write a JSON line per session, when it ends, to this file (- for standard output, before the command's output).",
            valueName: "file"))
    var records: String?

    @Argument(parsing: .allUnrecognized, help: "The operational command (default: show services sessions).")
    var command: [String] = []

    func validate() throws {
        if sequential && independentMembers {
            throw ValidationError("--sequential and --independent-members cannot be used together: choose one way to run the members")
        }
        if let at, PacketDuration(seconds: at) == nil {
            throw ValidationError("--at must be a finite number of seconds, 0 or more (not \(at))")
        }
    }

    func run() throws {
        let line = command.isEmpty ? "show services sessions" : command.joined(separator: " ")
        guard let parsed = try LocalCommand.parse(line) else { return }
        let atDuration = at.flatMap { PacketDuration(seconds: $0) }
        if atDuration?.isSaturated == true {
            var standardError = StandardError()
            standardError.write("ams: --at \(at!) s is past the end of packet time; the table is shown at its end\n")
        }
        let (configuration, engine) = try bundle.load()
        var options = ReplayOptions(
            configuration: engine, stopAfter: atDuration?.nanoseconds, keepExpired: noExpire,
            sequential: sequential)
        options.independentMembers = independentMembers
        options.memberShard = try shard.shard(memberCount: engine.members.count)
        // A progress line on standard error if it is a terminal, erased when the replay ends (before any
        // output); nothing at all otherwise, or with --quiet.
        let reporter = quiet ? nil : ProgressReporter.forStandardError()
        options.progress = reporter?.progress
        let exports = try SessionExports.make(
            records: records, configuration: engine, junos: configuration, losesNothing: true)
        exports?.service.start()
        options.records = exports?.recording
        var source = ReplaySource(path: file, configuration: configuration, options: options)
        source.onReplayEnd = {
            reporter?.stop()
            if let exports {
                var standardError = StandardError()
                for line in exports.stop() { standardError.write("ams: \(line)\n") }
            }
        }
        reporter?.start()
        defer { reporter?.stop() }
        try LocalCommand.execute(parsed, on: &source)
        try finish(source)
    }

    /// Prints the statistics, says which frames were skipped for a link type ams does not decode, and fails
    /// if the capture was damaged (after everything read was shown).
    func finish(_ source: ReplaySource) throws {
        guard let result = source.result else { return }
        let skipped = result.counters.wireDrops[WireError.unsupportedLinkType.counterIndex]
        if skipped > 0, let linkType = result.counters.unsupportedLinkType {
            // Not an error (the replay succeeds), but not silence either: such a capture shows nothing.
            var standardError = StandardError()
            standardError.write(
                "ams: \(file): \(skipped) of \(result.counters.frames) frames skipped: link type \(linkType.rawValue) "
                    + "is not one ams decodes (unsupported-link-type; see --stats)\n")
        }
        if stats {
            ReplayStatisticsReport(result: result, elapsed: source.elapsed, residentBytes: source.residentGrowth).write()
        }
        if let error = result.captureError {
            // Damaged capture: what was read has been shown; say where it stopped and exit non-zero
            // (2 when not even one frame could be read, 3 when the damage is part-way).
            var standardError = StandardError()
            standardError.write("ams: \(file): \(error)\n")
            throw ExitCode(result.counters.frames == 0 ? 2 : 3)
        }
    }
}


/// A failure that ends `ams replay` with a message and exit status 2.
struct ReplayFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
