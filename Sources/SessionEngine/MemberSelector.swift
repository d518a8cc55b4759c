// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// Chooses a session's AMS member by hashing the configured key address (SPEC.md §4).
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
        var h = address.low ^ (address.high &* 0xC2B2_AE3D_27D4_EB4F)
        h = (h ^ (h >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        h = (h ^ (h >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        // Multiply-shift maps the 32-bit hash onto 0..<memberCount without a division.
        return Int(truncatingIfNeeded: ((h & 0xFFFF_FFFF) &* UInt64(memberCount)) >> 32)
    }
}
