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
        switch parsed.command {
        case .showConfiguration:
            try showConfiguration(pipes: parsed.pipes)
        case .showSessions(let query):
            try showSessions(query, pipes: parsed.pipes)
        case .showServiceSetsSummary(let interface):
            var query = SessionQuery()
            query.count = true
            query.interface = interface
            try showSessions(query, pipes: parsed.pipes, summary: true)
        case .showAnalysis(let interface):
            var query = SessionQuery()
            query.count = true
            query.interface = interface
            try showSessions(query, pipes: parsed.pipes, analysis: true)
        case .clearSessions(let query):
            try showSessions(query, pipes: parsed.pipes, clearing: true)
        case .showLoadBalancing(let bundle):
            var query = SessionQuery()
            query.count = true
            try showSessions(query, pipes: parsed.pipes, loadBalancing: bundle ?? "")
        case .showVersion:
            try emit(pipes: parsed.pipes) { output in
                output.write("Hostname: ams\nModel: ams (software AMS services engine)\n")
                output.write("ams version \(AMS.version), Swift 6.3\n")
            }
        }
    }

    /// Replays the capture and prints the sessions `query` selects.
    ///
    /// With `clearing`, the selected sessions are removed and the rows removed per member and service set
    /// printed (`clear services sessions`); with `loadBalancing`, the bundle and its members are shown.
    func showSessions(
        _ query: SessionQuery, pipes: [OutputPipe], clearing: Bool = false, loadBalancing: String? = nil,
        analysis: Bool = false, summary: Bool = false
    ) throws {
        let filtered = query.applicationProtocol != nil || query.destinationPort != nil
            || query.destinationPrefix != nil || query.sourcePort != nil || query.sourcePrefix != nil
            || query.transport != nil || query.limit != nil || query.serviceSet != nil
        let isCount = query.count
        let baseline = ProcessMemory.anonymousResidentBytes()
        let capture: CaptureFile
        do {
            capture = try CaptureFile(path: file)
        } catch {
            throw ReplayFailure(message: "\(file): \(error)")
        }
        var engineConfiguration = EngineConfiguration.builtInDefault(memberCount: members)
        if let config {
            engineConfiguration = try EngineConfiguration(configuration: loadConfiguration(config))
        }
        var options = ReplayOptions(
            configuration: engineConfiguration,
            stopAfter: at.map { UInt64($0 * 1_000_000_000) }, keepExpired: noExpire, sequential: sequential)
        options.countsOnly = (isCount && !filtered) || (clearing && !filtered && query.interface == nil)
        options.independentMembers = independentMembers
        let clock = ContinuousClock()
        let started = clock.now
        let result = ReplayEngine.replay(capture, options: options)
        let elapsed = clock.now - started
        let memory = max(0, result.residentBytes - baseline)

        let members = options.countsOnly ? result.members.filter { query.selects(member: $0.name, bundle: $0.bundle) }
            : query.apply(to: result.members)
        if summary {
            let selected = members.filter { query.selects(member: $0.name, bundle: $0.bundle) }
            let memory = Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE)))
            if pipes.contains(.displayXML) || pipes.contains(.displayJSON) {
                let document = SessionDocuments.serviceSetsSummary(selected, memory: memory)
                let text = pipes.contains(.displayXML) ? JunosReply.displayXML(document) : JunosReply.displayJSON(document)
                try emit(pipes: pipes.filter { $0 != .displayXML && $0 != .displayJSON }) { $0.write(text) }
            } else {
                try emit(pipes: pipes) { SessionTableRenderer.writeServiceSetsSummary(selected, memory: memory, to: &$0) }
            }
        } else if analysis {
            let selected = members.filter { query.selects(member: $0.name, bundle: $0.bundle) }
            if pipes.contains(.displayXML) || pipes.contains(.displayJSON) {
                let document = SessionDocuments.sessionAnalysis(selected)
                let text = pipes.contains(.displayXML) ? JunosReply.displayXML(document) : JunosReply.displayJSON(document)
                try emit(pipes: pipes.filter { $0 != .displayXML && $0 != .displayJSON }) { $0.write(text) }
            } else {
                try emit(pipes: pipes) { SessionTableRenderer.writeAnalysis(selected, to: &$0) }
            }
        } else if let bundle = loadBalancing {
            guard bundle.isEmpty || bundle == engineConfiguration.bundle else {
                throw ValidationError("interface \(bundle) is not an AMS bundle here (\(engineConfiguration.bundle) is)")
            }
            try emit(pipes: pipes) {
                SessionTableRenderer.writeLoadBalancing(members, bundle: engineConfiguration.bundle, to: &$0)
            }
        } else if clearing {
            if pipes.contains(.displayXML) || pipes.contains(.displayJSON) {
                let document = SessionDocuments.sessionsCleared(rows: SessionTableRenderer.clearedRows(members))
                let text = pipes.contains(.displayXML) ? JunosReply.displayXML(document) : JunosReply.displayJSON(document)
                try emit(pipes: pipes.filter { $0 != .displayXML && $0 != .displayJSON }) { $0.write(text) }
            } else {
                try emit(pipes: pipes) { SessionTableRenderer.writeCleared(members, to: &$0) }
            }
        } else if pipes.contains(.displayXML) || pipes.contains(.displayJSON) {
            let document = isCount
                ? SessionDocuments.sessionCount(members)
                : SessionDocuments.sessionTable(members, extensive: query.level == .extensive)
            let text = pipes.contains(.displayXML) ? JunosReply.displayXML(document) : JunosReply.displayJSON(document)
            try emit(pipes: pipes.filter { $0 != .displayXML && $0 != .displayJSON }) { $0.write(text) }
        } else {
            try emit(pipes: pipes) { output in
            if isCount {
                SessionTableRenderer.writeCount(members, to: &output)
            } else {
                switch query.level {
                case .brief: SessionTableRenderer.writeBrief(members, to: &output)
                case .extensive: SessionTableRenderer.writeExtensive(members, to: &output)
                case .terse: SessionTableRenderer.writeTerse(members, to: &output)
                }
            }
            }
        }

        if stats { ReplayStatisticsReport(result: result, elapsed: elapsed, residentBytes: memory).write() }
        if let error = result.captureError {
            // Damaged capture: what was read has been shown; say where it stopped and exit non-zero
            // (2 when not even one frame could be read, 3 when the damage is part-way).
            var standardError = StandardError()
            standardError.write("ams: \(file): \(error)\n")
            throw ExitCode(result.counters.frames == 0 ? 2 : 3)
        }
    }
}

