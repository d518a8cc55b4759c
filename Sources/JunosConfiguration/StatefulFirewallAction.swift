// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `then { (accept | discard | reject); [syslog;] }` of a stateful-firewall term.
public struct StatefulFirewallAction: Hashable, Sendable {
    /// The verdict for matching traffic.
    public enum Verdict: String, Hashable, Sendable, CaseIterable {
        /// "Accept the traffic and send it on to its destination."
        case accept
        /// "Do not accept traffic or process it further."
        case discard
        /// "Do not accept the traffic and return a rejection message."
        case reject
    }

    /// The verdict (exactly one is required).
    public var verdict: Verdict
    /// `syslog`.
    public var isSyslogEnabled: Bool

    /// Creates an action.
    public init(verdict: Verdict, isSyslogEnabled: Bool = false) {
        self.verdict = verdict
        self.isSyslogEnabled = isSyslogEnabled
    }
}
