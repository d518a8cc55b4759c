// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

extension SessionTableRenderer {
    /// Writes `show services sessions count` as a real MX480 AMS prints it (SPEC.md §2.5): two empty lines,
    /// the header, then a row per member and service set, printf `"%-12s%-28s%12s%13s%13s%13s"` of the
    /// member (alone, without `(amsN)`), the service set and its Valid, Invalid, Pending and Other state
    /// counts. A longer name widens its column.
    public static func writeCount(_ rows: [SessionCountRow], to output: inout TextBuffer) {
        output.newline()
        output.newline()
        output.write("Interface", leftJustifiedIn: 12)
        output.write("Service set", leftJustifiedIn: 28)
        output.write("Valid".rightAligned(12))
        output.write("Invalid".rightAligned(13))
        output.write("Pending".rightAligned(13))
        output.write("Other state".rightAligned(13))
        output.newline()
        for row in rows {
            output.write(row.member, leftJustifiedIn: 12)
            output.write(row.serviceSet, leftJustifiedIn: 28)
            output.write(decimal: UInt64(row.valid), rightJustifiedIn: 12)
            output.write(decimal: UInt64(row.invalid), rightJustifiedIn: 13)
            output.write(decimal: UInt64(row.pending), rightJustifiedIn: 13)
            output.write(decimal: UInt64(row.other), rightJustifiedIn: 13)
            output.newline()
        }
    }

    /// The count output as one string.
    public static func count(_ rows: [SessionCountRow]) -> String {
        TextBuffer.text { writeCount(rows, to: &$0) }
    }
}
