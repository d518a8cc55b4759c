// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import JunosConfiguration
import OperationalCommands
import PacketCapture
import Policy
import ServicesCore
import SessionEngine
import SessionService
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// `ams cli`: the interactive operational shell (Junos style), optionally stepping through a capture.
struct Shell: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cli",
        abstract: "Interactive Junos-style operational shell.",
        discussion: """
            A `user@ams> ` prompt with line editing, history (up/down), tab completion, `?` help and paging \
            (`| no-more` turns it off); Ctrl-C stops a command and the shell goes on. With --replay, \
            `request replay advance SECONDS` (or `to-end`) replays more of the capture, so that sessions can \
            be watched appearing and expiring; `clear services sessions` removes sessions from the live \
            table. Without --replay the shell attaches to the running daemon (ams run) on its control \
            socket: the same commands run on its live tables (`?`, Tab and paging work here, the command \
            there). `exit` or Ctrl-D leaves. Without a terminal, commands are read from standard input, one \
            per line (at most 1 MiB); the exit status is 1 if any failed (69 if no daemon answers).
            """
    )

    @Option(help: "A capture to step through (pcap or pcapng).")
    var replay: String?

    @OptionGroup var bundle: BundleOptions

    @OptionGroup var shard: MemberShardOptions

    @Option(help: ArgumentHelp(
        "Without --replay: the daemon's control socket (default: \(ControlSocketPath.default)).", valueName: "path"))
    var socket: String?

    @Flag(help: "After each command, print how long it took to standard error.")
    var timing = false

    func validate() throws {
        if replay == nil && (bundle.config != nil || bundle.members != nil) {
            throw ValidationError(
                "--config and --members choose the bundle of a replay (--replay FILE); without one the shell "
                    + "attaches to the daemon, which runs its own (ams run --config FILE)")
        }
        if replay == nil && shard.memberShard != nil {
            throw ValidationError("--member-shard chooses the members of a replay (--replay FILE)")
        }
        if replay != nil && socket != nil {
            throw ValidationError("--socket attaches to a daemon: not with --replay FILE")
        }
    }

    func run() throws {
        let isTerminal = isatty(0) == 1 && isatty(1) == 1
        guard let replay else {
            var daemon = try AttachedDaemon(path: socket ?? ControlSocketPath.default)
            try readCommands(isTerminal: isTerminal) { daemon.run($0, isTerminal: isTerminal) }
            return
        }
        let (configuration, engine) = try bundle.load()
        var source = SteppedSource(configuration: configuration, engine: engine)
        let memberShard = try shard.shard(memberCount: engine.members.count)
        do {
            source.stepped = SteppedReplay(
                file: try CaptureFile(path: replay), configuration: engine, memberShard: memberShard)
        } catch {
            throw ReplayFailure(message: "\(replay): \(error)")
        }
        if isTerminal {
            Terminal.write(
                "Stepping through \(replay) from its first packet: \"request replay advance SECONDS\" or "
                    + "\"request replay advance to-end\" replays more.\n")
        }
        try readCommands(isTerminal: isTerminal) { run($0, on: &source, isTerminal: isTerminal) }
    }

    /// The shell's loop: reads command lines and runs each with `runLine` (`false`: it failed) until `exit`,
    /// Ctrl-D or the end of input.
    func readCommands(isTerminal: Bool, _ runLine: (String) -> Bool) throws {
        // On a terminal, Ctrl-C stops the command, not the shell; piped, it ends the process as usual.
        if isTerminal { Interrupt.install() }
        var editor = LineEditor(isTerminal: isTerminal)
        let user = String(cString: getenv("USER") ?? strdup("user"))
        let prompt = "\(user)@ams> "
        var hasFailed = false
        while let input = editor.readLine(prompt: prompt) {
            guard case .text(let line) = input else {
                StandardStream.write(
                    Array("error: command line longer than \(CommandLineReader.maximumLength) bytes; not run\n".utf8), to: 1)
                hasFailed = true
                continue
            }
            let trimmed = line.trimmingWhitespace
            if trimmed.isEmpty { continue }
            if ["exit", "quit"].contains(trimmed) { break }
            let clock = ContinuousClock()
            let started = clock.now
            Interrupt.reset()
            if isTerminal {
                // Ctrl-C is not echoed while a command runs: the shell says `^C` itself once the command
                // has stopped, on a line of its own, before the next prompt.
                Terminal.withLocalModes({ $0 &= ~tcflag_t(ECHOCTL) }) {
                    hasFailed = !runLine(trimmed) || hasFailed
                }
                if Interrupt.isPending { Terminal.write("^C\n") }
            } else {
                hasFailed = !runLine(trimmed) || hasFailed
            }
            if timing {
                let took = clock.now - started
                let milliseconds = Double(took.components.seconds) * 1e3 + Double(took.components.attoseconds) / 1e15
                var standardError = StandardError()
                standardError.write("(\(String(fixed: milliseconds / 1000, digits: 3)) s: \(trimmed))\n")
            }
            // Nothing more can be shown: leave, saying why.
            if StandardStream.outputError != nil { break }
        }
        if isTerminal { StandardStream.write(Array("\n".utf8), to: 1) }
        try StandardStream.checkOutput()
        // Piped: the status says whether every command ran (their errors are in the output already).
        if !isTerminal && hasFailed { throw ExitCode(1) }
    }

    /// Parses and runs one command line, printing its output (paged on a terminal) or its error; `false`
    /// if it was refused or failed.
    func run(_ line: String, on source: inout SteppedSource, isTerminal: Bool) -> Bool {
        do {
            switch try CommandParser.parse(line) {
            case .help(let text):
                StandardStream.write(Array((text + "\n").utf8), to: 1)
            case .command(let parsed):
                var pager = Pager(isEnabled: isTerminal && !parsed.pipes.contains(.noMore))
                pager.holdsAtEnd = parsed.pipes.contains(.hold)
                try CommandExecutor(
                    version: AMS.version,
                    shouldStop: { StandardStream.outputError != nil || Interrupt.isPending || pager.isStopped }
                ) {
                    pager.write($0)
                }.execute(parsed, on: &source)
                pager.finish()
            }
            return true
        } catch let error as CommandError {
            StandardStream.write(Array("\(error)\n".utf8), to: 1)
        } catch {
            StandardStream.write(Array("error: \(error)\n".utf8), to: 1)
        }
        return false
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingWhitespace: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
