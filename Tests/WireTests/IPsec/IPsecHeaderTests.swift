// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Testing
import Wire

@Suite struct IPsecHeaderTests {
    @Test func espRoundTripsAndTruncates() throws {
        let header = ESPHeader(securityParametersIndex: 0x1000, sequenceNumber: 7)
        var bytes: [UInt8] = []
        header.emit(into: &bytes)
        #expect(try ESPHeader(parsing: bytes.span) == header)
        #expect(throws: WireError.truncated(.esp)) { try ESPHeader(parsing: Array(bytes.prefix(7)).span) }
    }

    @Test func authenticationHeaderRoundTrips() throws {
        let header = AuthenticationHeader(
            nextHeader: .tcp,
            headerLength: 24,
            securityParametersIndex: 9,
            sequenceNumber: 1
        )
        var bytes: [UInt8] = []
        header.emit(into: &bytes)
        #expect(bytes.count == 24)
        #expect(try AuthenticationHeader(parsing: bytes.span) == header)
    }

    @Test(arguments: [0, 11, 12, 23])
    func authenticationHeaderCutShortIsTruncated(length: Int) {
        var bytes: [UInt8] = []
        AuthenticationHeader(nextHeader: .tcp, headerLength: 24, securityParametersIndex: 9, sequenceNumber: 1).emit(
            into: &bytes
        )
        #expect(throws: WireError.truncated(.ah)) {
            try AuthenticationHeader(parsing: Array(bytes.prefix(length)).span)
        }
    }

    @Test func authenticationHeaderTooShortIsMalformed() {
        let bytes: [UInt8] = [6, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 1]
        #expect(throws: WireError.malformed(.ah)) { try AuthenticationHeader(parsing: bytes.span) }
    }
}
