// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The application-level gateway that handles a session (`ALG:` in the session header).
public enum ApplicationLayerProtocol: UInt8, Sendable, Hashable, CaseIterable, BitwiseCopyable {
    /// Basic TCP/UDP handling: no ALG.
    case none
    case ftp
    case tftp
    case rtsp
    case pptp
    case sqlnet
    case traceroute
    case icmp
    case icmpv6

    /// The Junos name printed after `ALG:`.
    public var name: String {
        switch self {
        case .none: "none"
        case .ftp: "ftp"
        case .tftp: "tftp"
        case .rtsp: "rtsp"
        case .pptp: "pptp"
        case .sqlnet: "sqlnet"
        case .traceroute: "traceroute"
        case .icmp: "icmp"
        case .icmpv6: "icmpv6"
        }
    }
}
