// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The conversion from a pcapng interface's timestamp units to nanoseconds.
///
/// Built once per Interface Description Block from the raw `if_tsresol` byte, so a frame costs one
/// multiplication, division or 128-bit shift.
enum TimestampScale: Sendable, Hashable, BitwiseCopyable {
    /// Units of 10^-e seconds with e ≤ 9: multiply by 10^(9-e).
    case multiply(UInt64)
    /// Units of 10^-e seconds with 9 < e ≤ 28: divide by 10^(e-9).
    case divide(UInt64)
    /// Units of 2^-e seconds: multiply by 10^9, shift right by e (0...127).
    case binary(UInt8)
    /// Units so small that every timestamp rounds to 0 ns (10^-e with e > 28).
    case zero

    /// The pcapng default: microseconds.
    static var microseconds: Self { .multiply(1_000) }

    /// The scale for a raw `if_tsresol` byte: bit 7 clear means 10^-value, set means 2^-(value & 0x7F).
    init(resolution: UInt8) {
        if resolution & 0x80 != 0 {
            self = .binary(resolution & 0x7F)
            return
        }
        let exponent = Int(resolution)
        if exponent <= 9 {
            self = .multiply(Self.powerOfTen(9 - exponent))
        } else if exponent - 9 <= 19 {
            self = .divide(Self.powerOfTen(exponent - 9))
        } else {
            self = .zero
        }
    }

    /// 10^exponent for 0 ≤ exponent ≤ 19 (fits in `UInt64`).
    static func powerOfTen(_ exponent: Int) -> UInt64 {
        var result: UInt64 = 1
        for _ in 0..<exponent { result = result &* 10 }  // ≤ 10^19 < 2^64: no wrap
        return result
    }

    /// Nanoseconds for `units`, saturating at `UInt64.max`.
    @inline(__always)
    func nanoseconds(_ units: UInt64) -> UInt64 {
        switch self {
        case .multiply(let factor):
            let (product, overflow) = units.multipliedReportingOverflow(by: factor)
            return overflow ? .max : product
        case .divide(let divisor):
            return units / divisor  // divisor ≥ 10
        case .binary(let exponent):
            let (high, low) = units.multipliedFullWidth(by: 1_000_000_000)
            let shift = UInt64(exponent)
            if shift == 0 { return high == 0 ? low : .max }
            if shift < 64 {
                guard high &>> shift == 0 else { return .max }
                return high &<< (64 &- shift) | low &>> shift
            }
            return high &>> (shift &- 64)  // shift ≤ 127
        case .zero:
            return 0
        }
    }
}
