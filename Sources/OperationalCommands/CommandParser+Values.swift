// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ServicesCore

/// The named values of the options: one table each, from which the parser resolves a value, `?` lists the
/// possible ones and Tab completes.
extension CommandParser {
    /// The names `protocol` takes besides a number, with their protocol numbers and the descriptions the
    /// Junos CLI gives them (`protocol ?`).
    static let ipProtocols: [(keyword: Keyword, number: UInt8)] = [
        (Keyword(name: "ah", help: "IP Security authentication header"), 51),
        (Keyword(name: "egp", help: "Exterior gateway protocol"), 8),
        (Keyword(name: "esp", help: "IPSec Encapsulating Security Payload"), 50),
        (Keyword(name: "gre", help: "Generic routing encapsulation"), 47),
        (Keyword(name: "icmp", help: "Internet Control Message Protocol"), 1),
        (Keyword(name: "icmp6", help: "Internet Control Message Protocol Version 6"), 58),
        (Keyword(name: "igmp", help: "Internet Group Management Protocol"), 2),
        (Keyword(name: "ipip", help: "IP in IP"), 4),
        (Keyword(name: "ospf", help: "Open Shortest Path First"), 89),
        (Keyword(name: "pim", help: "Protocol Independent Multicast"), 103),
        (Keyword(name: "rsvp", help: "Resource Reservation Protocol"), 46),
        (Keyword(name: "sctp", help: "Stream Control Transmission Protocol"), 132),
        (Keyword(name: "tcp", help: "Transmission Control Protocol"), 6),
        (Keyword(name: "udp", help: "User Datagram Protocol"), 17),
    ]
    static let protocolValues = ipProtocols.map(\.keyword)

    /// The protocol number of the name `name` among ``ipProtocols``.
    static func protocolNumber(_ name: String) -> UInt8? {
        ipProtocols.first { $0.keyword.name == name }?.number
    }

    /// The values of `application-protocol`, with the descriptions of the command reference.
    static let applicationProtocolValues = ApplicationFilter.allCases.map { filter in
        let help =
            switch filter {
            case .ftp: "File Transfer Protocol"
            case .icmp: "Internet Control Message Protocol"
            case .pptp: "Point-to-Point Tunneling Protocol"
            case .rtsp: "Real-Time Streaming Protocol"
            case .sqlnet: "SQL *Net"
            case .tcp: "Transmission Control Protocol"
            case .traceroute: "Traceroute"
            case .tftp: "Trivial File Transfer Protocol"
            case .udp: "User Datagram Protocol"
            }
        return Keyword(name: filter.rawValue, help: help)
    }

    /// The name `request replay advance` takes besides a number of seconds.
    static let advanceValues = [Keyword(name: "to-end", help: "Replay to the end of the capture")]
}
