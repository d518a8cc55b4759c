// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import SessionEngine
import Testing

/// The drain's table of session starts agrees with a `Dictionary` under random inserts and removals —
/// growing, wrapping around its end, runs of colliding IDs removed from their middle.
@Suite("Session start table")
struct SessionStartTableTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func agreesWithADictionary(seed: UInt64) {
        var random = seed &* 0x2545_F491_4F6C_DD1D
        func next() -> UInt64 {
            random ^= random << 13
            random ^= random >> 7
            random ^= random << 17
            return random
        }
        var table = SessionStartTable(minimumCapacity: 4)
        var reference: [UInt64: UInt64] = [:]
        // IDs from a small range (many collisions and reuses), and member-shaped ones (high bits).
        for step in 0..<200_000 {
            let id = step % 3 == 0 ? (next() % 5_000) + 1 : ((next() % 4) << 24 | (next() % 3_000)) + 1
            if next() % 3 == 0 {
                #expect(table.remove(id) == reference.removeValue(forKey: id), "step \(step)")
            } else {
                let start = next()
                table.insert(id, start: start)
                reference[id] = start
            }
            if step % 10_000 == 0 { #expect(table.count == reference.count) }
        }
        #expect(table.count == reference.count)
        for (id, start) in reference { #expect(table.remove(id) == start) }
        #expect(table.count == 0)
        #expect(table.remove(42) == nil)
    }
}
