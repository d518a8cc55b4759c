// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// An IPv4 or IPv6 prefix in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`). A bare address
/// is a host prefix (`/32` or `/128`).
public struct IPPrefix: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 or IPv6 address as written in the configuration.
    public enum Address: Hashable, Sendable, CustomStringConvertible {
        /// An IPv4 address, most significant byte first.
        case ipv4(UInt32)
        /// An IPv6 address as two 64-bit halves, most significant first.
        case ipv6(high: UInt64, low: UInt64)

        /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text; `nil` if malformed.
        public init?(_ text: Substring) {
            if text.contains(":") {
                guard let value = Self.parseIPv6(text) else { return nil }
                self = .ipv6(high: value.high, low: value.low)
            } else {
                guard let value = Self.parseIPv4(text) else { return nil }
                self = .ipv4(value)
            }
        }

        /// The bit width: 32 or 128.
        public var bitWidth: Int {
            if case .ipv4 = self { 32 } else { 128 }
        }

        public var description: String {
            switch self {
            case .ipv4(let value):
                return [24, 16, 8, 0].map { String((value >> UInt32($0)) & 0xFF) }.joined(separator: ".")
            case .ipv6(let high, let low):
                let groups = (0..<8).map { index -> UInt16 in
                    let half = index < 4 ? high : low
                    return UInt16(truncatingIfNeeded: half >> UInt64(48 - 16 * (index % 4)))
                }
                // RFC 5952: compress the longest run (at least two) of zero groups.
                var bestStart = -1
                var bestLength = 1
                var runStart = -1
                for index in 0...8 {
                    if index < 8, groups[index] == 0 {
                        if runStart < 0 { runStart = index }
                    } else if runStart >= 0 {
                        if index - runStart > bestLength {
                            bestStart = runStart
                            bestLength = index - runStart
                        }
                        runStart = -1
                    }
                }
                let hex = groups.map { String($0, radix: 16) }
                if bestStart < 0 { return hex.joined(separator: ":") }
                let head = hex[..<bestStart].joined(separator: ":")
                let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
                return head + "::" + tail
            }
        }

        static func parseIPv4(_ text: Substring) -> UInt32? {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var value: UInt32 = 0
            for part in parts {
                guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCIIDigitCharacter),
                    let byte = UInt32(part), byte <= 255
                else { return nil }
                value = value << 8 | byte
            }
            return value
        }

        static func parseIPv6(_ text: Substring) -> (high: UInt64, low: UInt64)? {
            var groups: [UInt16] = []
            var gapIndex: Int?
            var pieces = text.split(separator: ":", omittingEmptySubsequences: false)[...]
            if text.hasPrefix("::") { pieces = pieces.dropFirst() }
            if text.hasSuffix("::") { pieces = pieces.dropLast() }
            for (position, piece) in pieces.enumerated() {
                if piece.isEmpty {
                    guard gapIndex == nil else { return nil }
                    gapIndex = groups.count
                    continue
                }
                if piece.contains(".") {
                    guard position == pieces.count - 1, let ipv4 = parseIPv4(piece) else { return nil }
                    groups.append(UInt16(ipv4 >> 16))
                    groups.append(UInt16(ipv4 & 0xFFFF))
                    continue
                }
                guard piece.count <= 4, piece.allSatisfy(\.isHexDigit), let group = UInt16(piece, radix: 16) else {
                    return nil
                }
                groups.append(group)
            }
            if let gapIndex {
                guard groups.count < 8 else { return nil }
                groups.insert(contentsOf: repeatElement(0, count: 8 - groups.count), at: gapIndex)
            }
            guard groups.count == 8 else { return nil }
            var high: UInt64 = 0
            var low: UInt64 = 0
            for index in 0..<4 {
                high = high << 16 | UInt64(groups[index])
                low = low << 16 | UInt64(groups[index + 4])
            }
            return (high, low)
        }
    }

    /// The network address.
    public var address: Address
    /// The prefix length, 0 to 32 (IPv4) or 0 to 128 (IPv6).
    public var length: Int

    /// Creates a prefix; `nil` if `length` exceeds the address width.
    public init?(address: Address, length: Int) {
        guard length >= 0, length <= address.bitWidth else { return nil }
        self.address = address
        self.length = length
    }

    /// Parses `ADDRESS[/LENGTH]`; `nil` if malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let address = Address(parts[0]) else { return nil }
        var length = address.bitWidth
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].count <= 3, parts[1].allSatisfy(\.isASCIIDigitCharacter),
                let parsed = Int(parts[1])
            else { return nil }
            length = parsed
        }
        self.init(address: address, length: length)
    }

    public var description: String { "\(address)/\(length)" }
}
