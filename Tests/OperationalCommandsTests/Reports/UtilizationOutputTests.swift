// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import OperationalCommands
import ServicesCore
import Testing

/// `show services sessions utilization` (SPEC.md §2.11): the columns from a member's statistics, memory and
/// CPU, and the health word.
@Suite("show services sessions utilization output")
struct UtilizationOutputTests {
    /// A member with `sessions` live sessions, `bytes` of session tables, the given rates and CPU.
    static func member(
        _ name: String, sessions: Int, bytes: Int, created: Int, peak: Int, refused: Int, deleted: Int, cpu: Double
    ) -> MemberSnapshot {
        var member = MemberSnapshot(name: name, bundle: "ams0", sessions: [], serviceSetCounts: [("ss1", sessions)])
        member.analysis.udpIPv4 = sessions
        member.analysis.createdPerSecond = created
        member.analysis.peakCreatedPerSecond = peak
        member.analysis.refusedPerSecond = refused
        member.analysis.deletedPerSecond = deleted
        member.sessionBytes = bytes
        member.policyBytes = 1000
        member.cpuUtilization = cpu
        return member
    }

    static let memory = 1 << 30
    static let members = [
        member("mams-0/0/0", sessions: 10991, bytes: 1 << 28, created: 88, peak: 350, refused: 3, deleted: 12, cpu: 1.3),
        member("mams-10/1/0", sessions: 0, bytes: 0, created: 0, peak: 0, refused: 0, deleted: 0, cpu: 81.68),
    ]

    @Test func theTextHasTheRealHeaderWordsAndOneRowPerMember() {
        let text = TextBuffer.text { SessionTableRenderer.writeUtilization(Self.members, memory: Self.memory, to: &$0) }
        #expect(text == """
                           Session            Setup            Drop  Teardown
            Interface        Count  %Memory    Rate   %Rate    Rate      Rate    %CPU
            mams-0/0/0       10991    25.00      88   25.14       3        12    1.30  Green
            mams-10/1/0          0     0.00       0    0.00       0         0   81.68  Yellow

            """)
    }

    @Test func theDocumentHoldsTheSameFigures() {
        #expect(SessionDocuments.utilization(Array(Self.members.prefix(1)), memory: Self.memory).xmlText() == """
            <service-session-utilization-information>
                <service-session-utilization-entry>
                    <interface-name>mams-0/0/0</interface-name>
                    <session-count>10991</session-count>
                    <memory-utilization-percent>25.00</memory-utilization-percent>
                    <session-setup-rate>88</session-setup-rate>
                    <session-setup-rate-percent>25.14</session-setup-rate-percent>
                    <session-drop-rate>3</session-drop-rate>
                    <session-teardown-rate>12</session-teardown-rate>
                    <cpu-utilization-percent>1.30</cpu-utilization-percent>
                    <health-status>Green</health-status>
                </service-session-utilization-entry>
            </service-session-utilization-information>

            """)
    }

    /// `Yellow` above 80 % of memory or CPU, `Red` above 95 %; at the thresholds themselves the lower word.
    @Test(arguments: [
        (0.0, 80.0, "Green"), (0.0, 80.01, "Yellow"), (80.01, 0.0, "Yellow"), (95.0, 10.0, "Yellow"),
        (95.01, 10.0, "Red"), (10.0, 100.0, "Red"),
    ])
    func healthFollowsTheBusierOfMemoryAndCPU(memoryPercent: Double, cpu: Double, health: String) {
        let member = Self.member(
            "mams-0/0/0", sessions: 1, bytes: Int(memoryPercent * 1_000_000), created: 0, peak: 0, refused: 0,
            deleted: 0, cpu: cpu)
        #expect(MemberUtilization(member, memory: 100_000_000).health == health)
    }
}
