// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The `ams` command: a software AMS services engine.
@main
struct AMS: ParsableCommand {
    /// The version `show version` and `--version` print.
    static let version = "0.3.0"

    static let configuration = CommandConfiguration(
        commandName: "ams",
        abstract: "A software Aggregated Multiservices (AMS) services engine.",
        version: version,
        subcommands: [Replay.self, Split.self, Shell.self, Run.self, ShowCommand.self, ClearCommand.self, RequestCommand.self, ConfigCommand.self]
    )

    /// Runs the command line, with one error style everywhere: `ams: <what is wrong>` on standard error
    /// and a non-zero status (64 for a usage error), whether the arguments or the command found it;
    /// `--help` and `--version` print to standard output.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            // The command has said what went wrong already.
            Glibc.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                StandardStream.write(Array((fullMessage(for: error) + "\n").utf8), to: 1)
                Glibc.exit(0)
            }
            var standardError = StandardError()
            standardError.write("ams: \(message(for: error))\n")
            if code == .validationFailure {
                standardError.write("(see ams --help, or ams <command> --help)\n")
            }
            Glibc.exit(code.rawValue)
        }
    }
}
