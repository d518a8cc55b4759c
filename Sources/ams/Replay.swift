// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import JunosConfiguration
import OperationalCommands
import PacketCapture
import ServicesCore
import SessionEngine
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

    @Argument(help: "The capture file (pcap or pcapng).")
    var file: String

    @Option(help: "A Junos configuration (curly-brace or set form): bundle, members, service sets, policy, timers.")
    var config: String?

    @Option(help: "Number of AMS members (1–32) of the built-in configuration (ignored with --config).")
    var members: Int = 2

    @Option(help: "Show the table as it was this many seconds after the first packet (e.g. 12.5).")
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

    @Argument(parsing: .remaining, help: "The operational command (default: show services sessions).")
    var command: [String] = []

    func validate() throws {
        guard (1...32).contains(members) else { throw ValidationError("--members must be from 1 to 32") }
        if let at, !(at >= 0) { throw ValidationError("--at must be a number of seconds, 0 or more") }
    }

    func run() throws {
        let line = command.isEmpty ? "show services sessions" : command.joined(separator: " ")
        let parsed: ParsedCommand
        do {
            switch try CommandParser.parse(line) {
            case .help(let text):
                StandardStream.write(Array((text + "\n").utf8), to: 1)
                return
            case .command(let command):
                parsed = command
            }
        } catch {
            var standardError = StandardError()
            standardError.write("\(error)\n")
            throw ExitCode(2)
        }
        var source = try FinishedReplay(replay: self)
        try CommandExecutor { StandardStream.write($0, to: 1) }.execute(parsed, on: &source)
        try source.finish()
    }
}

/// The sessions of `ams replay`: the capture is replayed once, when a command first asks for sessions.
struct FinishedReplay: SessionSource {
    let replay: Replay
    let bundle: String
    let configuration: Configuration?
    let engineConfiguration: EngineConfiguration
    private var result: ReplayResult?
    private var elapsed = Duration.zero
    private var memory = 0

    init(replay: Replay) throws {
        self.replay = replay
        configuration = try replay.config.map(loadConfiguration)
        engineConfiguration =
            try configuration.map { try EngineConfiguration(configuration: $0) }
            ?? .builtInDefault(memberCount: replay.members)
        bundle = engineConfiguration.bundle
    }

    mutating func members(_ query: SessionQuery, countsOnly: Bool) throws -> [MemberSnapshot] {
        query.apply(to: try replayed(countsOnly: countsOnly && !query.isFiltered))
    }

    /// The members after the replay, which runs the first time it is asked for.
    private mutating func replayed(countsOnly: Bool) throws -> [MemberSnapshot] {
        if let result { return result.members }
        let baseline = ProcessMemory.anonymousResidentBytes()
        let capture: CaptureFile
        do {
            capture = try CaptureFile(path: replay.file)
        } catch {
            throw ReplayFailure(message: "\(replay.file): \(error)")
        }
        var options = ReplayOptions(
            configuration: engineConfiguration, stopAfter: replay.at.map { UInt64($0 * 1_000_000_000) },
            keepExpired: replay.noExpire, sequential: replay.sequential)
        options.countsOnly = countsOnly
        options.independentMembers = replay.independentMembers
        let clock = ContinuousClock()
        let started = clock.now
        let result = ReplayEngine.replay(capture, options: options)
        elapsed = clock.now - started
        memory = max(0, result.residentBytes - baseline)
        self.result = result
        return result.members
    }

    /// In a replay, clearing removes the selected sessions from the final table: it reports them.
    mutating func clear(_ query: SessionQuery) throws -> [MemberSnapshot] {
        try members(query, countsOnly: !query.isFiltered)
    }

    func advance(by seconds: Double?) throws -> String {
        throw ValidationError("request replay advance is a command of the interactive shell (ams cli --replay FILE)")
    }

    /// Prints the statistics, and fails if the capture was damaged (after everything read was shown).
    func finish() throws {
        guard let result else { return }
        if replay.stats { ReplayStatisticsReport(result: result, elapsed: elapsed, residentBytes: memory).write() }
        if let error = result.captureError {
            // Damaged capture: what was read has been shown; say where it stopped and exit non-zero
            // (2 when not even one frame could be read, 3 when the damage is part-way).
            var standardError = StandardError()
            standardError.write("ams: \(replay.file): \(error)\n")
            throw ExitCode(result.counters.frames == 0 ? 2 : 3)
        }
    }
}

/// A failure that ends `ams replay` with a message and exit status 2.
struct ReplayFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
