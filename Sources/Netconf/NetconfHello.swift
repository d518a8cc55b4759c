// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The `<hello>` messages (SPEC.md §7, netconf-research.md §2.2): the server's, as Junos writes it (its two
/// leading comments, its capabilities, the session ID; base:1.1 only when `rfc-compliant`), and the
/// capabilities read from the client's.
public enum NetconfHello {
    public static let baseNamespace = "urn:ietf:params:xml:ns:netconf:base:1.0"
    public static let base10 = "urn:ietf:params:netconf:base:1.0"
    public static let base11 = "urn:ietf:params:netconf:base:1.1"

    /// The capabilities a Junos router announces (18.2R1 capture), base:1.1 after base:1.0 when offered.
    public static func capabilities(base11 offersBase11: Bool) -> [String] {
        [base10] + (offersBase11 ? [base11] : []) + [
            "urn:ietf:params:netconf:capability:candidate:1.0",
            "urn:ietf:params:netconf:capability:confirmed-commit:1.0",
            "urn:ietf:params:netconf:capability:validate:1.0",
            "urn:ietf:params:netconf:capability:url:1.0?scheme=http,ftp,file",
            "urn:ietf:params:xml:ns:netconf:base:1.0",
            "urn:ietf:params:xml:ns:netconf:capability:candidate:1.0",
            "urn:ietf:params:xml:ns:netconf:capability:confirmed-commit:1.0",
            "urn:ietf:params:xml:ns:netconf:capability:validate:1.0",
            "urn:ietf:params:xml:ns:netconf:capability:url:1.0?protocol=http,ftp,file",
            "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring",
            "http://xml.juniper.net/netconf/junos/1.0",
            "http://xml.juniper.net/dmi/system/1.0",
        ]
    }

    /// The server's hello, without its framing.
    public static func server(sessionID: Int, user: String, loginClass: String, base11: Bool) -> String {
        var text = "<!-- No zombies were killed during the creation of this user interface -->\n"
        text += "<!-- user \(NetconfReply.escaped(user)), class \(NetconfReply.escaped(loginClass)) -->\n"
        text += "<hello xmlns=\"\(baseNamespace)\">\n  <capabilities>\n"
        for capability in capabilities(base11: base11) {
            text += "    <capability>\(NetconfReply.escaped(capability))</capability>\n"
        }
        text += "  </capabilities>\n  <session-id>\(sessionID)</session-id>\n</hello>\n"
        return text
    }

    /// The capabilities of a client's `<hello>` (in the base namespace or none), trimmed.
    ///
    /// - Throws: ``NetconfError`` if `element` is not a hello or announces no base capability.
    public static func clientCapabilities(_ element: XMLElement) throws(NetconfError) -> [String] {
        guard element.name == "hello", element.namespace == nil || element.namespace == baseNamespace else {
            throw NetconfError("expected <hello>, got <\(element.name)>")
        }
        let capabilities = (element.child("capabilities")?.children ?? [])
            .filter { $0.name == "capability" }
            .map { $0.text.trimmingWhitespace }
        guard capabilities.contains(base10) || capabilities.contains(base11) else {
            throw NetconfError("the client's hello announces neither base:1.0 nor base:1.1")
        }
        return capabilities
    }
}

/// A protocol error that ends the session (a bad hello, framing).
public struct NetconfError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

extension String {
    /// Without leading and trailing white space.
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
