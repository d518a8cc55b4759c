// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Why a frame could not be decoded.
///
/// Cases carry no strings and never allocate: each one maps to a named drop counter (VPP error strings).
public enum WireError: Error, Hashable, Sendable {
    /// Fewer bytes were captured than the header at `layer` needs.
    case truncated(WireLayer)
    /// A field at `layer` holds a value the protocol forbids (bad version, length, header length…).
    case malformed(WireLayer)
    /// The frame carries no IP datagram (ARP, LLDP, …): skipped, counted.
    case notIP
    /// The capture's link type is one `ams` does not decode (PPP, 802.11, …).
    case unsupportedLinkType
}

/// The protocol layer a ``WireError`` happened at.
public enum WireLayer: UInt8, Hashable, Sendable, CaseIterable, BitwiseCopyable {
    case link, vlan, ipv4, ipv6, ipv6Extension, tcp, udp, icmp, icmpv6, gre, sctp, esp, ah

    /// The layer's name in drop-counter names (`truncated-ipv4`).
    public var name: String {
        switch self {
        case .link: "link"
        case .vlan: "vlan"
        case .ipv4: "ipv4"
        case .ipv6: "ipv6"
        case .ipv6Extension: "ipv6-extension"
        case .tcp: "tcp"
        case .udp: "udp"
        case .icmp: "icmp"
        case .icmpv6: "icmpv6"
        case .gre: "gre"
        case .sctp: "sctp"
        case .esp: "esp"
        case .ah: "ah"
        }
    }
}

extension WireError {
    /// The drop counter's name: `truncated-ipv4`, `malformed-tcp`, `not-ip`, `unsupported-link-type`.
    public var counterName: String {
        switch self {
        case .truncated(let layer): "truncated-\(layer.name)"
        case .malformed(let layer): "malformed-\(layer.name)"
        case .notIP: "not-ip"
        case .unsupportedLinkType: "unsupported-link-type"
        }
    }

    /// A dense index for counter arrays: 0..<``counterCount``.
    public var counterIndex: Int {
        switch self {
        case .truncated(let layer): Int(layer.rawValue)
        case .malformed(let layer): WireLayer.allCases.count + Int(layer.rawValue)
        case .notIP: 2 * WireLayer.allCases.count
        case .unsupportedLinkType: 2 * WireLayer.allCases.count + 1
        }
    }

    /// The number of distinct counters.
    public static var counterCount: Int { 2 * WireLayer.allCases.count + 2 }

    /// The error whose ``counterIndex`` is `index`.
    public static func forCounterIndex(_ index: Int) -> WireError {
        let layers = WireLayer.allCases.count
        switch index {
        case ..<layers: return .truncated(WireLayer.allCases[index])
        case ..<(2 * layers): return .malformed(WireLayer.allCases[index - layers])
        case 2 * layers: return .notIP
        default: return .unsupportedLinkType
        }
    }
}
