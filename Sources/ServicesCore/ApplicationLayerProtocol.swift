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

extension ApplicationLayerProtocol {
    /// `true` for the ALGs that read a control channel and open gates for child sessions (FTP, TFTP, RTSP,
    /// PPTP, SQL*Net); their control flows are `Watch`.
    public var readsControlChannel: Bool {
        switch self {
        case .ftp, .tftp, .rtsp, .pptp, .sqlnet: true
        case .none, .traceroute, .icmp, .icmpv6: false
        }
    }
}
