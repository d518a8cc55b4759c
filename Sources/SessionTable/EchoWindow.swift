// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The ICMP ALG's pairing of echo requests and replies for one ping flow, in 40 bits.
///
/// "The ICMP ALG always tracks ping traffic statefully using the ICMP sequence number. Each echo reply is
/// forwarded only if there is an echo request with the corresponding sequence number. For any ping flow,
/// only 20 echo requests can be forwarded without receiving an echo reply." (Juniper's documentation of the ICMP ALG; README.md, *ALGs*)
///
/// Bits 0–15 hold the highest request sequence number seen (`top`); bit 16 + i is set while the request
/// with sequence `top - i` (0 ≤ i < 24) waits for its reply. A request more than 23 behind `top` is no
/// longer tracked: its reply is unpaired.
public struct EchoWindow: Sendable, BitwiseCopyable, Equatable {
    public var rawValue: UInt64

    /// Requests that may wait for a reply at once.
    public static let limit = 20
    static let span = 24

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    var top: UInt16 { UInt16(truncatingIfNeeded: rawValue) }
    var waiting: UInt32 { UInt32(truncatingIfNeeded: rawValue >> 16) & 0xFF_FFFF }

    /// Requests waiting for their reply.
    public var outstanding: Int { waiting.nonzeroBitCount }

    /// A window holding just the request `sequence` (the session's first packet).
    public init(firstRequest sequence: UInt16) { rawValue = 1 << 16 | UInt64(sequence) }

    /// Records request `sequence`; `false` (nothing recorded) when 20 requests already wait.
    public mutating func request(_ sequence: UInt16) -> Bool {
        let ahead = Int(Int16(bitPattern: sequence &- top))
        var bits = waiting
        if ahead > 0 {
            bits = ahead >= Self.span ? 0 : bits << UInt32(ahead) & 0xFF_FFFF
            if bits.nonzeroBitCount >= Self.limit { return false }
            set(top: sequence, waiting: bits | 1)
            return true
        }
        let behind = -ahead
        guard behind < Self.span else { return true }  // too old to track; let it through
        if bits & 1 << UInt32(behind) != 0 { return true }  // a retransmission: already waiting
        if bits.nonzeroBitCount >= Self.limit { return false }
        set(top: top, waiting: bits | 1 << UInt32(behind))
        return true
    }

    /// Pairs reply `sequence` with its request; `false` when no such request waits.
    public mutating func reply(_ sequence: UInt16) -> Bool {
        let behind = Int(Int16(bitPattern: top &- sequence))
        guard (0..<Self.span).contains(behind), waiting & 1 << UInt32(behind) != 0 else { return false }
        set(top: top, waiting: waiting & ~(1 << UInt32(behind)))
        return true
    }

    private mutating func set(top: UInt16, waiting: UInt32) {
        rawValue = UInt64(waiting) << 16 | UInt64(top)
    }
}
