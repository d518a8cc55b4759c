// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A Junos-shaped `<rpc-error>` (netconf-research.md §2.5): what PyEZ raises as `RpcError` (or
/// `PermissionError` for `permission denied`) and ncclient as `RPCError`.
public struct RPCError: Error, Sendable, Hashable {
    public var type: String
    public var tag: String
    public var severity: String
    public var message: String
    public var badElement: String?

    public init(
        type: String = "protocol", tag: String = "operation-failed", severity: String = "error", message: String,
        badElement: String? = nil
    ) {
        self.type = type
        self.tag = tag
        self.severity = severity
        self.message = message
        self.badElement = badElement
    }

    /// `syntax error` naming the element (or word) a router does not know.
    public static func syntax(_ message: String = "syntax error", badElement: String?) -> RPCError {
        RPCError(message: message, badElement: badElement)
    }

    /// `permission denied`: the user's class may not run it.
    public static let permissionDenied = RPCError(type: "protocol", tag: "access-denied", message: "permission denied")

    /// The element, a line each.
    public var xml: String {
        var text = "<rpc-error>\n<error-type>\(type)</error-type>\n<error-tag>\(tag)</error-tag>\n"
        text += "<error-severity>\(severity)</error-severity>\n"
        text += "<error-message>\(NetconfReply.escaped(message))</error-message>\n"
        if let badElement {
            text += "<error-info>\n<bad-element>\(NetconfReply.escaped(badElement))</bad-element>\n</error-info>\n"
        }
        return text + "</rpc-error>\n"
    }
}
