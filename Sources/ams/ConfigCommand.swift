// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import JunosConfiguration
import SessionEngine
import SessionService

/// `ams config check FILE`: validates a Junos configuration and prints it normalised.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Work with Junos configuration files.", subcommands: [Check.self])

    /// Validates a configuration file.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration (curly-brace or set form) and print it normalised.",
            discussion: "Exit status 0 when the file is valid; 1, with every diagnostic on standard error, when not.")

        @Argument(help: "The configuration file.")
        var file: String

        @Flag(name: .customLong("display-set"), help: "Print the configuration as set commands.")
        var displaySet = false

        func run() throws {
            let configuration = try loadConfiguration(file)
            let text = displaySet ? configuration.setCommands() : configuration.curlyBraceText()
            StandardStream.write(Array(text.utf8), to: 1)
        }
    }
}

/// Reads and validates the configuration in `path` (``ConfigurationFile``): prints its warnings to standard
/// error; on any error prints every diagnostic there and exits with status 1 (2 if it cannot be read).
func loadConfiguration(_ path: String) throws -> Configuration {
    var errors = StandardError()
    do {
        let file = try ConfigurationFile.load(path)
        for line in file.warnings { errors.write(line + "\n") }
        return file.configuration
    } catch {
        if error.isUnreadable { throw ReplayFailure(message: String(error.lines[0].dropFirst("ams: ".count))) }
        for line in error.lines { errors.write(line + "\n") }
        throw ExitCode(1)
    }
}
