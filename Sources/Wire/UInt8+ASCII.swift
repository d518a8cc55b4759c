// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension UInt8 {
    /// `true` for the UTF-8 code unit of an ASCII decimal digit, `0` to `9`.
    var isASCIIDigit: Bool { UInt8(ascii: "0") <= self && self <= UInt8(ascii: "9") }

    /// The value of the UTF-8 code unit of an ASCII hexadecimal digit (`0` to `9`, `a` to `f`, `A` to
    /// `F`), or `nil`.
    var hexDigitValue: Int? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(self - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(self - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(self - UInt8(ascii: "A")) + 10
        default: nil
        }
    }
}
