// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser

/// The `ams` command: a software AMS services engine.
@main
struct AMS: ParsableCommand {
    /// The version `show version` and `--version` print.
    static let version = "0.3.0"

    static let configuration = CommandConfiguration(
        commandName: "ams",
        abstract: "A software Aggregated Multiservices (AMS) services engine.",
        version: version,
        subcommands: [Replay.self, Shell.self, ConfigCommand.self]
    )
}
