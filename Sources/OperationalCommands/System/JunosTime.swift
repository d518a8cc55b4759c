// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Times as Junos prints them in `show chassis routing-engine`: `2019-08-29 09:02:22 UTC` and
/// `208 days, 23 hours, 14 minutes, 9 seconds` (genieparser's captures of a real router).
public enum JunosTime {
    /// `YYYY-MM-DD hh:mm:ss UTC` of `seconds` since 1970.
    public static func timestamp(_ seconds: Int) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        let (year, month, day) = civilDate(days: days)
        return "\(year)-\(two(month))-\(two(day)) \(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60)) UTC"
    }

    /// `N days, N hours, N minutes, N seconds`, leading zero units left out, singular where 1.
    public static func duration(_ seconds: Int) -> String {
        let parts = [(seconds / 86_400, "day"), (seconds / 3600 % 24, "hour"), (seconds / 60 % 60, "minute"), (seconds % 60, "second")]
        let shown = parts.drop { $0.0 == 0 && $0.1 != "second" }
        return shown.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }.joined(separator: ", ")
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Year, month, day of the proleptic Gregorian calendar for `days` since 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`).
    public static func civilDate(days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
