// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
public import SessionEngine

/// The daemon's sessions (`ams run`): the live tables of its engine, as a job on the engine thread sees
/// them (``EngineAccess``), and its configuration, which `request system configuration reload` replaces.
public struct DaemonSource: SessionSource {
    public let engine: any EngineAccess
    public let settings: DaemonConfiguration

    /// - Parameter engine: valid only while the job that was given it runs.
    public init(engine: any EngineAccess, settings: DaemonConfiguration) {
        self.engine = engine
        self.settings = settings
    }

    public var bundle: String { engine.tables.configuration.bundle }
    public var configuration: Configuration? { settings.configuration }
    public func tables() throws -> MemberTables { engine.tables }

    public func advance(by seconds: Double?, stoppingWhen shouldStop: @escaping () -> Bool) throws -> String {
        throw CommandFailure(
            "request replay advance is a command of the interactive shell (ams cli --replay FILE); "
                + "the daemon replays at its own pace")
    }

    public func reloadConfiguration() throws -> String { try settings.reload(on: engine) }
}
