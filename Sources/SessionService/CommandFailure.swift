// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Why a command cannot run here (a missing configuration, a shell command in a replay, …): the message is
/// for the user as it stands.
public struct CommandFailure: Error, Hashable, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }

    public init(_ message: String) { self.message = message }
}
