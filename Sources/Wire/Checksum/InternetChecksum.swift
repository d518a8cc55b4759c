// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The Internet checksum: the ones' complement of the ones' complement sum of 16-bit words (RFC 1071).
///
/// Accumulate with ``add(_:)-(some Collection<UInt8>)`` (bytes are paired across calls, so an odd-length
/// chunk followed by another chunk sums correctly) and read ``value``. Verifying a received header: add
/// it whole, checksum field included, and test ``isValid``.
public struct InternetChecksum: Hashable, Sendable, BitwiseCopyable {
    /// The running sum of 16-bit words, folded only when read (RFC 1071 §2 (C)): 64 bits hold 2^48 words
    /// of 0xFFFF, far more than any datagram, so adding never needs a branch.
    @usableFromInline var sum: UInt64
    /// The pending high byte of an odd-length chunk, if any.
    @usableFromInline var pendingByte: UInt8?

    @inlinable
    public init() {
        sum = 0
        pendingByte = nil
    }

    /// Adds bytes in network order.
    @inlinable
    public mutating func add(_ bytes: some Collection<UInt8>) {
        for byte in bytes {
            if let high = pendingByte {
                add(UInt16(high) &<< 8 | UInt16(byte))
                pendingByte = nil
            } else {
                pendingByte = byte
            }
        }
    }

    /// Adds bytes in network order, as ``add(_:)-(some Collection<UInt8>)`` does.
    @inlinable
    public mutating func add(_ bytes: Span<UInt8>) {
        var index = 0
        if let high = pendingByte, bytes.count > 0 {
            add(UInt16(high) &<< 8 | UInt16(bytes[0]))
            pendingByte = nil
            index = 1
        }
        while index &+ 1 < bytes.count {
            add(bytes.networkUInt16(at: index))
            index &+= 2
        }
        if index < bytes.count { pendingByte = bytes[index] }
    }

    /// Adds a 16-bit word (in host order, as read from the wire in network order).
    @inlinable
    public mutating func add(_ word: UInt16) {
        // Wrapping never happens: overflowing would take 2^48 words.
        sum &+= UInt64(word)
    }

    /// Adds a 32-bit value as two words (for pseudo-header lengths and IPv4 addresses).
    @inlinable
    public mutating func add(_ value: UInt32) {
        sum &+= UInt64(value &>> 16) &+ UInt64(value & 0xFFFF)
    }

    /// Adds the 16 bytes of an address as 8 words, or the 4 bytes of an IPv4 address.
    @inlinable
    public mutating func add(_ address: IPAddress) {
        if address.isIPv4 {
            add(address.ipv4Value)
        } else {
            add(UInt32(truncatingIfNeeded: address.high &>> 32))
            add(UInt32(truncatingIfNeeded: address.high))
            add(UInt32(truncatingIfNeeded: address.low &>> 32))
            add(UInt32(truncatingIfNeeded: address.low))
        }
    }

    /// The folded ones' complement sum, with an odd trailing byte padded with zero (RFC 1071 §4.1).
    @inlinable
    public var foldedSum: UInt16 {
        var copy = self
        if let high = copy.pendingByte { copy.add(UInt16(high) &<< 8) }
        var folded = copy.sum
        while folded > 0xFFFF { folded = (folded & 0xFFFF) &+ (folded &>> 16) }
        return UInt16(folded)
    }

    /// The checksum to store in a header: the ones' complement of ``foldedSum``.
    @inlinable
    public var value: UInt16 { ~foldedSum }

    /// `true` if the summed data, checksum field included, verifies.
    @inlinable
    public var isValid: Bool { foldedSum == 0xFFFF }

    /// The checksum updated for a changed 16-bit field: HC' = ~(~HC + ~m + m') (RFC 1624 §3, eqn. 3).
    @inlinable
    public static func updated(_ checksum: UInt16, replacing old: UInt16, with new: UInt16) -> UInt16 {
        var sum = UInt32(~checksum) &+ UInt32(~old) &+ UInt32(new)
        while sum > 0xFFFF { sum = (sum & 0xFFFF) &+ (sum &>> 16) }
        return ~UInt16(sum)
    }
}