extension Replay {
    /// `show configuration [| display set]`: the `--config` file, normalised, in curly-brace or set form.
    func showConfiguration(pipes: [OutputPipe]) throws {
        guard let config else { throw ValidationError("show configuration needs --config FILE") }
        let configuration = try loadConfiguration(config)
        let text = pipes.contains(.displaySet) ? configuration.setCommands() : configuration.curlyBraceText()
        try emit(pipes: pipes) { $0.write(text) }
    }

    /// Runs `render` and passes its text through the command's text pipes to standard output.
    func emit(pipes: [OutputPipe], _ render: (inout TextBuffer) -> Void) throws {
        if pipes.contains(.displayXML) || pipes.contains(.displayJSON) {
            throw ValidationError("| display xml and | display json are available for show services sessions only")
        }
        var pipeline = LinePipeline(pipes) { StandardStream.write(Array($0.utf8), to: 1) }
        if pipes.allSatisfy({ $0 == .noMore || $0 == .displaySet }) {
            var output = TextBuffer { StandardStream.write($0, to: 1) }
            render(&output)
            output.flush()
            return
        }
        var output = TextBuffer { pipeline.feed($0) }
        render(&output)
        output.flush()
        pipeline.finish()
    }
}

/// A failure that ends `ams replay` with a message and exit status 2.
struct ReplayFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
