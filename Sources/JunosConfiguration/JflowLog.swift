// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// `services jflow-log { … }`: flow records to collectors, in the MX-SPC3 grammar (Junos 19.3R2+, "Configure
/// Active Flow Monitoring Logs for NAT44/NAT64"), given to a service set by
/// `service-set S { jflow-log { template-profile T; } }` (SPEC.md §8, README *IPFIX*).
///
/// The card's one `template-type` is `nat` (RFC 8158 NAT event templates); `ams` translates no addresses, so
/// its one type is *(ours)* `session`: one IPFIX biflow record per session when it ends.
public struct JflowLog: Hashable, Sendable {
    /// `collector NAME { destination-address A; destination-port P; source-ip S; }`.
    public struct Collector: Hashable, Sendable {
        public var name: String
        /// `destination-address`: the collector's IPv4 or IPv6 address.
        public var destinationAddress: IPAddress
        /// `destination-port` (1–65535).
        public var destinationPort: UInt16
        /// `source-ip`: the address the records are sent from (same family); `nil`: the host's choice *(ours;
        /// the card requires it)*.
        public var sourceIP: IPAddress?

        public init(name: String, destinationAddress: IPAddress, destinationPort: UInt16, sourceIP: IPAddress? = nil) {
            self.name = name
            self.destinationAddress = destinationAddress
            self.destinationPort = destinationPort
            self.sourceIP = sourceIP
        }
    }

    /// `collector-group NAME { collector C; … }`.
    public struct CollectorGroup: Hashable, Sendable {
        public var name: String
        /// The collectors' names, in configuration order.
        public var collectors: [String]

        public init(name: String, collectors: [String]) {
            self.name = name
            self.collectors = collectors
        }
    }

    /// `template-profile NAME { collector C; | collector-group G; template-type session; version ipfix;
    /// refresh-rate { packets N; seconds S; } }`.
    public struct TemplateProfile: Hashable, Sendable {
        /// `template-type`: what the records report.
        public enum TemplateType: String, Hashable, Sendable, CaseIterable {
            /// *(ours)* One biflow record per session at its end (RFC 7011, RFC 5103).
            case session
        }

        /// `version`: the export protocol.
        public enum Version: String, Hashable, Sendable, CaseIterable {
            /// IPFIX (RFC 7011), version 10.
            case ipfix
        }

        /// `refresh-rate packets` range and default (as Junos's `template-refresh-rate`).
        public static let refreshPacketsRange = 1...480_000
        public static let defaultRefreshPackets = 4800
        /// `refresh-rate seconds` range and default (as Junos's `template-refresh-rate`).
        public static let refreshSecondsRange = 10...600
        public static let defaultRefreshSeconds = 60

        public var name: String
        /// `collector C`: one collector; exclusive with ``collectorGroup``.
        public var collector: String?
        /// `collector-group G`.
        public var collectorGroup: String?
        public var templateType: TemplateType
        public var version: Version
        /// `refresh-rate packets N`: the templates are sent again after N export messages.
        public var refreshPackets: Int?
        /// `refresh-rate seconds S`: … or S seconds (packet time), whichever comes first.
        public var refreshSeconds: Int?

        public init(
            name: String, collector: String? = nil, collectorGroup: String? = nil, templateType: TemplateType = .session,
            version: Version = .ipfix, refreshPackets: Int? = nil, refreshSeconds: Int? = nil
        ) {
            self.name = name
            self.collector = collector
            self.collectorGroup = collectorGroup
            self.templateType = templateType
            self.version = version
            self.refreshPackets = refreshPackets
            self.refreshSeconds = refreshSeconds
        }

        /// ``refreshPackets`` or its default.
        public var effectiveRefreshPackets: Int { refreshPackets ?? Self.defaultRefreshPackets }
        /// ``refreshSeconds`` or its default.
        public var effectiveRefreshSeconds: Int { refreshSeconds ?? Self.defaultRefreshSeconds }
    }

    public var collectors: [Collector] = []
    public var collectorGroups: [CollectorGroup] = []
    public var templateProfiles: [TemplateProfile] = []

    public init(collectors: [Collector] = [], collectorGroups: [CollectorGroup] = [], templateProfiles: [TemplateProfile] = []) {
        self.collectors = collectors
        self.collectorGroups = collectorGroups
        self.templateProfiles = templateProfiles
    }

    /// The template profile named `name`.
    public func templateProfile(named name: String) -> TemplateProfile? {
        templateProfiles.first { $0.name == name }
    }

    /// The collectors `profile` sends to: its collector, or its group's, in configuration order.
    public func collectors(of profile: TemplateProfile) -> [Collector] {
        let names = profile.collector.map { [$0] }
            ?? collectorGroups.first { $0.name == profile.collectorGroup }?.collectors ?? []
        return names.compactMap { name in collectors.first { $0.name == name } }
    }

    /// Nothing configured.
    public var isEmpty: Bool { collectors.isEmpty && collectorGroups.isEmpty && templateProfiles.isEmpty }
}
