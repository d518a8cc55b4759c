// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// An IPv4 or IPv6 prefix (`192.0.2.0/24`, `2001:db8::/32`), matched against 128-bit addresses.
///
/// IPv4 prefixes are held IPv4-mapped (their length plus 96), like ``IPAddress``.
public struct AddressPrefix: Hashable, Sendable, BitwiseCopyable {
    public var address: IPAddress
    /// The prefix length in the 128-bit (IPv4-mapped) space: 96 + n for IPv4 /n.
    public var length: UInt8

    /// The prefix `address/length`, where `length` counts bits of the address's own family.
    public init(_ address: IPAddress, length: Int) {
        let bits = address.isIPv4 ? 96 + min(max(length, 0), 32) : min(max(length, 0), 128)
        self.length = UInt8(bits)
        let (high, low) = Self.mask(bits)
        self.address = IPAddress(high: address.high & high, low: address.low & low)
    }

    /// Parses `a.b.c.d/n`, `a:b::/n`, or a bare address (a host prefix).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        let limit = address.isIPv4 ? 32 : 128
        var length = limit
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...limit).contains(value), parts[1].allSatisfy(\.isASCII) else {
                return nil
            }
            length = value
        }
        self.init(address, length: length)
    }

    @inline(__always)
    static func mask(_ bits: Int) -> (high: UInt64, low: UInt64) {
        let high: UInt64 = bits >= 64 ? .max : (bits == 0 ? 0 : ~0 << UInt64(64 - bits))
        let low: UInt64 = bits <= 64 ? 0 : (bits >= 128 ? .max : ~0 << UInt64(128 - bits))
        return (high, low)
    }

    /// `true` if `candidate` lies in the prefix.
    @inlinable
    public func contains(_ candidate: IPAddress) -> Bool {
        let bits = Int(length)
        let high: UInt64 = bits >= 64 ? .max : (bits == 0 ? 0 : ~0 << UInt64(64 - bits))
        let low: UInt64 = bits <= 64 ? 0 : (bits >= 128 ? .max : ~0 << UInt64(128 - bits))
        return candidate.high & high == address.high && candidate.low & low == address.low
    }
}

extension AddressPrefix: CustomStringConvertible {
    /// `192.0.2.0/24` or `2001:db8::/32`.
    public var description: String {
        "\(address)/\(address.isIPv4 ? Int(length) - 96 : Int(length))"
    }
}
