// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension UInt8 {
    /// `true` for the UTF-8 code unit of an ASCII decimal digit, `0` to `9`.
    var isASCIIDigit: Bool { UInt8(ascii: "0") <= self && self <= UInt8(ascii: "9") }

    /// `true` for the UTF-8 code unit of an ASCII hexadecimal digit: `0` to `9`, `a` to `f`, `A` to `F`.
    var isASCIIHexDigit: Bool {
        isASCIIDigit || (UInt8(ascii: "a") <= self && self <= UInt8(ascii: "f"))
            || (UInt8(ascii: "A") <= self && self <= UInt8(ascii: "F"))
    }
}
