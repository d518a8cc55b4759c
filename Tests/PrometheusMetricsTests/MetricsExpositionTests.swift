// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PrometheusMetrics
import OperationalCommands
import ServicesCore
import SessionEngine
import Testing
import Wire

/// `/metrics` from given statistics: every metric of SPEC.md §8 with its type and labels, counters that
/// stay monotonic across scrapes, series that go with their service set.
@Suite("Metrics exposition")
struct MetricsExpositionTests {
    static func member(
        _ name: String, sets: [(String, Int)], created: UInt64, packets: UInt64 = 0, predicted: Int = 0,
        drops: [DropReason: UInt64] = [:]
    ) -> MetricsSnapshot.Member {
        var counters = MemberCounters()
        counters.sessionsCreated = created
        counters.packets = packets
        counters.bytes = packets * 100
        counters.packetsDropped = packets / 10
        counters.slowPathForward = created - 1
        counters.slowPathDiscard = 1
        counters.gatesOpened = 3
        counters.childSessions = 2
        counters.gatewayRefusals = 1
        for (reason, count) in drops { counters.engineDrops[reason.rawValue] = count }
        var analysis = SessionAnalysis()
        analysis.tcpIPv4 = sets.reduce(0) { $0 + $1.1 }
        analysis.predicted = predicted
        return MetricsSnapshot.Member(
            // Each service set: one session more created than live.
            name: name, serviceSets: sets.map { .init(serviceSet: $0.0, sessions: $0.1, created: UInt64($0.1) + 1) },
            analysis: analysis,
            counters: counters)
    }

    static func snapshot(created: UInt64 = 10, packets: UInt64 = 100, setsOnSecond: [(String, Int)] = [("ss1", 1), ("ss2", 0)])
        -> MetricsSnapshot
    {
        var pump = MemberCounters()
        pump.frames = 120
        pump.wireDrops[WireError.truncated(.ipv4).counterIndex] = 4
        return MetricsSnapshot(
            members: [
                member("mams-0/0/0", sets: [("ss1", 3), ("ss2", 2)], created: created, packets: packets, predicted: 1,
                       drops: [.sessionLimit: 7]),
                member("mams-0/1/0", sets: setsOnSecond, created: 4),
            ],
            pump: pump,
            liveInterfaces: [LiveInterfaceSnapshot(name: "veth1", side: "inside", framesReceived: 50, ringDrops: 2)],
            forwarding: LiveForwardingCounters(forwarded: 40, dropped: 5, rejected: 1, answersSent: 1),
            netconf: NetconfServerStatus(
                listenAddress: "127.0.0.1", port: 830, rfcCompliant: false, hostKeyFingerprint: "", hostKey: "",
                hostKeyFile: "", users: 1, openSessions: 2, sessionsSinceStart: 5, connectionLimit: 32, logins: 4,
                wrongPasswords: 3),
            records: MetricsSnapshot.RecordsLoss(dropped: 6, syslogShed: 8))
    }

    static func scrape(_ exposition: inout MetricsExposition, _ snapshot: MetricsSnapshot) throws -> ExpositionSamples {
        exposition.update(snapshot)
        return try ExpositionSamples(exposition.exposition())
    }

    @Test func everyMetricWithItsTypeLabelsAndValue() throws {
        var exposition = MetricsExposition()
        let samples = try Self.scrape(&exposition, Self.snapshot())
        let first = ["interface": "mams-0/0/0"]
        #expect(samples["ams_sessions_active", ["interface": "mams-0/0/0", "service_set": "ss1"]] == 3)
        #expect(samples["ams_sessions_active", ["interface": "mams-0/0/0", "service_set": "ss2"]] == 2)
        #expect(samples["ams_sessions_active", ["interface": "mams-0/1/0", "service_set": "ss2"]] == 0)
        #expect(samples["ams_sessions_predicted", first] == 1)
        #expect(samples["ams_sessions_created_total", first] == 10)
        // 10 created, 5 live: 5 ended.
        #expect(samples["ams_sessions_deleted_total", first] == 5)
        #expect(samples["ams_sessions_deleted_total", ["interface": "mams-0/1/0"]] == 3)
        #expect(samples["ams_service_set_sessions_created_total", ["interface": "mams-0/0/0", "service_set": "ss1"]] == 4)
        #expect(samples["ams_service_set_sessions_deleted_total", ["interface": "mams-0/0/0", "service_set": "ss1"]] == 1)
        #expect(samples["ams_service_set_sessions_created_total", ["interface": "mams-0/1/0", "service_set": "ss2"]] == 1)
        #expect(samples["ams_service_set_sessions_deleted_total", ["interface": "mams-0/1/0", "service_set": "ss2"]] == 1)
        #expect(samples["ams_packets_total", first] == 100)
        #expect(samples["ams_bytes_total", first] == 10_000)
        #expect(samples["ams_packets_dropped_total", first] == 10)
        #expect(samples["ams_slow_path_forward_total", first] == 9)
        #expect(samples["ams_slow_path_discard_total", first] == 1)
        #expect(samples["ams_alg_gates_opened_total", first] == 3)
        #expect(samples["ams_alg_child_sessions_total", first] == 2)
        #expect(samples["ams_alg_refusals_total", first] == 1)
        // Every drop reason of every member, by the name `--stats` gives it, zeros included.
        #expect(samples["ams_drops_total", ["interface": "mams-0/0/0", "reason": "session-limit"]] == 7)
        #expect(samples["ams_drops_total", ["interface": "mams-0/1/0", "reason": "no-free-session-id"]] == 0)
        #expect(samples.series("ams_drops_total").count == 2 * DropReason.allCases.count)
        #expect(samples["ams_frames_total"] == 120)
        #expect(samples["ams_decode_drops_total", ["reason": "truncated-ipv4"]] == 4)
        #expect(samples.series("ams_decode_drops_total").count == WireError.counterCount)
        #expect(samples["ams_ring_frames_total", ["linux_interface": "veth1", "side": "inside"]] == 50)
        #expect(samples["ams_ring_drops_total", ["linux_interface": "veth1", "side": "inside"]] == 2)
        #expect(samples["ams_ring_freezes_total", ["linux_interface": "veth1", "side": "inside"]] == 0)
        #expect(samples["ams_inline_frames_total", ["verdict": "forward"]] == 40)
        #expect(samples["ams_inline_frames_total", ["verdict": "drop"]] == 5)
        #expect(samples["ams_inline_frames_total", ["verdict": "reject"]] == 1)
        #expect(samples["ams_inline_answers_sent_total"] == 1)
        #expect(samples["ams_inline_send_failures_total"] == 0)
        #expect(samples["ams_netconf_sessions_active"] == 2)
        #expect(samples["ams_netconf_sessions_total"] == 5)
        #expect(samples["ams_netconf_logins_total"] == 4)
        #expect(samples["ams_netconf_failed_logins_total"] == 3)
        #expect(samples["ams_session_records_dropped_total"] == 6)
        #expect(samples["ams_syslog_records_shed_total"] == 8)
        // Each metric with the type its definition gives.
        for metric in MetricDefinition.all {
            #expect(samples.types[metric.name] == metric.kind.rawValue, "\(metric.name)")
        }
        #expect(Set(samples.types.keys) == Set(MetricDefinition.all.map(\.name)))
    }

