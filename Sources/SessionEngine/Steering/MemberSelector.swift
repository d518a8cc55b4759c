// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// Chooses a session's AMS member within a bundle by hashing the configured key address (SPEC.md §4).
///
/// The hash is fixed (not seeded) so that the same capture lands on the same members on every run.
public struct MemberSelector: Sendable, BitwiseCopyable {
    public let memberCount: Int

    public init(memberCount: Int) {
        precondition(memberCount >= 1 && memberCount <= 32, "an AMS bundle has 1 to 32 members")
        self.memberCount = memberCount
    }

    /// The member that owns traffic whose key address is `address`.
    @inlinable
    public func member(for address: IPAddress) -> Int {
        if memberCount == 1 { return 0 }
        return member(forHash: Self.hash(address))
    }

    /// The member of a key address whose ``hash(_:)`` is `hash`.
    @inlinable @inline(__always)
    public func member(forHash hash: UInt64) -> Int {
        Self.member(forHash: hash, memberCount: UInt64(memberCount))
    }

    /// The member among `memberCount` of a key address whose ``hash(_:)`` is `hash`: the one formula.
    @inlinable @inline(__always)
    public static func member(forHash hash: UInt64, memberCount: UInt64) -> Int {
        // Multiply-shift maps the 32-bit hash onto 0..<memberCount without a division.
        Int(truncatingIfNeeded: ((hash & 0xFFFF_FFFF) &* memberCount) >> 32)
    }

    /// The fixed 64-bit hash of a key address (a MurmurHash3 finaliser of its two halves).
    @inlinable @inline(__always)
    public static func hash(_ address: IPAddress) -> UInt64 {
        var h = address.low ^ (address.high &* 0xC2B2_AE3D_27D4_EB4F)
        h = (h ^ (h >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        h = (h ^ (h >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }
}
