// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

/// Bundle-wide session IDs (SPEC.md §1), in the form of the card the bundle emulates.
///
/// MS-MPC: the member index m is encoded above the member's own counter: the n-th session of member m has ID
/// `(m + 1) << 24 | n` while n < 2²⁴ (so member 0's first session is 16777217, like the captured
/// 67108866 = 0x4000002); past that, the counter's higher bits move above bit 32, so an ID is never reused.
///
/// Next Gen *(ours, after the MX-SPC3's IDs)*: the two captured IDs of one PIC, 98784248804 and 167503726581, are
/// `23 << 32 | 996` and `39 << 32 | 2037` — a small number above bit 32 (which we take for the PIC's worker
/// thread) and a small counter below. So the n-th session of member m has ID `t << 32 | n`, t = 16·(m + 1) +
/// n mod 16: members' thread ranges do not overlap, and n is the whole low half, so an ID is never reused. (A
/// listing keeps the order of creation, in which these IDs do not always ascend.)
public enum SessionID {
    /// The ID of session number `number` of member `member`, in `generation`'s form.
    public static func make(member: Int, number: UInt32, generation: ServicesGeneration = .msMPC) -> UInt64 {
        switch generation {
        case .msMPC:
            let low = UInt64(number & 0xFF_FFFF)
            let high = UInt64(number >> 24)
            return high << 32 | UInt64(member + 1) << 24 | low
        case .nextGen:
            let thread = UInt64(16 * (member + 1)) + UInt64(number % 16)
            return thread << 32 | UInt64(number)
        }
    }

    /// The member and session number an ID of `generation`'s form was made of (``make(member:number:generation:)``
    /// undone).
    public static func decode(_ id: UInt64, generation: ServicesGeneration = .msMPC) -> (member: Int, number: UInt32) {
        switch generation {
        case .msMPC:
            return (Int(id >> 24 & 0xFF) - 1, UInt32(truncatingIfNeeded: (id >> 32) << 24 | id & 0xFF_FFFF))
        case .nextGen:
            return (Int(id >> 32) / 16 - 1, UInt32(truncatingIfNeeded: id))
        }
    }
}
