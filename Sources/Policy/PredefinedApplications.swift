// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ServicesCore
import Wire

/// The predefined `junos-*` applications (SPEC.md §3; their ports and protocols as Junos defines them in `show configuration groups junos-defaults applications`).
public enum PredefinedApplications {
    /// Every predefined application, by name.
    public static let all: [ApplicationMatch] = [
        ApplicationMatch(name: "junos-ftp", transport: .tcp, destinationPorts: 21...21, alg: .ftp),
        ApplicationMatch(name: "junos-tftp", transport: .udp, destinationPorts: 69...69, alg: .tftp),
        ApplicationMatch(name: "junos-rtsp", transport: .tcp, destinationPorts: 554...554, alg: .rtsp),
        ApplicationMatch(name: "junos-pptp", transport: .tcp, destinationPorts: 1723...1723, alg: .pptp),
        ApplicationMatch(name: "junos-sqlnet-v2", transport: .tcp, destinationPorts: 1521...1521, alg: .sqlnet),
        ApplicationMatch(
            name: "junos-traceroute", transport: .udp, destinationPorts: 33435...33450, ttlThreshold: 30,
            alg: .traceroute),
        ApplicationMatch(name: "junos-icmp-all", transport: .icmp, alg: .icmp),
        ApplicationMatch(name: "junos-icmp-ping", transport: .icmp, icmpType: 8, alg: .icmp),
        ApplicationMatch(name: "junos-icmp6-all", transport: .icmpv6, alg: .icmpv6),
        ApplicationMatch(name: "junos-http", transport: .tcp, destinationPorts: 80...80),
        ApplicationMatch(name: "junos-https", transport: .tcp, destinationPorts: 443...443),
        ApplicationMatch(name: "junos-dns-udp", transport: .udp, destinationPorts: 53...53),
        ApplicationMatch(name: "junos-dns-tcp", transport: .tcp, destinationPorts: 53...53),
        ApplicationMatch(name: "junos-ssh", transport: .tcp, destinationPorts: 22...22),
        ApplicationMatch(name: "junos-telnet", transport: .tcp, destinationPorts: 23...23),
    ]

    /// The predefined application called `name`.
    public static func named(_ name: String) -> ApplicationMatch? { all.first { $0.name == name } }

    /// The applications with an ALG: the built-in service set enables every one of them.
    public static var gateways: [ApplicationMatch] { all.filter { $0.alg != .none } }
}
