// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import JunosConfiguration
import SessionEngine

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

/// The most diagnostics of one configuration file printed.
let maximumDiagnosticsShown = 100

/// Reads and validates the configuration in `path`; on any error prints every diagnostic to standard error
/// and exits with status 1.
func loadConfiguration(_ path: String) throws -> Configuration {
    let text = try readTextFile(path)
    let (configuration, diagnostics) = ConfigurationParser.parse(text, file: path)
    var errors = StandardError()
    // At most 100 of them: a hostile file can have millions.
    for diagnostic in diagnostics.prefix(maximumDiagnosticsShown) { errors.write("\(diagnostic)\n") }
    if diagnostics.count > maximumDiagnosticsShown {
        errors.write("ams: \(path): … and \(diagnostics.count - maximumDiagnosticsShown) more\n")
    }
    guard let configuration, !diagnostics.contains(where: { $0.severity == .error }) else {
        errors.write("ams: \(path): \(diagnostics.filter { $0.severity == .error }.count) error(s); configuration not loaded\n")
        throw ExitCode(1)
    }
    // Also check that the engine can run it (a bundle with members and a service set).
    do {
        _ = try EngineConfiguration(configuration: configuration)
    } catch {
        errors.write("\(path): error: \(error)\n")
        throw ExitCode(1)
    }
    return configuration
}
