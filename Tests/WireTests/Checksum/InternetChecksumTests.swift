// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Testing
import Wire

@Suite struct InternetChecksumTests {
    /// RFC 1071 §3's example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2.
    @Test func rfc1071ExampleSums() {
        var checksum = InternetChecksum()
        checksum.add([0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7] as [UInt8])
        #expect(checksum.foldedSum == 0xDDF2)
        #expect(checksum.value == ~0xDDF2)
    }

    @Test func oddChunksPairAcrossCalls() {
        var whole = InternetChecksum()
        whole.add([1, 2, 3, 4, 5] as [UInt8])
        var split = InternetChecksum()
        split.add([1] as [UInt8])
        split.add([2, 3, 4] as [UInt8])
        split.add([5] as [UInt8])
        #expect(whole.value == split.value)
    }

    /// A well-known IPv4 header (Wikipedia's example) whose checksum is b861.
    @Test func knownIPv4HeaderVerifies() {
        let header: [UInt8] = [
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xB8, 0x61, 0xC0, 0xA8, 0x00, 0x01,
            0xC0, 0xA8, 0x00, 0xC7,
        ]
        var checksum = InternetChecksum()
        checksum.add(header)
        #expect(checksum.isValid)
        var zeroed = header
        zeroed[10] = 0
        zeroed[11] = 0
        var recomputed = InternetChecksum()
        recomputed.add(zeroed)
        #expect(recomputed.value == 0xB861)
    }

    /// Carries are deferred to the read (RFC 1071 §2 (C)); the result must not depend on it.
    @Test(arguments: [1, 2, 3, 65_535, 65_536, 1_000_000])
    func longRunsFoldAsIfCarriedAtEveryWord(words: Int) {
        var checksum = InternetChecksum()
        var folded: UInt32 = 0
        for index in 0..<words {
            let word = UInt16(truncatingIfNeeded: 0xFFFF &- index)
            checksum.add(word)
            folded += UInt32(word)
            folded = (folded & 0xFFFF) + (folded >> 16)
        }
        #expect(checksum.foldedSum == UInt16(folded))
        var allOnes = InternetChecksum()
        for _ in 0..<words { allOnes.add(UInt32(0xFFFF_FFFF)) }
        #expect(allOnes.foldedSum == 0xFFFF)
        #expect(allOnes.value == 0)
    }

    @Test func incrementalUpdateMatchesRecomputation() {
        var header: [UInt8] = [
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xC0, 0xA8, 0x00, 0x01,
            0xC0, 0xA8, 0x00, 0xC7,
        ]
        var before = InternetChecksum()
        before.add(header)
        header[12] = 0x0A
        header[13] = 0x01
        var after = InternetChecksum()
        after.add(header)
        #expect(InternetChecksum.updated(before.value, replacing: 0xC0A8, with: 0x0A01) == after.value)
    }
}
