// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ServicesCore

/// What the card does with a packet it processed (SPEC.md §6, inline): send it on, drop it, or drop it and
/// answer the sender (TCP RST, ICMP port unreachable). A replay works it out and ignores it.
public enum PacketVerdict: UInt8, Sendable, BitwiseCopyable {
    /// Sent on: `Forward`, `Watch` and `Bypass` sessions, accepted new flows, ALG children, frames that are
    /// not IP (ARP and the like: a bridge needs them).
    case forward
    /// Not sent: `Drop` sessions, flows refused over a limit, echo replies without a request, ICMP errors
    /// without a flow, frames that could not be decoded.
    case drop
    /// Not sent, and the sender is answered: `Reject` sessions (the state in the packet's direction).
    case reject

    /// The verdict of a session's state in the packet's direction.
    @inline(__always)
    init(_ state: FlowState) {
        switch state {
        case .drop, .unknown: self = .drop
        case .reject: self = .reject
        case .forward, .watch, .bypass: self = .forward
        }
    }
}
