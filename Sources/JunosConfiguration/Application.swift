// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `applications application A { … }`: a named protocol/port description, optionally tied to
/// an application-layer gateway by `application-protocol`.
public struct Application: Hashable, Sendable {
    /// `application-protocol`: the ALG (YANG enum subset).
    public enum ProtocolName: String, Hashable, Sendable, CaseIterable {
        case bootp, dns, exec, ftp, h323, icmp, iiop, ip, login, netbios, netshow, pptp, realaudio
        case rpc, rtsp, shell, sip, snmp, sqlnet, talk, tftp, traceroute, winframe, none, ignore
        case dceRPC = "dce-rpc"
        case dceRPCPortmap = "dce-rpc-portmap"
        case ftpData = "ftp-data"
        case icmpv6
        case rpcPortmap = "rpc-portmap"
        case sqlnetV2 = "sqlnet-v2"
    }

    /// `protocol`: the IP protocol, by name or number.
    public enum IPProtocol: Hashable, Sendable, CustomStringConvertible {
        case tcp, udp, icmp, icmp6, gre, esp, ah
        /// Any other protocol number.
        case number(UInt8)

        static let names: [(String, IPProtocol)] = [
            ("tcp", .tcp), ("udp", .udp), ("icmp", .icmp), ("icmp6", .icmp6), ("gre", .gre), ("esp", .esp), ("ah", .ah),
        ]

        /// Parses a protocol name or a number 0–255.
        public init?(_ text: String) {
            if let named = Self.names.first(where: { $0.0 == text }) {
                self = named.1
            } else if !text.isEmpty, text.count <= 3, text.allSatisfy(\.isASCIIDigitCharacter), let number = UInt8(text) {
                self = .number(number)
            } else {
                return nil
            }
        }

        /// The IANA protocol number.
        public var number: UInt8 {
            switch self {
            case .tcp: 6
            case .udp: 17
            case .icmp: 1
            case .icmp6: 58
            case .gre: 47
            case .esp: 50
            case .ah: 51
            case .number(let value): value
            }
        }

        public var description: String {
            if case .number(let value) = self { return String(value) }
            return Self.names.first { $0.1 == self }?.0 ?? String(number)
        }
    }

    /// Allowed `inactivity-timeout` seconds.
    public static let inactivityTimeoutRange = 4...86_400
    /// Allowed `gate-timeout` seconds.
    public static let gateTimeoutRange = 5...21_600
    /// Allowed `child-inactivity-timeout` seconds.
    public static let childInactivityTimeoutRange = 4...86_400

    /// ICMP type names accepted for `icmp-type`.
    static let icmpTypeNames: [String: UInt8] = [
        "echo-reply": 0, "unreachable": 3, "source-quench": 4, "redirect": 5, "echo-request": 8,
        "router-advertisement": 9, "router-solicit": 10, "time-exceeded": 11, "parameter-problem": 12,
        "timestamp": 13, "timestamp-reply": 14, "info-request": 15, "info-reply": 16, "mask-request": 17,
        "mask-reply": 18,
    ]

    /// The application name.
    public var name: String
    /// `application-protocol`.
    public var applicationProtocol: ProtocolName?
    /// `protocol`.
    public var ipProtocol: IPProtocol?
    /// `source-port`.
    public var sourcePort: PortRange?
    /// `destination-port`.
    public var destinationPort: PortRange?
    /// `icmp-type` (number; names are accepted when parsing).
    public var icmpType: UInt8?
    /// `icmp-code`.
    public var icmpCode: UInt8?
    /// `ttl-threshold` (traceroute).
    public var ttlThreshold: UInt8?
    /// `inactivity-timeout`.
    public var inactivityTimeout: Duration?
    /// `gate-timeout`: lifetime of an ALG pinhole waiting for its child flow.
    public var gateTimeout: Duration?
    /// `child-inactivity-timeout`: inactivity timeout of ALG child sessions.
    public var childInactivityTimeout: Duration?

    /// Creates an application.
    public init(
        name: String, applicationProtocol: ProtocolName? = nil, ipProtocol: IPProtocol? = nil,
        sourcePort: PortRange? = nil, destinationPort: PortRange? = nil, icmpType: UInt8? = nil,
        icmpCode: UInt8? = nil, ttlThreshold: UInt8? = nil, inactivityTimeout: Duration? = nil,
        gateTimeout: Duration? = nil, childInactivityTimeout: Duration? = nil
    ) {
        self.name = name
        self.applicationProtocol = applicationProtocol
        self.ipProtocol = ipProtocol
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.icmpType = icmpType
        self.icmpCode = icmpCode
        self.ttlThreshold = ttlThreshold
        self.inactivityTimeout = inactivityTimeout
        self.gateTimeout = gateTimeout
        self.childInactivityTimeout = childInactivityTimeout
    }
}
