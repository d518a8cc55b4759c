// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Testing
import Wire

@Suite struct IPv4HeaderTests {
    /// 10.0.0.1 → 192.0.2.7, TCP, TTL 64, DF, ID 0x1c46, 40 bytes, checksum 0x0a2d-ish (not verified).
    static let tcpSYN: [UInt8] =
        [
            0x45, 0x00, 0x00, 0x28, 0x1C, 0x46, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00,
            0x0A, 0x00, 0x00, 0x01, 0xC0, 0x00, 0x02, 0x07,
        ] + Array(repeating: 0, count: 20)

    @Test func decodesFixedFields() throws {
        let header = try IPv4Header(parsing: Self.tcpSYN.span)
        #expect(
            header
                == IPv4Header(
                    totalLength: 40,
                    identification: 0x1C46,
                    dontFragment: true,
                    timeToLive: 64,
                    transport: .tcp,
                    source: IPAddress(10, 0, 0, 1),
                    destination: IPAddress(192, 0, 2, 7)
                )
        )
        #expect(!header.isFragment)
    }

    @Test func emitThenParseRoundTrips() throws {
        let header = IPv4Header(
            typeOfService: 0xB8,
            totalLength: 1500,
            identification: 4242,
            moreFragments: true,
            fragmentOffset: 185,
            timeToLive: 3,
            transport: .udp,
            source: IPAddress(198, 51, 100, 1),
            destination: IPAddress(203, 0, 113, 9),
            headerLength: 28
        )
        var bytes: [UInt8] = []
        header.emit(into: &bytes, options: [0x94, 0x04, 0x00, 0x00, 0x01])
        #expect(bytes.count == 28)
        #expect(try IPv4Header(parsing: bytes.span) == header)
        var checksum = InternetChecksum()
        checksum.add(bytes)
        #expect(checksum.isValid)
    }

    @Test(arguments: [0, 1, 19])
    func shortHeaderIsTruncated(length: Int) {
        #expect(throws: WireError.truncated(.ipv4)) { try IPv4Header(parsing: Array(Self.tcpSYN.prefix(length)).span) }
    }

    @Test func optionsCutShortAreTruncated() {
        let bytes = Array(Self.tcpSYN.replacing(0, with: 0x46).prefix(23))
        #expect(throws: WireError.truncated(.ipv4)) { try IPv4Header(parsing: bytes.span) }
    }

    @Test(
        arguments: [
            (0, 0x65),  // version 6
            (0, 0x44),  // IHL 4
            (0, 0x40),  // IHL 0
            (3, 0x13),  // total length 19 < 20
        ] as [(Int, UInt8)]
    )
    func badFieldsAreMalformed(index: Int, value: UInt8) {
        #expect(throws: WireError.malformed(.ipv4)) {
            try IPv4Header(parsing: Self.tcpSYN.replacing(index, with: value).span)
        }
    }

    @Test func totalLengthBeyondCaptureIsAccepted() throws {
        let header = try IPv4Header(parsing: Self.tcpSYN.replacing(2, with: 0x05).span)
        #expect(header.totalLength == 0x0528)
    }
}
