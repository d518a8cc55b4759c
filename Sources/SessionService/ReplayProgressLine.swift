// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import SessionEngine

/// The text of `ams replay`'s progress line (README.md, *ams replay*), e.g.
/// `  412 MB of 1.9 GB (21 %), 1.3 M frames/s, 0:07 left`; while standard input is read, whose size is not
/// known, `  412 MB read, 30 MB/s`. A pure function of the counters and the time: the caller draws it.
public enum ReplayProgressLine {
    /// The line for `snapshot`, `elapsed` seconds after its phase began (the rates are averages over
    /// them); empty before the replay has begun.
    public static func text(_ snapshot: ReplayProgress.Snapshot, elapsed: Double) -> String {
        let hasRate = elapsed > 0 && elapsed.isFinite && snapshot.bytes > 0
        let bytesPerSecond = hasRate ? Double(snapshot.bytes) / elapsed : 0
        let framesPerSecond = hasRate ? Double(max(0, snapshot.frames)) / elapsed : 0
        switch (snapshot.phase, snapshot.totalBytes) {
        case (.starting, _):
            return ""
        case (.reading, _), (.replaying, nil):
            // Standard input: how much, how fast; not how much is left.
            var line = "  \(size(snapshot.bytes))"
            if snapshot.phase == .reading {
                line += " read"
                if hasRate { line += ", \(size(Int(bytesPerSecond.rounded())))/s" }
            } else if hasRate {
                line += ", \(count(framesPerSecond)) frames/s"
            }
            return line
        case (.replaying, let total?):
            let bytes = min(snapshot.bytes, total)
            let percent = total > 0 ? bytes * 100 / total : 100
            var line = "  \(size(bytes)) of \(size(total)) (\(percent) %)"
            if hasRate {
                line += ", \(count(framesPerSecond)) frames/s"
                line += ", \(duration(Double(total - bytes) / bytesPerSecond)) left"
            }
            return line
        }
    }

    /// `bytes` in decimal units: `512 B`, `12 kB`, `412 MB`, `1.9 GB`.
    public static func size(_ bytes: Int) -> String {
        scaled(Double(max(0, bytes)), units: ["B", "kB", "MB", "GB", "TB", "PB"])
    }

    /// A count with a decimal prefix: `850`, `12 k`, `1.3 M`.
    public static func count(_ value: Double) -> String {
        let text = scaled(max(0, value), units: ["", "k", "M", "G", "T", "P"])
        return text.hasSuffix(" ") ? String(text.dropLast()) : text
    }

    /// Seconds as `m:ss`, or `h:mm:ss` from an hour on, rounded up (a second left is `0:01`, not `0:00`).
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds > 0 else { return "0:00" }
        let total = seconds >= Double(Int.max / 2) ? Int.max / 2 : Int(seconds.rounded(.up))
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(rest))" : "\(minutes):\(twoDigits(rest))"
    }

    /// `value` in the largest of `units` (steps of 1000) that leaves at least 1: one decimal below 10,
    /// none from 10 on (`9.96` is `10`, `999.7` of a unit is `1.0` of the next), then a space and the unit.
    private static func scaled(_ value: Double, units: [String]) -> String {
        var value = value
        var unit = 0
        while value >= 999.5 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(Int(value.rounded())) \(units[0])" }
        let tenths = Int((value * 10).rounded())
        let number = tenths < 100 ? "\(tenths / 10).\(tenths % 10)" : "\(Int(value.rounded()))"
        return "\(number) \(units[unit])"
    }
}
