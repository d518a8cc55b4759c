// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

extension SessionTableRenderer {
    /// The columns of `show services sessions utilization` after the interface: the header's two lines (the
    /// first word of a two-word heading above the second; Junos's words) and the width each is
    /// right-justified in (ours).
    static let utilizationColumns: [(top: String, bottom: String, width: Int)] = [
        ("Session", "Count", 10), ("", "%Memory", 9), ("Setup", "Rate", 8), ("", "%Rate", 8), ("Drop", "Rate", 8),
        ("Teardown", "Rate", 10), ("", "%CPU", 8),
    ]

    /// Writes `show services sessions utilization` (SPEC.md §2.11): the two-line header and a row per member
    /// — the member in 11 columns and a space, the columns of ``utilizationColumns`` right-justified, two
    /// spaces and the health word. `memory` is the physical memory `%Memory` is a share of.
    public static func writeUtilization(_ members: [MemberSnapshot], memory: Int, to output: inout TextBuffer) {
        var top = String(repeating: " ", count: 12)
        var bottom = "Interface".padding(12)
        for column in utilizationColumns {
            top += column.top.rightAligned(column.width)
            bottom += column.bottom.rightAligned(column.width)
        }
        while top.last == " " { top.removeLast() }
        output.write(top)
        output.newline()
        output.write(bottom)
        output.newline()
        for member in members {
            let row = MemberUtilization(member, memory: memory)
            output.write(row.interface, leftJustifiedIn: 11)
            output.write(" ")
            let values = [
                String(row.sessions), String(fixed: row.memoryPercent, digits: 2), String(row.setupRate),
                String(fixed: row.setupRatePercent, digits: 2), String(row.dropRate), String(row.teardownRate),
                String(fixed: row.cpuPercent, digits: 2),
            ]
            for (value, column) in zip(values, utilizationColumns) { output.write(value.rightAligned(column.width)) }
            output.write("  ")
            output.write(row.health)
            output.newline()
        }
    }
}
