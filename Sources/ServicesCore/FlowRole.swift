// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Which side of a session a flow is: the initiator flow (direction `I`) or the responder flow (`O`).
public enum FlowRole: UInt8, Sendable, Hashable, BitwiseCopyable {
    case initiator
    case responder

    /// The direction column: `I` for the initiator (input) flow, `O` for the responder (output) flow.
    public var direction: String { self == .initiator ? "I" : "O" }

    /// `Initiator` or `Responder`, as in `Flow role:` of the extensive output.
    public var name: String { self == .initiator ? "Initiator" : "Responder" }
}
