// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import OperationalCommands
public import ServicesCore
public import SessionEngine

/// The statistics `/metrics` shows, as they stood at one scrape (SPEC.md §8): copied out of the members'
/// own counters and tables on the engine thread (``init(engine:netconf:)``), never counted for the metrics.
public struct MetricsSnapshot: Sendable {
    /// One member's sessions and counters.
    public struct Member: Sendable {
        /// The member, e.g. `mams-0/0/0`.
        public var name: String
        /// Live sessions per configured service set, in configuration order (`show services sessions count`).
        public var serviceSets: [ServiceSetSessions]
        /// `show services sessions analysis` of the member: live sessions, open gates, packets.
        public var analysis: SessionAnalysis
        /// The member's own counters since the daemon started.
        public var counters: MemberCounters

        public init(name: String, serviceSets: [ServiceSetSessions], analysis: SessionAnalysis, counters: MemberCounters) {
            self.name = name
            self.serviceSets = serviceSets
            self.analysis = analysis
            self.counters = counters
        }

        /// Sessions that ended since the start, by any cause (timeout, close, replacement, `clear`, a reload):
        /// those created that are no longer live.
        public var sessionsDeleted: UInt64 {
            let live = UInt64(max(analysis.total, 0))
            return counters.sessionsCreated >= live ? counters.sessionsCreated - live : 0
        }
    }

    /// A service set's sessions on one member: live, and created since the start.
    public struct ServiceSetSessions: Sendable, Hashable {
        public var serviceSet: String
        public var sessions: Int
        public var created: UInt64

        public init(serviceSet: String, sessions: Int, created: UInt64 = 0) {
            self.serviceSet = serviceSet
            self.sessions = sessions
            self.created = created
        }

        /// The service set's sessions that ended on the member (those created that are no longer live).
        public var deleted: UInt64 {
            let live = UInt64(max(sessions, 0))
            return created >= live ? created - live : 0
        }
    }

    public var members: [Member]
    /// The engine's counters (the frame pump's and the members' summed): `/metrics` reads the pump's own from
    /// it — frames read, and frames that could not be decoded, by `WireError`.
    public var pump: MemberCounters
    /// `ams run`'s Linux interfaces with their ring counters (empty with `--replay`).
    public var liveInterfaces: [LiveInterfaceSnapshot]
    /// Inline `ams run`'s frames by verdict; `nil` with `--replay` or in a monitor.
    public var forwarding: LiveForwardingCounters?
    /// The NETCONF server's sessions and logins; `nil` when none is configured.
    public var netconf: NetconfServerStatus?
    /// What the session exporters lost; `nil` when the daemon exports no session records.
    public var records: RecordsLoss?

    /// Session records lost on their way to the exporters (SPEC.md §8: overflow counted).
    public struct RecordsLoss: Sendable, Equatable {
        /// Records a member dropped, its ring full (live traffic; a replay's members wait).
        public var dropped: Int
        /// Records whose syslog lines were not made, the drain's syslog queue full.
        public var syslogShed: Int

        public init(dropped: Int, syslogShed: Int) {
            self.dropped = dropped
            self.syslogShed = syslogShed
        }
    }

    public init(
        members: [Member], pump: MemberCounters = MemberCounters(), liveInterfaces: [LiveInterfaceSnapshot] = [],
        forwarding: LiveForwardingCounters? = nil, netconf: NetconfServerStatus? = nil, records: RecordsLoss? = nil
    ) {
        self.members = members
        self.pump = pump
        self.liveInterfaces = liveInterfaces
        self.forwarding = forwarding
        self.netconf = netconf
        self.records = records
    }

    /// The statistics of `engine`'s members as they stand — to be called on the engine thread, in a job of
    /// its mailbox (``MailboxTables/ask(_:)``) — with `netconf` and `records`.
    public init(engine: any EngineAccess, netconf: NetconfServerStatus?, records: RecordsLoss? = nil) {
        let tables = engine.tables
        let counters = tables.memberCounters
        let snapshots = tables.counts(SessionFilter())
        let live = tables.liveStatistics()
        self.init(
            members: zip(snapshots, counters).map { snapshot, counters in
                Member(
                    name: snapshot.name,
                    serviceSets: snapshot.serviceSetCounts.enumerated().map { index, count in
                        ServiceSetSessions(
                            serviceSet: count.serviceSet, sessions: count.sessions,
                            created: index < counters.sessionsCreatedByServiceSet.count
                                ? counters.sessionsCreatedByServiceSet[index] : 0)
                    },
                    analysis: snapshot.analysis, counters: counters)
            },
            pump: engine.counters, liveInterfaces: live.interfaces, forwarding: live.forwarding, netconf: netconf,
            records: records)
    }
}
