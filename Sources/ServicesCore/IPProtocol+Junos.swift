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

    /// The protocol as a Next Gen flow prints it after the `;` (`…/80;tcp`, junos-research.md §1.4): the
    /// lower-case names of the `protocol` filter (`tcp udp icmp icmp6 gre esp ah sctp`, `tcp` verbatim, the
    /// others *ours* after it), else the number.
    public var nextGenFlowName: String {
        switch self {
        case .tcp: "tcp"
        case .udp: "udp"
        case .icmp: "icmp"
        case .icmpv6: "icmp6"
        case .gre: "gre"
        case .esp: "esp"
        case .ah: "ah"
        case .sctp: "sctp"
        default: String(rawValue)
        }
    }
}
