// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension String {
    /// The string left-justified in `width` columns (printf `%-Ns`); longer strings are never truncated.
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    /// The string right-justified in `width` columns (printf `%Ns`); longer strings are never truncated.
    func rightAligned(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
