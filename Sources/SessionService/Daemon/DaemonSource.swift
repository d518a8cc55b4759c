// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
public import ServicesCore
public import SessionEngine

/// The daemon's sessions (`ams run`) as a command sees them from its own thread: the live tables of its
/// engine, asked a job at a time (``MailboxTables``), and its configuration, which `request system
/// configuration reload` replaces.
public struct DaemonSource: SessionSource {
    public let tablesOfEngine: MailboxTables
    public let settings: DaemonConfiguration

    public init(mailbox: EngineMailbox, settings: DaemonConfiguration) {
        self.tablesOfEngine = MailboxTables(mailbox: mailbox)
        self.settings = settings
    }

    public var bundles: [String] { (try? tablesOfEngine.ask { $0.tables.configuration.bundles.map(\.name) }) ?? [] }
    public var configuration: Configuration? { settings.configuration }
    public var generation: ServicesGeneration { settings.generation }
    public func tables() -> MailboxTables { tablesOfEngine }

    public func advance(by seconds: Double?, stoppingWhen shouldStop: @escaping () -> Bool) throws -> String {
        throw CommandFailure(
            "request replay advance is a command of the interactive shell (ams cli --replay FILE); "
                + "the daemon replays at its own pace")
    }

    public func reloadConfiguration() throws -> String {
        let settings = self.settings
        return try tablesOfEngine.ask { engine in Result { () throws(CommandFailure) in try settings.reload(on: engine) } }.get()
    }
}
