// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import ServicesCore
import Testing

/// `show services service-sets summary` in the MS-MPC five-column form (SPEC.md §2.9).
@Suite("show services service-sets summary output")
struct ServiceSetsSummaryOutputTests {
    static let members: [MemberSnapshot] = [("mams-2/2/0", 4, 1_553_115_152, 3_565_120, 1.42), ("mams-2/3/0", 1, 10, 0, 0)]
        .map { name, serviceSets, bytes, policy, cpu in
            var member = MemberSnapshot(
                name: name, bundle: "ams0", sessions: [],
                serviceSetCounts: (0..<serviceSets).map { ("ss\($0)", 0) })
            member.sessionBytes = bytes - policy
            member.policyBytes = policy
            member.cpuUtilization = cpu
            return member
        }

    /// The byte counts and CPU of a real MS-MPC row (`ms-2/2/0   4  1553115152  (13.45%)  3565120 ( 0.33%)
    /// 1.42 %`), in the captured Next Gen layout without its session-bytes column, after an empty line.
    @Test func fiveDataColumnsAfterAnEmptyLine() {
        let text = TextBuffer.text {
            SessionTableRenderer.writeServiceSetsSummary(Self.members, memory: 11_547_696_000, to: &$0)
        }
        #expect(text == """

                         Service sets                                                      CPU
            Interface    configured             Bytes used          Policy bytes used      utilization
            mams-2/2/0         4           1553115152 (13.45%)       3565120 ( 0.03%)         1.42 %
            mams-2/3/0         1                   10 ( 0.00%)             0 ( 0.00%)         0.00 %

            """)
    }

    @Test func theDocumentHasNoSessionBytesElement() {
        let xml = SessionDocuments.serviceSetsSummary(Array(Self.members.prefix(1)), memory: 11_547_696_000).xmlText()
        #expect(xml == """
            <service-set-summary-information junos:style="summary">
                <service-set-summary-information-entry>
                    <interface-name>mams-2/2/0</interface-name>
                    <service-set-service-type-entry>
                        <service-sets-configured>4</service-sets-configured>
                        <service-set-bytes-used>1553115152</service-set-bytes-used>
                        <service-set-percent-bytes-used>13.45</service-set-percent-bytes-used>
                        <service-set-policy-bytes-used>3565120</service-set-policy-bytes-used>
                        <service-set-percent-policy-bytes-used>0.03</service-set-percent-policy-bytes-used>
                        <service-set-cpu-utilization>1.42 %</service-set-cpu-utilization>
                    </service-set-service-type-entry>
                </service-set-summary-information-entry>
            </service-set-summary-information>

            """)
        #expect(!xml.contains("session-bytes"))
    }
}
