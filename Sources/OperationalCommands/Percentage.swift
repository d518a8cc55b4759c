// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `part` as a percentage of `whole`; 0 when `whole` is not positive.
func percentage(_ part: Double, of whole: Double) -> Double {
    whole > 0 ? 100 * part / whole : 0
}
