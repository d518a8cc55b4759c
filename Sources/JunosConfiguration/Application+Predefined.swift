// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension Application {
    /// The predefined `junos-*` applications, usable by name without being configured.
    public static let predefined: [Application] = [
        Application(name: "junos-ftp", applicationProtocol: .ftp, ipProtocol: .tcp, destinationPort: PortRange(21)),
        Application(name: "junos-tftp", applicationProtocol: .tftp, ipProtocol: .udp, destinationPort: PortRange(69)),
        Application(name: "junos-rtsp", applicationProtocol: .rtsp, ipProtocol: .tcp, destinationPort: PortRange(554)),
        Application(name: "junos-pptp", applicationProtocol: .pptp, ipProtocol: .tcp, destinationPort: PortRange(1723)),
        Application(
            name: "junos-sqlnet-v2", applicationProtocol: .sqlnet, ipProtocol: .tcp, destinationPort: PortRange(1521)),
        Application(name: "junos-icmp-all", applicationProtocol: .icmp, ipProtocol: .icmp),
        Application(name: "junos-icmp-ping", applicationProtocol: .icmp, ipProtocol: .icmp, icmpType: 8),
        Application(name: "junos-icmp6-all", applicationProtocol: .icmpv6, ipProtocol: .icmp6),
        Application(
            name: "junos-traceroute", applicationProtocol: .traceroute, ipProtocol: .udp,
            destinationPort: PortRange(33_435, 33_450), ttlThreshold: 30),
        Application(name: "junos-http", ipProtocol: .tcp, destinationPort: PortRange(80)),
        Application(name: "junos-https", ipProtocol: .tcp, destinationPort: PortRange(443)),
        Application(name: "junos-dns-udp", applicationProtocol: .dns, ipProtocol: .udp, destinationPort: PortRange(53)),
        Application(name: "junos-dns-tcp", ipProtocol: .tcp, destinationPort: PortRange(53)),
        Application(name: "junos-ssh", ipProtocol: .tcp, destinationPort: PortRange(22)),
        Application(name: "junos-telnet", ipProtocol: .tcp, destinationPort: PortRange(23)),
    ]

    /// The predefined application with this name, if any.
    public static func predefined(named name: String) -> Application? {
        predefined.first { $0.name == name }
    }
}
