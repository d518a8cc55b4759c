// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

extension IPProtocol {
    /// The protocol as the flow lines print it: `TCP UDP ICMP ICMPV6 GRE ESP AH SCTP`, else the number.
    public var flowName: String {
        switch self {
        case .tcp: "TCP"
        case .udp: "UDP"
        case .icmp: "ICMP"
        case .icmpv6: "ICMPV6"
        case .gre: "GRE"
        case .esp: "ESP"
        case .ah: "AH"
        case .sctp: "SCTP"
        default: String(rawValue)
        }
    }
}
