// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// What the services card does with a flow's packets (the state column of `show services sessions`).
public enum FlowState: UInt8, Sendable, Hashable, CaseIterable, BitwiseCopyable {
    /// The ALG inspects the payload (ALG control flows).
    case watch
    /// Forwarded without looking at the payload.
    case forward
    /// Silently dropped (stateful-firewall `discard`, `tcp-non-syn drop-flow`).
    case drop
    /// Dropped with a response (stateful-firewall `reject`).
    case reject
    /// Bypassed, e.g. over the flow limit with `bypass-traffic-on-exceeding-flow-limits`.
    case bypass
    /// Not yet known.
    case unknown

    /// The Junos spelling: `Watch`, `Forward`, `Drop`, `Reject`, `Bypass`, `Unknown`.
    public var name: String {
        switch self {
        case .watch: "Watch"
        case .forward: "Forward"
        case .drop: "Drop"
        case .reject: "Reject"
        case .bypass: "Bypass"
        case .unknown: "Unknown"
        }
    }
}
