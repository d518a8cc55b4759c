// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
public import OperationalCommands
public import ServicesCore

/// Where the sessions a command shows come from: a finished replay, or the shell's live table.
public protocol SessionSource {
    /// The bundle the members belong to.
    var bundle: String { get }
    /// The configuration file loaded, for `show configuration`.
    var configuration: Configuration? { get }
    /// The members with the sessions `query` selects and their counts (only counts, where `countsOnly`).
    mutating func members(_ query: SessionQuery, countsOnly: Bool) throws -> [MemberSnapshot]
    /// Removes the sessions `query` selects; the members with the removed sessions.
    mutating func clear(_ query: SessionQuery) throws -> [MemberSnapshot]
    /// Replays `seconds` more of packet time (`nil`: to the end); a text saying where the replay stands.
    mutating func advance(by seconds: Double?) throws -> String
}
