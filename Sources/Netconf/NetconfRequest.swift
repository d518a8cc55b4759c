// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// One `<rpc>` a client sent (in the base namespace, or none: clients write `<rpc>` and `<nc:rpc>`): the
/// attributes its reply echoes and the operation, its one child element.
public struct NetconfRequest: Sendable, Hashable {
    public var attributes: [XMLAttribute]
    public var operation: XMLElement

    public init(attributes: [XMLAttribute], operation: XMLElement) {
        self.attributes = attributes
        self.operation = operation
    }

    /// Reads a message after the hellos: an `<rpc>` with one operation, or the `rpc-error` to answer with
    /// (and the attributes to echo, when the `<rpc>` itself was readable).
    public static func read(_ message: [UInt8]) -> Result<NetconfRequest, RejectedRequest> {
        let element: XMLElement
        do {
            element = try XMLReader.parse(message)
        } catch {
            return .failure(RejectedRequest(RPCError(type: "rpc", tag: "malformed-message", message: "malformed XML: \(error)"), []))
        }
        guard element.name == "rpc", element.namespace == nil || element.namespace == NetconfHello.baseNamespace else {
            return .failure(RejectedRequest(.syntax(badElement: element.name), []))
        }
        guard element.children.count == 1 else {
            let message = element.children.isEmpty ? "missing the operation in <rpc>" : "more than one operation in <rpc>"
            return .failure(RejectedRequest(RPCError(type: "rpc", tag: "operation-failed", message: message), element.attributes))
        }
        return .success(NetconfRequest(attributes: element.attributes, operation: element.children[0]))
    }
}

/// A message that is not a readable `<rpc>`: the error to answer with, and the attributes to echo.
public struct RejectedRequest: Error, Sendable, Hashable {
    public var error: RPCError
    public var attributes: [XMLAttribute]

    public init(_ error: RPCError, _ attributes: [XMLAttribute]) {
        self.error = error
        self.attributes = attributes
    }
}
