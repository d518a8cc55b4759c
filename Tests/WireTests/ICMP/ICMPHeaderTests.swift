// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Testing
import Wire

@Suite struct ICMPHeaderTests {
    static let echo: [UInt8] = [0x08, 0x00, 0xF7, 0xFF, 0x12, 0x34, 0x00, 0x01]

    @Test func decodesEcho() throws {
        let header = try ICMPHeader(parsing: Self.echo.span)
        #expect(header == ICMPHeader(type: 8, identifier: 0x1234, sequenceNumber: 1))
        #expect(header.identifier == 0x1234)
        #expect(header.sequenceNumber == 1)
    }

    @Test func emitThenParseRoundTrips() throws {
        let header = ICMPHeader(type: 3, code: 4, restOfHeader: 0x0000_05DC)
        var bytes: [UInt8] = []
        header.emit(into: &bytes)
        #expect(try ICMPHeader(parsing: bytes.span) == header)
    }

    @Test(arguments: [0, 4, 7])
    func cutHeaderIsTruncatedAtTheGivenLayer(length: Int) {
        let bytes = Array(Self.echo.prefix(length))
        #expect(throws: WireError.truncated(.icmp)) { try ICMPHeader(parsing: bytes.span) }
        #expect(throws: WireError.truncated(.icmpv6)) { try ICMPHeader(parsing: bytes.span, layer: .icmpv6) }
    }

    @Test func classifiesMessageTypes() {
        for type: UInt8 in [0, 8, 13, 14, 15, 16, 17, 18] {
            #expect(ICMPMessageKind.icmp(type: type) == .queryWithIdentifier)
        }
        for type: UInt8 in [3, 4, 5, 11, 12] { #expect(ICMPMessageKind.icmp(type: type) == .error) }
        for type: UInt8 in [9, 10, 30, 255] { #expect(ICMPMessageKind.icmp(type: type) == .other) }
        for type: UInt8 in [128, 129] { #expect(ICMPMessageKind.icmpv6(type: type) == .queryWithIdentifier) }
        for type: UInt8 in [139, 140] { #expect(ICMPMessageKind.icmpv6(type: type) == .queryWithoutIdentifier) }
        for type: UInt8 in [1, 2, 3, 4] { #expect(ICMPMessageKind.icmpv6(type: type) == .error) }
        for type: UInt8 in [133, 135, 136, 143] { #expect(ICMPMessageKind.icmpv6(type: type) == .other) }
    }
}
