// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// `services service-set S syslog host H { … }` (SPEC.md §8): where a service set's session and
/// stateful-firewall logs go, as on the MS-MPC card (`services`, `class`, `port`, `facility-override`,
/// `log-prefix`), with *ours* in the words of Junos `system syslog host` for what the card cannot say:
/// `structured-data` (RFC 5424 instead of RFC 3164) and `transport tcp` (RFC 6587 octet counting), and
/// `file PATH` for `host local`.
public struct SyslogHost: Hashable, Sendable {
    /// `host H`: a collector's address, or `local` (a file).
    public enum Destination: Hashable, Sendable {
        /// An IPv4 or IPv6 address.
        case address(String)
        /// `host local`: written to ``SyslogHost/file``.
        case local
    }

    /// `services LEVEL`: the least severe messages sent (`any` sends all).
    public enum Severity: String, Hashable, Sendable, CaseIterable {
        case any, emergency, alert, critical, error, warning, notice, info, none

        /// RFC 5424 severity: 0 emergency … 6 info; `any` admits every one (7), `none` none (-1).
        public var threshold: Int {
            switch self {
            case .emergency: 0
            case .alert: 1
            case .critical: 2
            case .error: 3
            case .warning: 4
            case .notice: 5
            case .info, .any: 7
            case .none: -1
            }
        }
    }

    /// `class { … }`: which logs are sent.
    public enum LogClass: String, Hashable, Sendable, CaseIterable {
        /// `JSERVICES_SESSION_OPEN` and `JSERVICES_SESSION_CLOSE`.
        case sessionLogs = "session-logs"
        /// `JSERVICES_SFW_RULE_ACCEPT` (for terms that say `then syslog`).
        case statefulFirewallLogs = "stateful-firewall-logs"
    }

    /// `class session-logs open` or `close`: one of a session's two lines only.
    public enum SessionEvents: String, Hashable, Sendable, CaseIterable {
        case both, open, close
    }

    /// `facility-override`: the facility of the messages (RFC 5424 §6.2.1 numbers).
    public enum Facility: String, Hashable, Sendable, CaseIterable {
        case kernel, user, daemon, authorization, ftp
        case local0, local1, local2, local3, local4, local5, local6, local7

        public var code: Int {
            switch self {
            case .kernel: 0
            case .user: 1
            case .daemon: 3
            case .authorization: 4
            case .ftp: 11
            case .local0: 16
            case .local1: 17
            case .local2: 18
            case .local3: 19
            case .local4: 20
            case .local5: 21
            case .local6: 22
            case .local7: 23
            }
        }
    }

    /// `transport` *(ours here, Junos `system syslog host … transport`)*.
    public enum Transport: String, Hashable, Sendable, CaseIterable {
        case udp, tcp
    }

    /// The default `port`.
    public static let defaultPort = 514
    /// The file of `host local` without `file` *(ours)*.
    public static let defaultFile = "/var/log/ams-services.log"

    public var destination: Destination
    /// `services`; `nil` when not given (every message is sent, *ours*).
    public var severity: Severity?
    /// `class`; empty when none is given: every class is sent *(ours)*.
    public var classes: Set<LogClass>
    public var port: Int
    /// `facility-override`; `user` when not given (the facility of Junos's sample, `<14>`).
    public var facility: Facility
    /// `log-prefix`: written before the service set, `PREFIX {S}JSERVICES_…`, and as `prefix` in RFC 5424.
    public var logPrefix: String?
    /// `structured-data` *(ours here)*: RFC 5424 messages; RFC 3164 without.
    public var isStructuredData: Bool
    public var transport: Transport
    /// `file` *(ours)*: where `host local` writes.
    public var file: String?
    /// `class session-logs open | close`: which of a session's lines `session-logs` sends (both without).
    public var sessionEvents: SessionEvents = .both
    /// `source-address`: the address the messages are sent from (a remote host; the host's choice without).
    public var sourceAddress: IPAddress?

    public init(
        destination: Destination, severity: Severity? = nil, classes: Set<LogClass> = [], port: Int = defaultPort,
        facility: Facility = .user, logPrefix: String? = nil, isStructuredData: Bool = false,
        transport: Transport = .udp, file: String? = nil
    ) {
        self.destination = destination
        self.severity = severity
        self.classes = classes
        self.port = port
        self.facility = facility
        self.logPrefix = logPrefix
        self.isStructuredData = isStructuredData
        self.transport = transport
        self.file = file
    }

    /// Whether messages of `logClass` are sent.
    public func sends(_ logClass: LogClass) -> Bool {
        (classes.isEmpty || classes.contains(logClass)) && (severity?.threshold ?? 7) >= 6
    }

    /// The file `host local` writes to.
    public var localFile: String { file ?? Self.defaultFile }
}

extension Configuration {
    /// The syslog hosts the logs of `serviceSet` go to: its own `syslog host`s, or, when it names none, those
    /// of its services interface's `services-options syslog` (as on the card: the service set's override
    /// the interface's).
    public func syslogHosts(of serviceSet: ServiceSet) -> [SyslogHost] {
        guard serviceSet.syslogHosts.isEmpty, let interface = serviceSet.placement?.interface else {
            return serviceSet.syslogHosts
        }
        return interfaces.first { $0.name == interface }?.servicesOptions.syslogHosts ?? []
    }
}
