// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `interfaces amsN services-options { … }`: session timers and limits. `nil` means the
/// Junos default (inactivity 30 s, open 30 s, tcp-tickles 4, no session timeout).
public struct ServicesOptions: Hashable, Sendable {
    /// Allowed `inactivity-timeout` seconds.
    public static let inactivityTimeoutRange = 4...86_400
    /// Allowed `open-timeout` seconds.
    public static let openTimeoutRange = 4...300
    /// Allowed `close-timeout` seconds.
    public static let closeTimeoutRange = 2...300
    /// Allowed `tcp-tickles` counts.
    public static let tcpTicklesRange = 0...30
    /// Allowed `session-timeout` seconds.
    public static let sessionTimeoutRange = 4...86_400

    /// `inactivity-timeout`: idle time after which an established session expires.
    public var inactivityTimeout: Duration?
    /// `open-timeout`: time allowed for TCP session establishment.
    public var openTimeout: Duration?
    /// `close-timeout`: time allowed for TCP session tear-down.
    public var closeTimeout: Duration?
    /// `tcp-tickles`: keep-alives sent before an idle TCP session is deleted.
    public var tcpTickles: Int?
    /// `session-timeout`: the most a session lives from its creation, whatever its activity.
    public var sessionTimeout: Duration?
    /// `session-limit maximum`: maximum number of sessions (0 means not effective).
    public var sessionLimitMaximum: UInt32?
    /// `syslog host H { … }`: where the logs of a service set on this interface go when the service set
    /// names no syslog host of its own (Junos: the service set's override the interface's).
    public var syslogHosts: [SyslogHost] = []

    /// Creates services options.
    public init(
        inactivityTimeout: Duration? = nil, openTimeout: Duration? = nil, closeTimeout: Duration? = nil,
        tcpTickles: Int? = nil, sessionTimeout: Duration? = nil, sessionLimitMaximum: UInt32? = nil
    ) {
        self.inactivityTimeout = inactivityTimeout
        self.openTimeout = openTimeout
        self.closeTimeout = closeTimeout
        self.tcpTickles = tcpTickles
        self.sessionTimeout = sessionTimeout
        self.sessionLimitMaximum = sessionLimitMaximum
    }
}
