// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

/// The Next Gen (MX-SPC3) forms of `show services service-sets summary` and `show services sessions analysis`
/// (SPEC.md §9, junos-research.md §2.2 and §2.4).
extension SessionTableRenderer {
    /// Writes `show services service-sets summary` in the Next Gen form, the real 21.2R3 layout (junos-research.md
    /// §2.2): an empty line, the two-line header verbatim, and a row per member with six data columns — printf
    /// `"%-12s%8d%21d (%5.2f%%)%12d (%5.2f%%)%14d (%5.2f%%)%13.2f %%"`. *Ours*: the values are those of the MS-MPC
    /// form (bytes used = session tables and compiled policy; CPU), with `Session bytes used` the session tables
    /// alone, each a share of `memory` (the capture's shares have denominators of their own).
    public static func writeNextGenServiceSetsSummary(_ members: [MemberSnapshot], memory: Int, to output: inout TextBuffer) {
        output.newline()
        output.write("             Service sets                                                                           CPU\n")
        output.write("Interface    configured             Bytes used        Session bytes used     Policy bytes used      utilization\n")
        writeServiceSetsSummaryRows(members, memory: memory, sessionBytesColumn: true, to: &output)
    }

    /// The Next Gen `show services sessions analysis` label of a row: the capture writes `Created sessions per
    /// Second` (lower-case `sessions`) where the documentation's table has `Created Sessions per Second`; the
    /// other labels are the documentation's, as no capture shows them.
    static func nextGenAnalysisLabel(_ label: String) -> String {
        label == "Created Sessions per Second" ? "Created sessions per Second" : label
    }

    /// A Next Gen member's `show services sessions analysis` block, after the real 21.2R3 output (junos-research.md
    /// §2.4): `  Interface:   vms-1/0/0`, an empty line, `Session Analysis Statistics:`, then the rows as
    /// `"  %-40s:%-13d"` (`  Created sessions per Second             :349718       `, trailing spaces
    /// included). The rows are the MS-MPC ones, with the Next Gen labels (``nextGenAnalysisLabel(_:)``).
    static func writeNextGenAnalysis(_ member: MemberSnapshot, to output: inout TextBuffer) {
        output.write("  Interface:   ")
        output.write(member.name)
        output.newline()
        output.newline()
        output.write("Session Analysis Statistics:")
        output.newline()
        for (label, value) in analysisRows(member.analysis) {
            output.write("  ")
            output.write(nextGenAnalysisLabel(label), leftJustifiedIn: 40)
            output.write(":")
            output.write(decimal: value, leftJustifiedIn: 13)
            output.newline()
        }
    }
}
