// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Testing
import Wire

@Suite struct IPv6HeaderTests {
    /// 2001:db8::1 → 2001:db8::2, UDP, hop limit 255, traffic class 0xb8, flow label 0xabcde, payload 8.
    static let udp: [UInt8] =
        [0x6B, 0x8A, 0xBC, 0xDE, 0x00, 0x08, 0x11, 0xFF]
        + [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
        + [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]

    @Test func decodesFixedFields() throws {
        let header = try IPv6Header(parsing: Self.udp.span)
        #expect(
            header
                == IPv6Header(
                    trafficClass: 0xB8,
                    flowLabel: 0xABCDE,
                    payloadLength: 8,
                    nextHeader: .udp,
                    hopLimit: 255,
                    source: IPAddress("2001:db8::1")!,
                    destination: IPAddress("2001:db8::2")!
                )
        )
    }

    @Test func emitThenParseRoundTrips() throws {
        let header = try IPv6Header(parsing: Self.udp.span)
        var bytes: [UInt8] = []
        header.emit(into: &bytes)
        #expect(bytes == Self.udp)
    }

    @Test(arguments: [0, 1, 39])
    func shortHeaderIsTruncated(length: Int) {
        #expect(throws: WireError.truncated(.ipv6)) { try IPv6Header(parsing: Array(Self.udp.prefix(length)).span) }
    }

    @Test func wrongVersionIsMalformed() {
        #expect(throws: WireError.malformed(.ipv6)) { try IPv6Header(parsing: Self.udp.replacing(0, with: 0x4B).span) }
    }
}
