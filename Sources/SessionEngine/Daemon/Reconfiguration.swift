// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// What a reload did to the sessions (``PacketDriver/reconfigure(_:)``): those the new policy still gives
/// the same verdict were kept, the others — and those of a service set that is gone — ended.
public struct ReconfigurationOutcome: Sendable, Hashable {
    public var kept: Int
    public var ended: Int

    public init(kept: Int, ended: Int) {
        self.kept = kept
        self.ended = ended
    }
}

/// Why a reload was refused; the running configuration stays.
public struct ReconfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }

    /// The members' tables are the members': a reload cannot add or take away one.
    static func memberCount(running: Int, new: Int) -> ReconfigurationError {
        ReconfigurationError(
            "the new configuration has \(new) member\(new == 1 ? "" : "s") and the running one \(running): "
                + "a change of members needs a restart of ams run")
    }
}
