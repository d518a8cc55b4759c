// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import OperationalCommands

/// What the server does for one RPC (``NetconfOperations/action(for:mayClear:)``).
public enum NetconfAction: Sendable, Hashable {
    /// `<ok/>`, then the session ends.
    case closeSession
    /// End session `id`, then `<ok/>`.
    case killSession(id: Int)
    /// Run `command` through the daemon's command executor and wrap what it writes in `format`
    /// (``ReplyBodyFilter``); its pipes hold the `| display xml` or `| display json` that format needs.
    case run(ParsedCommand, format: ReplyFormat)
    /// Answer with this body at once.
    case reply(String)
    /// Answer with this error.
    case error(RPCError)
}
