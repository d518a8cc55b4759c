// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Testing
import Wire

@Suite struct UDPHeaderTests {
    static let dns: [UInt8] = [0x14, 0xE9, 0x00, 0x35, 0x00, 0x0C, 0x00, 0x00, 1, 2, 3, 4]

    @Test func decodesFields() throws {
        #expect(try UDPHeader(parsing: Self.dns.span) == UDPHeader(sourcePort: 5353, destinationPort: 53, length: 12))
    }

    @Test func emitThenParseRoundTrips() throws {
        let header = UDPHeader(sourcePort: 9, destinationPort: 7, length: 100)
        var bytes: [UInt8] = []
        header.emit(into: &bytes)
        #expect(try UDPHeader(parsing: bytes.span) == header)
    }

    @Test(arguments: [0, 7])
    func cutHeaderIsTruncated(length: Int) {
        #expect(throws: WireError.truncated(.udp)) { try UDPHeader(parsing: Array(Self.dns.prefix(length)).span) }
    }

    @Test(
        arguments: [
            (12, 12, 4),  // as written
            (100, 12, 4),  // length beyond capture: captured
            (10, 12, 2),  // length shorter than capture (padding): length
            (0, 12, 4),  // jumbogram / bogus: captured
            (5, 12, 4),
        ] as [(UInt16, Int, Int)]
    )
    func payloadLengthIsLenient(length: UInt16, available: Int, expected: Int) {
        #expect(
            UDPHeader(sourcePort: 1, destinationPort: 2, length: length).payloadLength(available: available) == expected
        )
    }
}
