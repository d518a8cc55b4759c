// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import OperationalCommands
import SessionService

/// An operational command run in this process on a ``SessionSource`` — `ams replay`'s on a capture,
/// `ams show --sessions`' on session records: parsed, run by the one ``CommandExecutor``, its output on
/// standard output and its failure on standard error, as the two say them alike.
enum LocalCommand {
    /// `line` parsed; `nil` when it asked for help, which is printed (`?`, `help`).
    ///
    /// - Throws: `ExitCode(2)` after saying what is wrong with the line.
    static func parse(_ line: String) throws -> ParsedCommand? {
        do {
            switch try CommandParser.parse(line) {
            case .help(let text):
                StandardStream.write(Array((text + "\n").utf8), to: 1)
                return nil
            case .command(let command):
                return command
            }
        } catch {
            var standardError = StandardError()
            standardError.write("\(error)\n")
            throw ExitCode(2)
        }
    }

    /// Runs `parsed` on `source`, its output to standard output.
    ///
    /// - Throws: `ExitCode(2)` after saying why the command could not run; what writing the output met.
    static func execute<Source: SessionSource>(_ parsed: ParsedCommand, on source: inout Source) throws {
        do {
            try CommandExecutor(version: AMS.version, shouldStop: { StandardStream.outputError != nil }) {
                StandardStream.write($0, to: 1)
            }.execute(parsed, on: &source)
        } catch let failure as CommandFailure {
            var standardError = StandardError()
            standardError.write("ams: \(failure.message)\n")
            throw ExitCode(2)
        }
        try StandardStream.checkOutput()
    }
}
