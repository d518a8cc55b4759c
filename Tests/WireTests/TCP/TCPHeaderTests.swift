// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Testing
import Wire

@Suite struct TCPHeaderTests {
    /// 40000 → 21, seq 1, ack 0, SYN+ECE+CWR, window 65535, MSS option (data offset 6).
    static let syn: [UInt8] = [
        0x9C, 0x40, 0x00, 0x15, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x60, 0xC2, 0xFF, 0xFF,
        0x00, 0x00, 0x00, 0x00, 0x02, 0x04, 0x05, 0xB4,
    ]

    @Test func decodesFieldsAndMasksECNBits() throws {
        let header = try TCPHeader(parsing: Self.syn.span)
        #expect(
            header
                == TCPHeader(sourcePort: 40000, destinationPort: 21, sequenceNumber: 1, headerLength: 24, flags: [.syn])
        )
    }

    @Test func emitThenParseRoundTrips() throws {
        let header = TCPHeader(
            sourcePort: 1,
            destinationPort: 65535,
            sequenceNumber: 0xFFFF_FFFF,
            acknowledgmentNumber: 7,
            headerLength: 32,
            flags: [.fin, .syn, .rst, .psh, .ack, .urg],
            window: 1024,
            urgentPointer: 3
        )
        var bytes: [UInt8] = []
        header.emit(into: &bytes, options: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
        #expect(try TCPHeader(parsing: bytes.span) == header)
    }

    @Test(arguments: [0, 19, 20, 23])
    func cutHeaderIsTruncated(length: Int) {
        #expect(throws: WireError.truncated(.tcp)) { try TCPHeader(parsing: Array(Self.syn.prefix(length)).span) }
    }

    @Test(arguments: [0x00, 0x40] as [UInt8])
    func smallDataOffsetIsMalformed(value: UInt8) {
        #expect(throws: WireError.malformed(.tcp)) { try TCPHeader(parsing: Self.syn.replacing(12, with: value).span) }
    }
}
