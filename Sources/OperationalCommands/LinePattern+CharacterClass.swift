// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension LinePattern {
    /// The characters one state consumes: a bracket expression or `.`, closed under ASCII case.
    struct CharacterClass: Hashable, Sendable {
        /// The ASCII members: bit `c` of `low` for `c` < 64, bit `c - 64` of `high` for the rest.
        private var low: UInt64 = 0
        private var high: UInt64 = 0
        /// Non-ASCII members as ranges of scalar values; with `isComplement`, the members are all the others.
        private var ranges: [ClosedRange<UInt32>] = []
        private var isComplement = false

        /// `.`: every character but the newline (which no line holds).
        static let any: CharacterClass = {
            var any = CharacterClass()
            any.insert(0...0x7F)
            any.remove(0x0A)
            any.isComplement = true
            return any
        }()

        /// `scalar` with ASCII `A`–`Z` lowered: the form a line's characters and a pattern's literals are
        /// compared in.
        static func folded(_ scalar: UInt32) -> UInt32 {
            scalar &- 0x41 < 26 ? scalar | 0x20 : scalar
        }

        func contains(_ scalar: UInt32) -> Bool {
            if scalar < 64 { return low >> UInt64(scalar) & 1 == 1 }
            if scalar < 128 { return high >> UInt64(scalar - 64) & 1 == 1 }
            return ranges.contains { $0.contains(scalar) } != isComplement
        }

        mutating func insert(_ range: ClosedRange<UInt32>) {
            if range.lowerBound <= 0x7F {
                for scalar in range.lowerBound...min(range.upperBound, 0x7F) {
                    if scalar < 64 { low |= 1 << UInt64(scalar) } else { high |= 1 << UInt64(scalar - 64) }
                }
            }
            if range.upperBound > 0x7F { ranges.append(max(range.lowerBound, 0x80)...range.upperBound) }
        }

        private mutating func remove(_ scalar: UInt32) {
            if scalar < 64 { low &= ~(1 << UInt64(scalar)) } else { high &= ~(1 << UInt64(scalar - 64)) }
        }

        /// Adds the other case of every ASCII letter in the class.
        mutating func insertOtherCases() {
            // `A`–`Z` are bits 1–26 of `high`, `a`–`z` bits 33–58.
            let upper = high >> 1 & 0x3FF_FFFF
            let lower = high >> 33 & 0x3FF_FFFF
            high |= (upper | lower) << 1 | (upper | lower) << 33
        }

        /// The characters not in the class (for `[^…]`; call after ``insertOtherCases()``).
        mutating func negate() {
            low = ~low
            high = ~high
            isComplement.toggle()
        }

        /// `[:name:]` over ASCII, or `nil` for a name POSIX does not define.
        static func named(_ name: String) -> CharacterClass? {
            let ranges: [ClosedRange<UInt32>]
            switch name {
            case "alpha": ranges = [0x41...0x5A, 0x61...0x7A]
            case "digit": ranges = [0x30...0x39]
            case "alnum": ranges = [0x30...0x39, 0x41...0x5A, 0x61...0x7A]
            case "upper": ranges = [0x41...0x5A]
            case "lower": ranges = [0x61...0x7A]
            case "space": ranges = [0x09...0x0D, 0x20...0x20]
            case "blank": ranges = [0x09...0x09, 0x20...0x20]
            case "punct": ranges = [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]
            case "print": ranges = [0x20...0x7E]
            case "graph": ranges = [0x21...0x7E]
            case "cntrl": ranges = [0x00...0x1F, 0x7F...0x7F]
            case "xdigit": ranges = [0x30...0x39, 0x41...0x46, 0x61...0x66]
            default: return nil
            }
            var named = CharacterClass()
            for range in ranges { named.insert(range) }
            return named
        }

        /// Adds the members of `other` (a class without complement).
        mutating func formUnion(_ other: CharacterClass) {
            low |= other.low
            high |= other.high
            ranges += other.ranges
        }
    }
}
