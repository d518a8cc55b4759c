// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import Testing

/// `String(fixed:digits:)`, the one decimal formatter behind CPU and memory percentages and the replay's seconds.
@Suite struct FixedPointTests {
    @Test func roundsAndPadsLikePrintf() {
        #expect(String(fixed: 3.05, digits: 2) == "3.05")
        #expect(String(fixed: 0, digits: 2) == "0.00")
        #expect(String(fixed: 99.999, digits: 2) == "100.00")
        #expect(String(fixed: 1.5, digits: 3) == "1.500")
        #expect(String(fixed: 0.0005, digits: 3) == "0.001")
        #expect(String(fixed: 12.000042, digits: 6) == "12.000042")
        #expect(String(fixed: 7.4, digits: 0) == "7")
    }
}
