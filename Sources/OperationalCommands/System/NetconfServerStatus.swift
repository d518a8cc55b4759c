// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `show system netconf` / `<get-netconf-server-information/>` *(ours: Junos has no such command)*: the
/// daemon's NETCONF server as an operator checks it — where it listens, its framing, the host key a client
/// should be given (SPEC.md §7), its sessions and logins. A snapshot the server takes when asked.
public struct NetconfServerStatus: Sendable, Hashable {
    public var listenAddress: String
    public var port: Int
    /// `system services netconf rfc-compliant`: RFC 6242 chunked framing when the client offers base:1.1.
    public var rfcCompliant: Bool
    /// The host key's type and fingerprint as OpenSSH prints them: `ED25519 SHA256:…`.
    public var hostKeyFingerprint: String
    /// The host key's public half, `ssh-ed25519 AAAA…` (a `known_hosts` line is `[host]:port` and this).
    public var hostKey: String
    public var hostKeyFile: String
    /// `system login user` entries.
    public var users: Int
    public var openSessions: Int
    public var sessionsSinceStart: Int
    public var connectionLimit: Int
    public var logins: Int
    public var wrongPasswords: Int

    public init(
        listenAddress: String, port: Int, rfcCompliant: Bool, hostKeyFingerprint: String, hostKey: String,
        hostKeyFile: String, users: Int, openSessions: Int, sessionsSinceStart: Int, connectionLimit: Int,
        logins: Int, wrongPasswords: Int
    ) {
        self.listenAddress = listenAddress
        self.port = port
        self.rfcCompliant = rfcCompliant
        self.hostKeyFingerprint = hostKeyFingerprint
        self.hostKey = hostKey
        self.hostKeyFile = hostKeyFile
        self.users = users
        self.openSessions = openSessions
        self.sessionsSinceStart = sessionsSinceStart
        self.connectionLimit = connectionLimit
        self.logins = logins
        self.wrongPasswords = wrongPasswords
    }

    private var framing: String {
        rfcCompliant ? "]]>]]> (base:1.0); RFC 6242 chunks when the client offers base:1.1" : "]]>]]> (base:1.0)"
    }

    public func write(to output: inout TextBuffer) {
        output.write("NETCONF server:\n")
        output.write("  Listening on:      \(listenAddress) port \(port)\n")
        output.write("  Framing:           \(framing)\n")
        output.write("  Host key:          \(hostKeyFingerprint)\n")
        output.write("  Host key file:     \(hostKeyFile)\n")
        output.write("  Public host key:   \(hostKey)\n")
        output.write("  Users:             \(users)\n")
        output.write("  Sessions:          \(openSessions) open, \(sessionsSinceStart) since start (at most \(connectionLimit) connections)\n")
        output.write("  Logins:            \(logins) accepted, \(wrongPasswords) wrong passwords\n")
    }

    public var document: JunosElement {
        var root = JunosElement("netconf-server-information")
        root.appendLeaf("listen-address", listenAddress)
        root.appendLeaf("port", port)
        root.appendLeaf("framing", rfcCompliant ? "rfc-compliant" : "end-of-message")
        root.appendLeaf("host-key-fingerprint", hostKeyFingerprint)
        root.appendLeaf("host-key-file", hostKeyFile)
        root.appendLeaf("host-key", hostKey)
        root.appendLeaf("users", users)
        root.appendLeaf("open-sessions", openSessions)
        root.appendLeaf("sessions-since-start", sessionsSinceStart)
        root.appendLeaf("connection-limit", connectionLimit)
        root.appendLeaf("logins", logins)
        root.appendLeaf("wrong-passwords", wrongPasswords)
        return root
    }
}
