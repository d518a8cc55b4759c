// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import PrometheusMetrics
import PacketCapture
import SessionEngine
import Testing

/// The snapshot read from an engine: the sample capture's replay gives the numbers its golden
/// `show services sessions count` and `analysis` show (Tests/EndToEndTests/Golden/sample.*.txt).
@Suite("Metrics snapshot")
struct MetricsSnapshotTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Samples/sample.pcap").standardized.path

    /// A replay's tables as a mailbox job sees them.
    final class ReplayedEngine: EngineAccess {
        let result: ReplayResult
        init(_ result: ReplayResult) { self.result = result }
        var tables: MemberTables { result.tables }
        var counters: MemberCounters { result.counters }
        var now: UInt64 { 0 }
        var hasEnded: Bool { true }
        func reconfigure(_ configuration: EngineConfiguration) throws(ReconfigurationError) -> ReconfigurationOutcome {
            throw ReconfigurationError("a replay is not reconfigured")
        }
    }

    @Test func theSampleReplayGivesTheOperationalNumbers() throws {
        let result = ReplayEngine.replay(
            try CaptureFile(path: Self.sample),
            options: ReplayOptions(configuration: .builtInDefault(memberCount: 2), seed: 1))
        var exposition = MetricsExposition()
        exposition.update(MetricsSnapshot(engine: ReplayedEngine(result), netconf: nil))
        let samples = try ExpositionSamples(exposition.exposition())
        // sample.count.txt: valid + invalid + pending + other per member and service set.
        #expect(samples["ams_sessions_active", ["interface": "mams-0/0/0", "service_set": "default"]] == 9)
        #expect(samples["ams_sessions_active", ["interface": "mams-0/1/0", "service_set": "default"]] == 2)
        // sample.analysis.txt: Packets received, Slow path forward; nothing ended, nothing dropped.
        #expect(samples["ams_packets_total", ["interface": "mams-0/0/0"]] == 101)
        #expect(samples["ams_packets_total", ["interface": "mams-0/1/0"]] == 17)
        #expect(samples["ams_slow_path_forward_total", ["interface": "mams-0/0/0"]] == 9)
        #expect(samples["ams_sessions_created_total", ["interface": "mams-0/0/0"]] == 9)
        #expect(samples["ams_sessions_deleted_total", ["interface": "mams-0/0/0"]] == 0)
        #expect(samples["ams_packets_dropped_total", ["interface": "mams-0/1/0"]] == 0)
        #expect(samples["ams_frames_total"] == 120)
        #expect(samples.types["ams_ring_drops_total"] == nil)
    }
}
