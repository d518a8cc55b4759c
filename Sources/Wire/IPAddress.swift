// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// An IPv4 or IPv6 address in 16 bytes.
///
/// IPv4 addresses are held in their IPv4-mapped form `::ffff:a.b.c.d` (RFC 4291 §2.5.5.2), so one
/// `BitwiseCopyable` type serves both families on the data path without an enum payload.
public struct IPAddress: Hashable, Sendable, BitwiseCopyable, Comparable {
    /// The first 8 bytes, in network order read as a big-endian integer.
    public var high: UInt64
    /// The last 8 bytes, in network order read as a big-endian integer.
    public var low: UInt64

    @inlinable
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// An IPv4 address from its 32-bit value in host order.
    @inlinable
    public init(ipv4 value: UInt32) {
        self.high = 0
        self.low = 0x0000_FFFF_0000_0000 | UInt64(value)
    }

    /// An IPv4 address from its four octets.
    @inlinable
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        self.init(ipv4: UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d))
    }

    /// The all-zero address (`::`).
    public static let zero = IPAddress(high: 0, low: 0)

    /// `true` if this is an IPv4 address (held IPv4-mapped).
    @inlinable
    public var isIPv4: Bool { high == 0 && low >> 32 == 0x0000_FFFF }

    /// The IPv4 value in host order; meaningful only when ``isIPv4``.
    @inlinable
    public var ipv4Value: UInt32 { UInt32(truncatingIfNeeded: low) }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}

extension IPAddress: CustomStringConvertible {
    /// Dotted quad for IPv4; RFC 5952 canonical text for IPv6 (lower case, longest zero run compressed).
    public var description: String { description(dottedQuad: true) }

    /// The address in the notation it was written in: a dotted quad if `dottedQuad` and the address is
    /// IPv4, otherwise the RFC 5952 §4 canonical IPv6 text of all 128 bits.
    ///
    /// An IPv4 address written in IPv6 notation (`::ffff:192.0.2.1`) prints back as IPv6, in hexadecimal
    /// (`::ffff:c000:201`) rather than §5's mixed form, as the configuration has always printed it.
    /// IPv6 text is lower-case hexadecimal without leading zeros (§4.1, §4.3); the longest run of two or
    /// more zero groups becomes `::`, the first one on a tie (§4.2).
    public func description(dottedQuad: Bool) -> String {
        if dottedQuad && isIPv4 {
            let v = ipv4Value
            return "\(v >> 24).\(v >> 16 & 0xFF).\(v >> 8 & 0xFF).\(v & 0xFF)"
        }
        var groups: [UInt16] = []
        groups.reserveCapacity(8)
        for shift in stride(from: 48, through: 0, by: -16) { groups.append(UInt16(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 48, through: 0, by: -16) { groups.append(UInt16(truncatingIfNeeded: low >> UInt64(shift))) }
        // Longest run of two or more zero groups; the first one wins a tie (RFC 5952 §4.2.3).
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < 8 {
            if groups[index] == 0 {
                var end = index
                while end < 8 && groups[end] == 0 { end += 1 }
                if end - index > bestLength {
                    bestStart = index
                    bestLength = end - index
                }
                index = end
            } else {
                index += 1
            }
        }
        func hex(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        if bestStart < 0 { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }
}

extension IPAddress {
    /// Parses dotted-quad IPv4 or RFC 4291 §2.2 IPv6 text (including `::` and an embedded IPv4 tail).
    ///
    /// Text without a colon is IPv4: four decimal fields of one to three ASCII digits, each at most 255
    /// (a leading zero is decimal: `010` is 10). Text with a colon is IPv6: groups of one to four ASCII
    /// hexadecimal digits, at most one `::` standing for one or more zero groups. Signs (`+1`), spaces and
    /// a zone (`%eth0`) are rejected.
    ///
    /// Returns `nil` for anything that is not an address.
    public init?(_ text: some StringProtocol) {
        if !text.contains(":") {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var value: UInt32 = 0
            for part in parts {
                guard (1...3).contains(part.utf8.count), part.utf8.allSatisfy(\.isASCIIDigit), let octet = UInt8(part)
                else { return nil }
                value = value << 8 | UInt32(octet)
            }
            self.init(ipv4: value)
            return
        }
        var text = Substring(text)
        var tail: [UInt16] = []
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard let v4 = IPAddress(text[text.index(after: lastColon)...]), v4.isIPv4 else { return nil }
            tail = [UInt16(v4.ipv4Value >> 16), UInt16(v4.ipv4Value & 0xFFFF)]
            text = text[...lastColon]
            if text.hasSuffix("::") == false { text = text.dropLast() }
        }
        func groups(_ s: Substring) -> [UInt16]? {
            if s.isEmpty { return [] }
            var result: [UInt16] = []
            for part in s.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(part.utf8.count), part.utf8.allSatisfy(\.isASCIIHexDigit),
                    let g = UInt16(part, radix: 16)
                else { return nil }
                result.append(g)
            }
            return result
        }
        var all: [UInt16]
        if let range = text.firstRange(of: "::") {
            guard let head = groups(text[..<range.lowerBound]), let rest = groups(text[range.upperBound...]),
                !text[range.upperBound...].contains("::")
            else { return nil }
            let missing = 8 - head.count - rest.count - tail.count
            guard missing >= 1 else { return nil }
            all = head + Array(repeating: 0, count: missing) + rest + tail
        } else {
            guard let g = groups(text) else { return nil }
            all = g + tail
        }
        guard all.count == 8 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for i in 0..<4 { high = high << 16 | UInt64(all[i]) }
        for i in 4..<8 { low = low << 16 | UInt64(all[i]) }
        self.init(high: high, low: low)
    }
}
