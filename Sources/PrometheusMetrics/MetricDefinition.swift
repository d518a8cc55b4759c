// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// One metric of `/metrics`: its name, Prometheus type, labels and help — every metric defined once, here
/// (README, *Metrics*, lists them).
public struct MetricDefinition: Sendable, Hashable {
    public enum Kind: String, Sendable {
        /// Monotonic: the scrape adds what the statistic grew by since the last scrape.
        case counter
        /// Set to the statistic's value at the scrape.
        case gauge
    }

    public let name: String
    public let kind: Kind
    public let labels: [String]
    public let help: String

    init(_ name: String, _ kind: Kind, labels: [String] = [], _ help: String) {
        self.name = name
        self.kind = kind
        self.labels = labels
        self.help = help
    }
}

extension MetricDefinition {
    // Sessions, per member (`interface`) and service set.
    static let sessionsActive = Self(
        "ams_sessions_active", .gauge, labels: ["interface", "service_set"],
        "Live sessions (show services sessions count).")
    static let sessionsPredicted = Self(
        "ams_sessions_predicted", .gauge, labels: ["interface"],
        "ALG gates open, waiting for their child session (Total Predicted Sessions Active).")
    static let sessionsCreated = Self(
        "ams_sessions_created_total", .counter, labels: ["interface"], "Sessions created.")
    static let sessionsDeleted = Self(
        "ams_sessions_deleted_total", .counter, labels: ["interface"],
        "Sessions ended by any cause: timeout, close, replacement, clear, reload.")
    static let serviceSetSessionsCreated = Self(
        "ams_service_set_sessions_created_total", .counter, labels: ["interface", "service_set"],
        "Sessions created, by service set (summed over service sets: ams_sessions_created_total).")
    static let serviceSetSessionsDeleted = Self(
        "ams_service_set_sessions_deleted_total", .counter, labels: ["interface", "service_set"],
        "Sessions of the service set ended by any cause (created, less those live).")
    // Packets, per member.
    static let packets = Self(
        "ams_packets_total", .counter, labels: ["interface"], "Packets accounted to sessions (Packets received).")
    static let bytes = Self("ams_bytes_total", .counter, labels: ["interface"], "IP bytes of those packets.")
    static let packetsDropped = Self(
        "ams_packets_dropped_total", .counter, labels: ["interface"],
        "Packets of sessions that drop or reject them (Packets received - Packets transmitted).")
    static let slowPathForward = Self(
        "ams_slow_path_forward_total", .counter, labels: ["interface"], "New sessions whose flows are forwarded.")
    static let slowPathDiscard = Self(
        "ams_slow_path_discard_total", .counter, labels: ["interface"], "New sessions that drop or reject their flows.")
    static let drops = Self(
        "ams_drops_total", .counter, labels: ["interface", "reason"], "Packets accounted to no session, by reason.")
    // ALGs, per member.
    static let gatesOpened = Self(
        "ams_alg_gates_opened_total", .counter, labels: ["interface"], "ALG gates opened for child sessions.")
    static let childSessions = Self(
        "ams_alg_child_sessions_total", .counter, labels: ["interface"], "ALG child sessions created through a gate.")
    static let gatewayRefusals = Self(
        "ams_alg_refusals_total", .counter, labels: ["interface"],
        "Control-channel announcements an ALG refused (an FTP bounce, a bad port).")
    // The frame pump.
    static let frames = Self("ams_frames_total", .counter, "Frames read.")
    static let decodeDrops = Self(
        "ams_decode_drops_total", .counter, labels: ["reason"], "Frames that could not be decoded, by reason.")
    // `ams run`'s Linux interfaces.
    static let ringFrames = Self(
        "ams_ring_frames_total", .counter, labels: ["linux_interface", "side"],
        "Frames the kernel handed to the ring, dropped ones included.")
    static let ringDrops = Self(
        "ams_ring_drops_total", .counter, labels: ["linux_interface", "side"],
        "Frames the kernel dropped because the ring was full.")
    static let ringFreezes = Self(
        "ams_ring_freezes_total", .counter, labels: ["linux_interface", "side"],
        "Times the ring's queue froze with every block in use.")
    static let inlineFrames = Self(
        "ams_inline_frames_total", .counter, labels: ["verdict"], "Inline: frames by verdict (forward, drop, reject).")
    static let inlineAnswers = Self(
        "ams_inline_answers_sent_total", .counter, "Inline: answers to rejected frames sent (TCP RST, ICMP).")
    static let inlineSendFailures = Self(
        "ams_inline_send_failures_total", .counter, "Inline: frames or answers the kernel refused to send.")
    // Session records (SPEC.md §8: overflow counted).
    static let recordsDropped = Self(
        "ams_session_records_dropped_total", .counter,
        "Session records a member dropped because its ring to the exporters was full (live traffic only).")
    static let syslogShed = Self(
        "ams_syslog_records_shed_total", .counter,
        "Session records whose syslog lines were not made: the exporters' syslog queue was full.")
    // NETCONF.
    static let netconfSessionsActive = Self("ams_netconf_sessions_active", .gauge, "Open NETCONF sessions.")
    static let netconfSessions = Self("ams_netconf_sessions_total", .counter, "NETCONF sessions opened.")
    static let netconfLogins = Self("ams_netconf_logins_total", .counter, "NETCONF logins (password or key).")
    static let netconfFailedLogins = Self("ams_netconf_failed_logins_total", .counter, "NETCONF wrong passwords.")

    /// Every metric `/metrics` can show.
    public static let all: [Self] = [
        sessionsActive, sessionsPredicted, sessionsCreated, sessionsDeleted, serviceSetSessionsCreated, serviceSetSessionsDeleted,
        packets, bytes, packetsDropped,
        slowPathForward, slowPathDiscard, drops, gatesOpened, childSessions, gatewayRefusals, frames, decodeDrops,
        ringFrames, ringDrops, ringFreezes, inlineFrames, inlineAnswers, inlineSendFailures, recordsDropped, syslogShed,
        netconfSessionsActive,
        netconfSessions, netconfLogins, netconfFailedLogins,
    ]
}
