// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Testing
import Wire

@Suite struct LinkHeaderTests {
    static let macs: [UInt8] = [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]

    @Test func ethernetIPv4() throws {
        let link = try LinkHeader(parsing: (Self.macs + [0x08, 0x00]).span, linkType: .ethernet)
        #expect(link == LinkHeader(networkProtocol: .ipv4, headerLength: 14, outerVLAN: 0xFFFF, innerVLAN: 0xFFFF))
    }

    @Test func singleTagKeepsLowTwelveBits() throws {
        let frame = Self.macs + [0x81, 0x00, 0xE0, 0x64, 0x86, 0xDD]
        let link = try LinkHeader(parsing: frame.span, linkType: .ethernet)
        #expect(link == LinkHeader(networkProtocol: .ipv6, headerLength: 18, outerVLAN: 100, innerVLAN: 0xFFFF))
    }

    @Test(arguments: [0x88A8, 0x9100, 0x8100] as [UInt16])
    func qinqRecordsBothTags(outerTPID: UInt16) throws {
        let frame =
            Self.macs + [
                UInt8(outerTPID >> 8), UInt8(outerTPID & 0xFF), 0x00, 0x0A, 0x81, 0x00, 0x0F, 0xFF, 0x08, 0x00,
            ]
        let link = try LinkHeader(parsing: frame.span, linkType: .ethernet)
        #expect(link == LinkHeader(networkProtocol: .ipv4, headerLength: 22, outerVLAN: 10, innerVLAN: 0xFFF))
    }

    @Test func snapCarriesIPv4() throws {
        let frame = Self.macs + [0x00, 0x30, 0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00]
        let link = try LinkHeader(parsing: frame.span, linkType: .ethernet)
        #expect(link.networkProtocol == .ipv4)
        #expect(link.headerLength == 22)
    }

    @Test(arguments: [
        [0x08, 0x06] as [UInt8],  // ARP
        [0x88, 0xCC],  // LLDP
        [0x88, 0x47],  // MPLS
        [0x88, 0x64],  // PPPoE session
        [0x00, 0x30, 0x42, 0x42, 0x03, 0, 0, 0, 0, 0],  // 802.3 + STP LLC
        [0x00, 0x30, 0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x06],  // SNAP ARP
        [0x00, 0x30, 0xAA],  // 802.3 length, LLC cut short
        [0x06, 0x00],  // between 1500 and 1536
    ])
    func nonIPEthernetIsNotIP(tail: [UInt8]) {
        #expect(throws: WireError.notIP) { try LinkHeader(parsing: (Self.macs + tail).span, linkType: .ethernet) }
    }

    @Test(arguments: 0..<14)
    func shortEthernetIsTruncatedLink(length: Int) {
        let frame = Array((Self.macs + [0x08, 0x00]).prefix(length))
        #expect(throws: WireError.truncated(.link)) { try LinkHeader(parsing: frame.span, linkType: .ethernet) }
    }

    @Test(arguments: 14..<18)
    func cutTagIsTruncatedVLAN(length: Int) {
        let frame = Array((Self.macs + [0x81, 0x00, 0x00, 0x01, 0x08, 0x00]).prefix(length))
        #expect(throws: WireError.truncated(.vlan)) { try LinkHeader(parsing: frame.span, linkType: .ethernet) }
    }

    @Test func tooManyTagsAreMalformedVLAN() {
        var frame = Self.macs
        for _ in 0..<5 { frame += [0x81, 0x00, 0x00, 0x01] }
        frame += [0x08, 0x00]
        #expect(throws: WireError.malformed(.vlan)) { try LinkHeader(parsing: frame.span, linkType: .ethernet) }
    }

    @Test func linuxCookedV1() throws {
        let frame: [UInt8] = [0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x86, 0xDD]
        let link = try LinkHeader(parsing: frame.span, linkType: .linuxCooked)
        #expect(link.networkProtocol == .ipv6)
        #expect(link.headerLength == 16)
        #expect(throws: WireError.truncated(.link)) {
            try LinkHeader(parsing: Array(frame.prefix(15)).span, linkType: .linuxCooked)
        }
    }

    @Test func linuxCookedV2() throws {
        let frame: [UInt8] = [0x08, 0x00, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0]
        let link = try LinkHeader(parsing: frame.span, linkType: .linuxCooked2)
        #expect(link.networkProtocol == .ipv4)
        #expect(link.headerLength == 20)
        #expect(throws: WireError.truncated(.link)) {
            try LinkHeader(parsing: Array(frame.prefix(19)).span, linkType: .linuxCooked2)
        }
        #expect(throws: WireError.notIP) {
            try LinkHeader(parsing: frame.replacing(1, with: 0x06).span, linkType: .linuxCooked2)
        }
    }

    @Test(arguments: [LinkType.raw, LinkType(rawValue: 12), LinkType(rawValue: 14)])
    func rawReadsTheVersionNibble(linkType: LinkType) throws {
        #expect(try LinkHeader(parsing: ([0x45] as [UInt8]).span, linkType: linkType).networkProtocol == .ipv4)
        #expect(try LinkHeader(parsing: ([0x60] as [UInt8]).span, linkType: linkType).networkProtocol == .ipv6)
        #expect(throws: WireError.notIP) { try LinkHeader(parsing: ([0x50] as [UInt8]).span, linkType: linkType) }
        let empty: [UInt8] = []
        #expect(throws: WireError.truncated(.link)) { try LinkHeader(parsing: empty.span, linkType: linkType) }
    }

    @Test(
        arguments: [
            ([2, 0, 0, 0], EtherType.ipv4), ([0, 0, 0, 2], .ipv4), ([24, 0, 0, 0], .ipv6), ([0, 0, 0, 28], .ipv6),
            ([30, 0, 0, 0], .ipv6), ([0, 0, 0, 30], .ipv6),
        ] as [([UInt8], EtherType)]
    )
    func nullAcceptsEitherByteOrder(header: [UInt8], expected: EtherType) throws {
        let link = try LinkHeader(parsing: header.span, linkType: .null)
        #expect(link.networkProtocol == expected)
        #expect(link.headerLength == 4)
    }

    @Test func loopIsNetworkOrderOnly() throws {
        #expect(try LinkHeader(parsing: ([0, 0, 0, 24] as [UInt8]).span, linkType: .loop).networkProtocol == .ipv6)
        #expect(throws: WireError.notIP) { try LinkHeader(parsing: ([2, 0, 0, 0] as [UInt8]).span, linkType: .loop) }
        #expect(throws: WireError.notIP) { try LinkHeader(parsing: ([7, 0, 0, 0] as [UInt8]).span, linkType: .null) }
        #expect(throws: WireError.truncated(.link)) {
            try LinkHeader(parsing: ([0, 0, 0] as [UInt8]).span, linkType: .loop)
        }
    }

    @Test(arguments: [9, 105, 127, 147] as [UInt32])
    func otherLinkTypesAreUnsupported(raw: UInt32) {
        #expect(throws: WireError.unsupportedLinkType) {
            try LinkHeader(parsing: (Self.macs + [0x08, 0x00]).span, linkType: LinkType(rawValue: raw))
        }
    }

    @Test(arguments: [LinkType.ipv4, LinkType.ipv6])
    func rawFamilyLinkTypesNeedNoHeader(linkType: LinkType) throws {
        let empty: [UInt8] = []
        let link = try LinkHeader(parsing: empty.span, linkType: linkType)
        #expect(link.headerLength == 0)
        #expect(link.networkProtocol == (linkType == .ipv4 ? .ipv4 : .ipv6))
    }
}
