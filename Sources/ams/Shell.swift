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
            table. `exit` or Ctrl-D leaves. Without a terminal, commands are read from standard input, one \
            per line (at most 1 MiB); the exit status is 1 if any failed.
            """
    )

    @Option(help: "A capture to step through (pcap or pcapng).")
    var replay: String?

    @OptionGroup var bundle: BundleOptions

    @Flag(help: "After each command, print how long it took to standard error.")
    var timing = false

    func run() throws {
        let (configuration, engine) = try bundle.load()
        var source = SteppedSource(configuration: configuration, engine: engine)
        if let replay {
            do {
                source.stepped = SteppedReplay(file: try CaptureFile(path: replay), configuration: engine)
            } catch {
                throw ReplayFailure(message: "\(replay): \(error)")
            }
        }
        let isTerminal = isatty(0) == 1 && isatty(1) == 1
        // On a terminal, Ctrl-C stops the command, not the shell; piped, it ends the process as usual.
        if isTerminal { Interrupt.install() }
        var editor = LineEditor(isTerminal: isTerminal)
        let user = String(cString: getenv("USER") ?? strdup("user"))
        let prompt = "\(user)@ams> "
        if isTerminal, let replay {
            Terminal.write(
                "Stepping through \(replay) from its first packet: \"request replay advance SECONDS\" or "
                    + "\"request replay advance to-end\" replays more.\n")
        }
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
                    hasFailed = !run(trimmed, on: &source, isTerminal: true) || hasFailed
                }
                if Interrupt.isPending { Terminal.write("^C\n") }
            } else {
                hasFailed = !run(trimmed, on: &source, isTerminal: false) || hasFailed
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
