// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Bundle-wide session IDs (SPEC.md §1).
///
/// The member index m is encoded above the member's own counter: the n-th session of member m has ID
/// `(m + 1) << 24 | n` while n < 2²⁴ (so member 0's first session is 16777217, like the captured
/// 67108866 = 0x4000002); past that, the counter's higher bits move above bit 32, so an ID is never reused.
public enum SessionID {
    /// The ID of session number `number` of member `member`.
    public static func make(member: Int, number: UInt32) -> UInt64 {
        let low = UInt64(number & 0xFF_FFFF)
        let high = UInt64(number >> 24)
        return high << 32 | UInt64(member + 1) << 24 | low
    }
}
