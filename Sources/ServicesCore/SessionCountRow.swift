// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The class a session is counted in by `show services sessions count` (SPEC.md §2.5).
public enum SessionValidity: UInt8, Sendable, Hashable, CaseIterable {
    /// Everything not in another class.
    case valid
    /// Flows in `Drop` or `Reject` state, and sessions closing (FIN or RST seen).
    case invalid
    /// TCP sessions whose handshake has not completed.
    case pending
    /// None today.
    case other

    /// The word the Next Gen session header ends with (`…, Timeout: 286, Valid`; `Valid` is verbatim, the
    /// others are the names of `count`'s columns).
    public var name: String {
        switch self {
        case .valid: "Valid"
        case .invalid: "Invalid"
        case .pending: "Pending"
        case .other: "Other"
        }
    }
}

/// One row of `show services sessions count`: a member, a service set, and its matching sessions by
/// ``SessionValidity``.
public struct SessionCountRow: Sendable, Hashable {
    /// The member interface alone (`mams-1/0/0`), as Junos prints it here.
    public var member: String
    public var serviceSet: String
    public var valid = 0
    public var invalid = 0
    public var pending = 0
    public var other = 0

    public init(member: String, serviceSet: String, valid: Int = 0, invalid: Int = 0, pending: Int = 0, other: Int = 0) {
        self.member = member
        self.serviceSet = serviceSet
        self.valid = valid
        self.invalid = invalid
        self.pending = pending
        self.other = other
    }

    /// All four counts together (the XML reply's `<sess-count>`).
    public var total: Int { valid + invalid + pending + other }

    /// Counts one more session of `validity`.
    public mutating func add(_ validity: SessionValidity) {
        switch validity {
        case .valid: valid += 1
        case .invalid: invalid += 1
        case .pending: pending += 1
        case .other: other += 1
        }
    }
}
