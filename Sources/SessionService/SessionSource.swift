// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
public import ServicesCore
public import SessionEngine

/// Where a command's sessions come from: a replay (``ReplaySource``), the shell's stepped replay
/// (``SteppedSource``) or the daemon's live tables (``DaemonSource``). Either way they are the members'
/// tables (``SessionTables``), which the ``CommandExecutor`` queries.
public protocol SessionSource {
    /// The tables' kind: `MemberTables` in hand, or the daemon's asked through its mailbox.
    associatedtype Tables: SessionTables
    /// The bundles the members belong to, in configuration order.
    var bundles: [String] { get }
    /// The configuration file loaded, for `show configuration`.
    var configuration: Configuration? { get }
    /// The card the router reports in `show version` (``EngineConfiguration/generation``).
    var generation: ServicesGeneration { get }
    /// The members' tables as a command sees them now: a replay runs on first use, a stepped replay's
    /// tables are expired to the packet time reached.
    mutating func tables() throws -> Tables
    /// Replays `seconds` more of packet time (`nil`: to the end), or less if `shouldStop` says so first; a
    /// text saying where the replay stands.
    mutating func advance(by seconds: Double?, stoppingWhen shouldStop: @escaping () -> Bool) throws -> String
    /// Re-reads the configuration file and applies it (`request system configuration reload`); a text saying
    /// what it did. Only the daemon's source can (``DaemonSource``).
    mutating func reloadConfiguration() throws -> String
}

extension SessionSource {
    public mutating func reloadConfiguration() throws -> String {
        throw CommandFailure("request system configuration reload is a command of the daemon (ams run)")
    }
}
