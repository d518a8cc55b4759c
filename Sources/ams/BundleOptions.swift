// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import JunosConfiguration
import SessionEngine
import ServicesCore

/// `--config FILE | --members N [--next-gen]`: which bundle the engine runs, for `ams replay` and `ams cli` alike.
struct BundleOptions: ParsableArguments {
    @Option(help: "A Junos configuration (curly-brace or set form): bundle, members, service sets, policy, timers.")
    var config: String?

    @Option(help: "Number of AMS members (1–32) of the built-in configuration (default 2; not with --config).")
    var members: Int?

    @Flag(help: "Build the built-in bundle of Next Gen Services members (vms-F/P/0, MX-SPC3) instead of mams- (not with --config).")
    var nextGen = false

    func validate() throws {
        if let members, !(1...32).contains(members) { throw ValidationError("--members must be from 1 to 32") }
        if members != nil && config != nil {
            throw ValidationError("--members and --config cannot be used together: the configuration names the members")
        }
        if nextGen && config != nil {
            throw ValidationError("--next-gen and --config cannot be used together: the configuration's member names (vms-) choose Next Gen")
        }
    }

    /// The configuration file loaded (printing its diagnostics, exiting on errors), if one was given, and
    /// the engine's configuration: from the file, or the built-in one with `--members` members.
    func load() throws -> (configuration: Configuration?, engine: EngineConfiguration) {
        let configuration = try config.map(loadConfiguration)
        let engine =
            try configuration.map { try EngineConfiguration(configuration: $0) }
            ?? .builtInDefault(memberCount: members ?? 2, generation: nextGen ? .nextGen : .msMPC)
        return (configuration, engine)
    }
}
