// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Testing
import Wire

@Suite struct SCTPHeaderTests {
    static let initChunk: [UInt8] = [0x0B, 0x59, 0x0B, 0x59, 0, 0, 0, 0, 0xAA, 0xBB, 0xCC, 0xDD, 1, 0, 0, 20]

    @Test func decodesCommonHeader() throws {
        #expect(try SCTPHeader(parsing: Self.initChunk.span) == SCTPHeader(sourcePort: 2905, destinationPort: 2905))
    }

    @Test func emitThenParseRoundTrips() throws {
        let header = SCTPHeader(sourcePort: 5060, destinationPort: 5061, verificationTag: 0x0102_0304)
        var bytes: [UInt8] = []
        header.emit(into: &bytes)
        #expect(bytes.count == 12)
        #expect(try SCTPHeader(parsing: bytes.span) == header)
    }

    @Test(arguments: [0, 4, 11])
    func cutHeaderIsTruncated(length: Int) {
        #expect(throws: WireError.truncated(.sctp)) {
            try SCTPHeader(parsing: Array(Self.initChunk.prefix(length)).span)
        }
    }
}
