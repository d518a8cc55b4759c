// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension Character {
    /// Whether this is one of `0`…`9`.
    var isASCIIDigitCharacter: Bool { isASCII && isWholeNumber }
}
