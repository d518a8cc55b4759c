// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import ServicesCore
import Testing

/// `show services sessions count` text (SPEC.md §2.5) against real Junos output (junos-research.md §1.3, §1.8).
@Suite("Count text")
struct SessionCountTextTests {
    /// A real MX480 AMS (Junos 19.4), byte for byte, after the two empty lines Junos prints first.
    @Test func realMX480OutputIsReproducedByteForByte() {
        let rows = [
            SessionCountRow(member: "mams-1/0/0", serviceSet: "CGNAT", valid: 359_160),
            SessionCountRow(member: "mams-1/1/0", serviceSet: "CGNAT", valid: 354_534),
            SessionCountRow(member: "mams-3/0/0", serviceSet: "CGNAT", valid: 358_151),
            SessionCountRow(member: "mams-3/1/0", serviceSet: "CGNAT", valid: 359_261),
        ]
        #expect(SessionTableRenderer.count(rows) == """


            Interface   Service set                        Valid      Invalid      Pending  Other state
            mams-1/0/0  CGNAT                             359160            0            0            0
            mams-1/1/0  CGNAT                             354534            0            0            0
            mams-3/0/0  CGNAT                             358151            0            0            0
            mams-3/1/0  CGNAT                             359261            0            0            0

            """)
    }

    /// Rows of the real Next Gen capture (the same layout), a two-digit FPC included.
    @Test func realNextGenRowsAreReproduced() {
        let rows = [
            SessionCountRow(member: "vms-1/0/0", serviceSet: "PIC1_0", valid: 23_151_274),
            SessionCountRow(member: "vms-10/1/0", serviceSet: "PIC10_1", valid: 24_000_000),
        ]
        let lines = SessionTableRenderer.count(rows).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[3] == "vms-1/0/0   PIC1_0                          23151274            0            0            0")
        #expect(lines[4] == "vms-10/1/0  PIC10_1                         24000000            0            0            0")
    }

    /// Each count in its column, zeros included; a name longer than its column widens it (printf) and
    /// `awk`'s fields stay `$1` member, `$2` service set, `$3`–`$6` Valid, Invalid, Pending, Other state.
    @Test func countsStandInTheirColumns() {
        let rows = [
            SessionCountRow(member: "mams-0/0/0", serviceSet: "ss1", valid: 1, invalid: 22, pending: 333, other: 4444),
            SessionCountRow(member: "mams-0/1/0", serviceSet: "a-service-set-name-of-30-chars"),
        ]
        let lines = SessionTableRenderer.count(rows).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 6 && lines[0].isEmpty && lines[1].isEmpty && lines[5].isEmpty)
        #expect(lines[3] == "mams-0/0/0  ss1                                    1           22          333         4444")
        #expect(lines[4] == "mams-0/1/0  a-service-set-name-of-30-chars           0            0            0            0")
        #expect(lines[4].split(separator: " ") == ["mams-0/1/0", "a-service-set-name-of-30-chars", "0", "0", "0", "0"])
        #expect(lines[3].split(separator: " ").dropFirst(2) == ["1", "22", "333", "4444"])
    }

    /// No rows (an interface without the service set): the header alone.
    @Test func noRowsLeaveTheHeader() {
        #expect(
            SessionTableRenderer.count([])
                == "\n\nInterface   Service set                        Valid      Invalid      Pending  Other state\n")
    }
}
