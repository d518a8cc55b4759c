// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A span of packet time given in seconds (`--at`, `request replay advance`), in the engine's nanoseconds.
///
/// Packet time is a 64-bit count of nanoseconds, so a span ends at 2⁶⁴ − 1 ns (about 584 years): a longer
/// one is cut there — saturated, never wrapped — and says so.
public struct PacketDuration: Sendable, Equatable {
    /// The span in nanoseconds, at most `UInt64.max`.
    public let nanoseconds: UInt64
    /// `true` if the seconds given were more than packet time can hold, and were cut to its end.
    public let isSaturated: Bool

    /// The longest span, in seconds.
    public static let maximumSeconds = Double(UInt64.max) / 1e9

    /// `seconds` of packet time; `nil` unless it is a finite number, 0 or more.
    public init?(seconds: Double) {
        guard seconds.isFinite, seconds >= 0 else { return nil }
        let value = seconds * 1e9
        // `Double(UInt64.max)` rounds up to 2⁶⁴, which does not fit: compare before converting.
        if value >= Double(UInt64.max) {
            nanoseconds = .max
            isSaturated = true
        } else {
            nanoseconds = UInt64(value)
            isSaturated = false
        }
    }
}