    @Test func namesFollowThePrometheusConventions() {
        for metric in MetricDefinition.all {
            #expect(metric.name.hasPrefix("ams_"))
            #expect(metric.name.hasSuffix("_total") == (metric.kind == .counter), "\(metric.name)")
            #expect(!metric.help.isEmpty)
        }
        #expect(Set(MetricDefinition.all.map(\.name)).count == MetricDefinition.all.count)
    }

    @Test func countersAddWhatTheStatisticsGrewBy() throws {
        var exposition = MetricsExposition()
        _ = try Self.scrape(&exposition, Self.snapshot(created: 10, packets: 100))
        let grown = try Self.scrape(&exposition, Self.snapshot(created: 25, packets: 160))
        #expect(grown["ams_sessions_created_total", ["interface": "mams-0/0/0"]] == 25)
        #expect(grown["ams_packets_total", ["interface": "mams-0/0/0"]] == 160)
        #expect(grown["ams_sessions_deleted_total", ["interface": "mams-0/0/0"]] == 20)
        // A statistic lower than at the last scrape: the counter does not go down; growth from there counts.
        let lower = try Self.scrape(&exposition, Self.snapshot(created: 12, packets: 50))
        #expect(lower["ams_sessions_created_total", ["interface": "mams-0/0/0"]] == 25)
        #expect(lower["ams_packets_total", ["interface": "mams-0/0/0"]] == 160)
        let again = try Self.scrape(&exposition, Self.snapshot(created: 13, packets: 55))
        #expect(again["ams_sessions_created_total", ["interface": "mams-0/0/0"]] == 26)
        #expect(again["ams_packets_total", ["interface": "mams-0/0/0"]] == 165)
    }

    @Test func aServiceSetNoLongerConfiguredLeavesTheExposition() throws {
        var exposition = MetricsExposition()
        _ = try Self.scrape(&exposition, Self.snapshot())
        let after = try Self.scrape(&exposition, Self.snapshot(setsOnSecond: [("ss1", 1)]))
        #expect(after["ams_sessions_active", ["interface": "mams-0/1/0", "service_set": "ss2"]] == nil)
        #expect(after["ams_sessions_active", ["interface": "mams-0/0/0", "service_set": "ss2"]] == 2)
        #expect(after.series("ams_sessions_active").count == 3)
    }

    @Test func withoutLiveInterfacesOrNetconfThoseMetricsAreAbsent() throws {
        var exposition = MetricsExposition()
        var snapshot = Self.snapshot()
        snapshot.liveInterfaces = []
        snapshot.forwarding = nil
        snapshot.netconf = nil
        snapshot.records = nil
        let samples = try Self.scrape(&exposition, snapshot)
        #expect(samples.types["ams_ring_drops_total"] == nil)
        #expect(samples.types["ams_inline_frames_total"] == nil)
        #expect(samples.types["ams_netconf_failed_logins_total"] == nil)
        #expect(samples.types["ams_session_records_dropped_total"] == nil)
        #expect(samples["ams_frames_total"] == 120)
    }

    @Test func labelValuesAreEscaped() throws {
        var exposition = MetricsExposition()
        let snapshot = MetricsSnapshot(members: [Self.member("mams-0/0/0", sets: [("a\"b\\c", 1)], created: 1)])
        exposition.update(snapshot)
        let text = String(decoding: exposition.exposition(), as: UTF8.self)
        #expect(text.contains(#"service_set="a\"b\\c""#))
    }
}
