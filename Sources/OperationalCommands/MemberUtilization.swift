// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ServicesCore

/// One row of `show services sessions utilization` (SPEC.md §2.11), from a member's snapshot: what the text
/// and the document both show.
struct MemberUtilization {
    var interface: String
    /// Live sessions.
    var sessions: Int
    /// The member's session tables as a share of physical memory, percent.
    var memoryPercent: Double
    /// Sessions set up, refused and removed in the last whole second of packet time.
    var setupRate: Int
    var dropRate: Int
    var teardownRate: Int
    /// The setup rate as a share of the member's highest in any second so far, percent *(ours)*.
    var setupRatePercent: Double
    /// The member thread's share of the replay's data-path time, percent.
    var cpuPercent: Double

    init(_ member: MemberSnapshot, memory: Int) {
        let analysis = member.analysis
        interface = member.name
        sessions = analysis.total
        memoryPercent = percentage(Double(member.sessionBytes), of: Double(memory))
        setupRate = analysis.createdPerSecond
        dropRate = analysis.refusedPerSecond
        teardownRate = analysis.deletedPerSecond
        setupRatePercent = percentage(Double(setupRate), of: Double(analysis.peakCreatedPerSecond))
        cpuPercent = member.cpuUtilization
    }

    /// `Green`; `Yellow` above 80 % of memory or CPU; `Red` above 95 %.
    var health: String {
        let load = max(memoryPercent, cpuPercent)
        return load > 95 ? "Red" : load > 80 ? "Yellow" : "Green"
    }
}
