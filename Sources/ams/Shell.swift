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
            (`| no-more` turns it off). With --replay, `request replay advance SECONDS` (or `to-end`) replays \
            more of the capture, so that sessions can be watched appearing and expiring; \
            `clear services sessions` removes sessions from the live table. `exit` or Ctrl-D leaves.
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
        var editor = LineEditor(isTerminal: isTerminal)
        let user = String(cString: getenv("USER") ?? strdup("user"))
        let prompt = "\(user)@ams> "
        while let line = editor.readLine(prompt: prompt) {
            let trimmed = line.trimmingWhitespace
            if trimmed.isEmpty { continue }
            if ["exit", "quit"].contains(trimmed) { break }
            let clock = ContinuousClock()
            let started = clock.now
            run(trimmed, on: &source, isTerminal: isTerminal)
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
    }

    /// Parses and runs one command line, printing its output (paged on a terminal) or its error.
    func run(_ line: String, on source: inout SteppedSource, isTerminal: Bool) {
        do {
            switch try CommandParser.parse(line) {
            case .help(let text):
                StandardStream.write(Array((text + "\n").utf8), to: 1)
            case .command(let parsed):
                var pager = Pager(isEnabled: isTerminal && !parsed.pipes.contains(.noMore))
                pager.holdsAtEnd = parsed.pipes.contains(.hold)
                try CommandExecutor(version: AMS.version, isOutputGone: { StandardStream.outputError != nil }) {
                    pager.write($0)
                }.execute(parsed, on: &source)
                pager.finish()
            }
        } catch let error as CommandError {
            StandardStream.write(Array("\(error)\n".utf8), to: 1)
        } catch {
            StandardStream.write(Array("error: \(error)\n".utf8), to: 1)
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingWhitespace: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
