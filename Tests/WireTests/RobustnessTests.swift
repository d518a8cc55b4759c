// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ServicesTestSupport
import Testing
import Wire

/// Hostile input never traps: every prefix and many random corruptions of valid frames decode or throw.
@Suite struct RobustnessTests {
    static let linkTypes: [LinkType] = [.null, .ethernet, .raw, .loop, .linuxCooked, .ipv4, .ipv6, .linuxCooked2]

    /// Decodes and, on success, checks the invariants the engine relies on.
    static func check(_ bytes: [UInt8], _ linkType: LinkType) {
        guard let packet = try? DecodedPacket(parsing: bytes.span, linkType: linkType) else { return }
        #expect(Int(packet.payloadOffset) + Int(packet.payloadLength) <= bytes.count)
        #expect(packet.ipVersion == 4 || packet.ipVersion == 6)
        if packet.isLaterFragment { #expect(packet.sourcePort == 0 && packet.destinationPort == 0) }
    }

    @Test func everyPrefixOfEverySampleDecodesOrThrows() {
        for sample in SampleFrames.all {
            for length in 0...sample.bytes.count {
                let prefix = Array(sample.bytes.prefix(length))
                Self.check(prefix, sample.linkType)
                if length == sample.bytes.count {
                    #expect(throws: Never.self, "\(sample.name)") {
                        try DecodedPacket(parsing: prefix.span, linkType: sample.linkType)
                    }
                }
            }
        }
    }

    @Test func randomByteFlipsNeverTrap() {
        var generator = SplitMix64(seed: 0x5EED_A115)
        for sample in SampleFrames.all {
            for _ in 0..<200 {
                var bytes = sample.bytes
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(
                        in: 0...255,
                        using: &generator
                    )
                }
                let cut = Int.random(in: 0...bytes.count, using: &generator)
                Self.check(bytes, sample.linkType)
                Self.check(
                    Array(bytes.prefix(cut)),
                    Self.linkTypes[Int.random(in: 0..<Self.linkTypes.count, using: &generator)]
                )
            }
        }
    }

    @Test func randomBytesNeverTrap() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<20_000 {
            let count = Int.random(in: 0..<128, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Bias towards plausible IP so deeper layers are reached.
            if count > 0 { bytes[0] = Bool.random(using: &generator) ? 0x45 : 0x60 }
            Self.check(bytes, .raw)
        }
    }
}
