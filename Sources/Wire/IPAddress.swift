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
        let text = String(text)
        guard let address = IPAddress(utf8: text.utf8.span) else { return nil }
        self = address
    }

    /// Parses the address whose UTF-8 text is `text`, as ``init(_:)`` does, in one pass over its bytes
    /// (a configuration can hold millions of addresses).
    public init?(utf8 text: Span<UInt8>) {
        var hasColon = false
        for index in text.indices where text[index] == UInt8(ascii: ":") {
            hasColon = true
            break
        }
        if !hasColon {
            guard let value = Self.ipv4Value(text, text.indices) else { return nil }
            self.init(ipv4: value)
            return
        }
        guard let (high, low) = Self.ipv6Value(text) else { return nil }
        self.init(high: high, low: low)
    }

    /// The value of the dotted quad `text[range]`: four fields of one to three decimal digits, each ≤ 255.
    private static func ipv4Value(_ text: Span<UInt8>, _ range: Range<Int>) -> UInt32? {
        var value: UInt32 = 0
        var field: UInt32 = 0
        var digits = 0
        var fields = 0
        for index in range {
            let byte = text[index]
            if byte == UInt8(ascii: ".") {
                guard digits > 0, fields < 3 else { return nil }
                value = value << 8 | field
                fields += 1
                field = 0
                digits = 0
            } else {
                guard byte.isASCIIDigit, digits < 3 else { return nil }
                field = field * 10 + UInt32(byte - UInt8(ascii: "0"))
                guard field <= 255 else { return nil }
                digits += 1
            }
        }
        guard digits > 0, fields == 3 else { return nil }
        return value << 8 | field
    }

    /// The 128 bits of the RFC 4291 §2.2 text `text`: groups of one to four hexadecimal digits, at most one
    /// `::`, an optional dotted-quad tail.
    private static func ipv6Value(_ text: Span<UInt8>) -> (UInt64, UInt64)? {
        let colon = UInt8(ascii: ":")
        let end = text.count
        var groups = InlineArray<8, UInt16>(repeating: 0)
        var count = 0
        var gap: Int?
        var index = 0
        if end >= 2, text[0] == colon, text[1] == colon {
            gap = 0
            index = 2
        } else if end > 0, text[0] == colon {
            return nil
        }
        while index < end {
            var next = index
            var value = 0
            while next < end, let digit = text[next].hexDigitValue {
                value = value << 4 | digit
                next += 1
                guard next - index <= 4 else { return nil }
            }
            if next < end, text[next] == UInt8(ascii: ".") {
                // The dotted-quad tail: the last two groups.
                guard count <= 6, let v4 = ipv4Value(text, index..<end) else { return nil }
                groups[count] = UInt16(v4 >> 16)
                groups[count + 1] = UInt16(v4 & 0xFFFF)
                count += 2
                break
            }
            guard next > index, count < 8 else { return nil }
            groups[count] = UInt16(value)
            count += 1
            if next == end { break }
            guard text[next] == colon else { return nil }
            if next + 1 < end, text[next + 1] == colon {
                guard gap == nil else { return nil }
                gap = count
                index = next + 2
            } else {
                index = next + 1
                guard index < end else { return nil }
            }
        }
        if let gap {
            // `::` stands for one or more zero groups: move the groups after it to the end.
            guard count <= 7 else { return nil }
            let shift = 8 - count
            var source = count - 1
            while source >= gap {
                groups[source + shift] = groups[source]
                groups[source] = 0
                source -= 1
            }
        } else {
            guard count == 8 else { return nil }
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for group in 0..<4 { high = high << 16 | UInt64(groups[group]) }
        for group in 4..<8 { low = low << 16 | UInt64(groups[group]) }
        return (high, low)
    }

}
