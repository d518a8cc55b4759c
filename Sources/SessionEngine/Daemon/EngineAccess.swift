// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import PacketCapture

/// The daemon's engine as a job posted to its ``EngineMailbox`` sees it, on the engine thread, between two
/// pumps: the tables to answer a command from, and a reload.
public protocol EngineAccess: AnyObject {
    /// The members' tables at the packet time reached (sessions expired by then removed).
    var tables: MemberTables { get }
    /// Counters summed over the pump and the members.
    var counters: MemberCounters { get }
    /// Packet time reached, nanoseconds since the epoch.
    var now: UInt64 { get }
    /// `true` once the source has ended for good (the end of a `--replay` capture).
    var hasEnded: Bool { get }
    /// Takes a new configuration (``PacketDriver/reconfigure(_:)``).
    func reconfigure(_ configuration: EngineConfiguration) throws(ReconfigurationError) -> ReconfigurationOutcome
}
