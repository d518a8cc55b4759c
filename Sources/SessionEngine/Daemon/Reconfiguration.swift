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

    /// The members' tables are the members': a reload cannot add, take away, rename or move one, nor
    /// change the bundles they belong to. `nil` when `new` runs the same bundles of the same members as
    /// `running`.
    static func bundles(running: EngineConfiguration, new: EngineConfiguration) -> ReconfigurationError? {
        let (was, now) = (running.members.count, new.members.count)
        guard was == now else {
            return ReconfigurationError(
                "the new configuration has \(now) member\(now == 1 ? "" : "s") and the running one \(was): "
                    + "a change of members needs a restart of ams run")
        }
        func text(_ configuration: EngineConfiguration) -> String {
            configuration.bundles.map { "\($0.name) (\($0.members.joined(separator: ", ")))" }.joined(separator: ", ")
        }
        guard running.bundles.map(\.name) == new.bundles.map(\.name), running.bundles.map(\.members) == new.bundles.map(\.members)
        else {
            return ReconfigurationError(
                "the new configuration runs \(text(new)) and the running one \(text(running)): "
                    + "a change of bundles or members needs a restart of ams run")
        }
        return nil
    }
}
