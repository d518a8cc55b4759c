// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

extension SessionTableRenderer {
    /// Writes `show services service-sets summary` in the MS-MPC form (SPEC.md §2.9): an empty line, a
    /// two-line header and a row per member with five data columns — the member, the service sets
    /// configured, the bytes it holds (session tables and compiled policy) and its compiled policy, each also
    /// as a share of `memory`, and its CPU utilisation during the replay.
    ///
    /// The layout is the captured Next Gen one (junos-research.md §2.2) without its `Session bytes used`
    /// column: 21 columns of each row and, in the header, that heading and the three spaces before it.
    ///
    /// Next Gen members (SPEC.md §9) have the six-column form instead (``writeNextGenServiceSetsSummary(_:memory:to:)``);
    /// each run of members of one generation has its own header.
    public static func writeServiceSetsSummary(_ members: [MemberSnapshot], memory: Int, to output: inout TextBuffer) {
        var start = members.startIndex
        while start < members.endIndex {
            let generation = members[start].generation
            let end = members[start...].firstIndex { $0.generation != generation } ?? members.endIndex
            if generation == .nextGen {
                writeNextGenServiceSetsSummary(Array(members[start..<end]), memory: memory, to: &output)
            } else {
                writeMSMPCServiceSetsSummary(Array(members[start..<end]), memory: memory, to: &output)
            }
            start = end
        }
    }

    /// The MS-MPC form of ``writeServiceSetsSummary(_:memory:to:)``.
    static func writeMSMPCServiceSetsSummary(_ members: [MemberSnapshot], memory: Int, to output: inout TextBuffer) {
        output.newline()
        output.write("             Service sets                                                      CPU\n")
        output.write("Interface    configured             Bytes used          Policy bytes used      utilization\n")
        writeServiceSetsSummaryRows(members, memory: memory, sessionBytesColumn: false, to: &output)
    }

    /// A row per member of either form: the member, its service sets, the bytes it holds (session tables and
    /// compiled policy), on Next Gen its session tables alone (`sessionBytesColumn`), its compiled policy —
    /// each with its share of `memory` — and its CPU utilisation.
    static func writeServiceSetsSummaryRows(
        _ members: [MemberSnapshot], memory: Int, sessionBytesColumn: Bool, to output: inout TextBuffer
    ) {
        for member in members {
            output.write(member.name, leftJustifiedIn: 12)
            output.write(decimal: UInt64(member.serviceSetCounts.count), rightJustifiedIn: 8)
            writeBytes(member.sessionBytes + member.policyBytes, of: memory, width: 21, to: &output)
            if sessionBytesColumn { writeBytes(member.sessionBytes, of: memory, width: 12, to: &output) }
            writeBytes(member.policyBytes, of: memory, width: 14, to: &output)
            output.write(String(fixed: member.cpuUtilization, digits: 2).rightAligned(13))
            output.write(" %")
            output.newline()
        }
    }

    /// `bytes` right-justified in `width`, then its share of `memory`: ` (13.45%)`, ` ( 0.33%)`.
    static func writeBytes(_ bytes: Int, of memory: Int, width: Int, to output: inout TextBuffer) {
        output.write(decimal: UInt64(bytes), rightJustifiedIn: width)
        output.write(" (")
        output.write(String(fixed: percentage(Double(bytes), of: Double(memory)), digits: 2).rightAligned(5))
        output.write("%)")
    }
}
