// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `system services netconf { ssh { port N; } rfc-compliant; listen-address A; }`: the NETCONF server of
/// `ams run` (SPEC.md §7). Present only when the configuration has `system services netconf`.
public struct NetconfService: Hashable, Sendable {
    /// The Junos NETCONF port.
    public static let defaultPort = 830
    /// Where the server listens unless `listen-address` says otherwise *(ours)*: loopback only.
    public static let defaultListenAddress = "127.0.0.1"

    /// `ssh port N` (1–65535).
    public var port: Int?
    /// `rfc-compliant`: RFC 6242 chunked framing when the client offers base:1.1 too.
    public var rfcCompliant: Bool
    /// `listen-address A` *(ours)*: an IPv4 or IPv6 address.
    public var listenAddress: String?

    public init(port: Int? = nil, rfcCompliant: Bool = false, listenAddress: String? = nil) {
        self.port = port
        self.rfcCompliant = rfcCompliant
        self.listenAddress = listenAddress
    }

    /// The port listened on: ``port`` or 830.
    public var effectivePort: Int { port ?? Self.defaultPort }
    /// The address listened on: ``listenAddress`` or 127.0.0.1.
    public var effectiveListenAddress: String { listenAddress ?? Self.defaultListenAddress }
}
