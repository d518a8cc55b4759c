// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Testing
import Wire

@Suite struct GREHeaderTests {
    /// PPTP enhanced GRE: K, S and A set, version 1, PPP, payload length 4, call ID 0xBEEF, seq 1, ack 2.
    static let enhanced: [UInt8] = [0x30, 0x81, 0x88, 0x0B, 0x00, 0x04, 0xBE, 0xEF, 0, 0, 0, 1, 0, 0, 0, 2]

    @Test func decodesEnhancedGRE() throws {
        let header = try GREHeader(parsing: Self.enhanced.span)
        #expect(header == .enhanced(payloadLength: 4, callID: 0xBEEF, sequenceNumber: 1, acknowledgmentNumber: 2))
        #expect(header.callID == 0xBEEF)
        #expect(header.headerLength == 16)
    }

    @Test(arguments: [
        GREHeader(protocolType: .ipv4),
        GREHeader(
            checksumPresent: true,
            keyPresent: true,
            sequencePresent: true,
            protocolType: .ipv6,
            key: 5,
            sequenceNumber: 6
        ),
        .enhanced(payloadLength: 0, callID: 1),
        .enhanced(payloadLength: 9, callID: 2, acknowledgmentNumber: 3),
    ])
    func emitThenParseRoundTrips(header: GREHeader) throws {
        var bytes: [UInt8] = []
        header.emit(into: &bytes)
        #expect(bytes.count == header.headerLength)
        #expect(try GREHeader(parsing: bytes.span) == header)
    }

    @Test(arguments: [0, 3, 8, 15])
    func cutHeaderIsTruncated(length: Int) {
        #expect(throws: WireError.truncated(.gre)) { try GREHeader(parsing: Array(Self.enhanced.prefix(length)).span) }
    }

    @Test(
        arguments: [
            (1, 0x82),  // version 2
            (0, 0x10),  // version 1 without K
            (0, 0xB0),  // version 1 with C
        ] as [(Int, UInt8)]
    )
    func badFlagsAreMalformed(index: Int, value: UInt8) {
        #expect(throws: WireError.malformed(.gre)) {
            try GREHeader(parsing: Self.enhanced.replacing(index, with: value).span)
        }
    }
}
