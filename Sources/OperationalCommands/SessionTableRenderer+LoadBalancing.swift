// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

extension SessionTableRenderer {
    /// Writes `show interfaces load-balancing` without `detail` (ours, SPEC.md §2.10) for one bundle.
    public static func writeLoadBalancing(_ bundle: BundleSnapshot, to output: inout TextBuffer) {
        writeLoadBalancing([bundle], to: &output)
    }

    /// Writes `show interfaces load-balancing` without `detail` (ours, SPEC.md §2.10): a header and one line
    /// per bundle — its name, state, time since its last change and number of members.
    public static func writeLoadBalancing(_ bundles: [BundleSnapshot], to output: inout TextBuffer) {
        let widths = [16, 8, 13]
        let rows =
            [["Interface", "State", "Last change", "Members"]]
            + bundles.map { bundle in
                [bundle.name, bundle.state, elapsedText(seconds: bundle.secondsSinceChange), String(bundle.members.count)]
            }
        for cells in rows {
            for (cell, width) in zip(cells, widths) {
                output.write(cell, leftJustifiedIn: width)
                output.write(" ")
            }
            output.write(cells[widths.count])
            output.newline()
        }
    }

    /// Writes `show interfaces load-balancing detail` (SPEC.md §2.10) for one bundle.
    public static func writeLoadBalancingDetail(_ bundle: BundleSnapshot, to output: inout TextBuffer) {
        writeLoadBalancingDetail([bundle], to: &output)
    }

    /// Writes `show interfaces load-balancing detail` (SPEC.md §2.10, the real MX480 output): its heading,
    /// then per bundle its fields as `%-15s: %s` rows, then its members' name, weight and state.
    public static func writeLoadBalancingDetail(_ bundles: [BundleSnapshot], to output: inout TextBuffer) {
        output.write("Load-balancing interfaces detail\n")
        for bundle in bundles { writeLoadBalancingDetail(of: bundle, to: &output) }
    }

    /// One bundle's part of the detail.
    private static func writeLoadBalancingDetail(of bundle: BundleSnapshot, to output: inout TextBuffer) {
        output.write("Interface        : ")
        output.write(bundle.name)
        output.newline()
        for (label, value) in [
            ("State", bundle.state), ("Last change", elapsedText(seconds: bundle.secondsSinceChange)),
            ("Member count", String(bundle.members.count)), ("HA Model", bundle.highAvailability.name),
        ] {
            output.write("  ")
            output.write(label, leftJustifiedIn: 15)
            output.write(": ")
            output.write(value)
            output.newline()
        }
        output.write("  Members        :\n")
        output.write("      Interface    Weight   State\n")
        for member in bundle.members {
            output.write("      ")
            output.write(member.name, leftJustifiedIn: 12)
            output.write(" ")
            output.write(decimal: UInt64(BundleSnapshot.memberWeight), leftJustifiedIn: 8)
            output.write(" ")
            output.write(member.state.name)
            output.newline()
        }
    }

    /// A span of time as Junos prints how long ago something happened: `04:33:20` under a day, else days
    /// (and weeks) with hours and minutes, `3d 20:41`, `1w2d 00:17`.
    static func elapsedText(seconds: UInt64) -> String {
        func twoDigits(_ value: UInt64) -> String { value < 10 ? "0\(value)" : String(value) }
        let (minutes, hours, days) = (seconds / 60 % 60, seconds / 3600 % 24, seconds / 86_400)
        guard days > 0 else { return "\(twoDigits(hours)):\(twoDigits(minutes)):\(twoDigits(seconds % 60))" }
        let weeks = days >= 7 ? "\(days / 7)w" : ""
        return "\(weeks)\(days % 7)d \(twoDigits(hours)):\(twoDigits(minutes))"
    }
}
