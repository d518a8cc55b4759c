// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Testing
import Wire

@Suite struct IPv6ExtensionChainTests {
    static func chain(_ headers: [IPv6ExtensionHeader], then transport: IPProtocol) -> [UInt8] {
        var bytes: [UInt8] = []
        for (index, header) in headers.enumerated() {
            header.emit(into: &bytes, next: index + 1 < headers.count ? headers[index + 1].protocolNumber : transport)
        }
        return bytes
    }

    @Test func skipsOptionsRoutingAndMobility() throws {
        let headers: [IPv6ExtensionHeader] = [.hopByHop(), .routing(units: 3), .destinationOptions(), .mobility()]
        let bytes = Self.chain(headers, then: .tcp) + Array(repeating: 0, count: 20)
        let chain = try IPv6ExtensionChain(parsing: bytes.span, nextHeader: headers[0].protocolNumber)
        #expect(chain.transport == .tcp)
        #expect(chain.transportOffset == 48)
        #expect(chain.count == 4)
        #expect(!chain.isFragment)
    }

    @Test func recordsFirstFragmentAndKeepsWalking() throws {
        let headers: [IPv6ExtensionHeader] = [
            .fragment(offset: 0, moreFragments: true, identification: 0xDEAD_BEEF), .destinationOptions(),
        ]
        let bytes = Self.chain(headers, then: .udp)
        let chain = try IPv6ExtensionChain(parsing: bytes.span, nextHeader: headers[0].protocolNumber)
        #expect(chain.transport == .udp)
        #expect(chain.transportOffset == 16)
        #expect(chain.isFragment && chain.moreFragments && !chain.isLaterFragment)
        #expect(chain.fragmentID == 0xDEAD_BEEF)
    }

    @Test func laterFragmentStopsTheWalk() throws {
        let headers: [IPv6ExtensionHeader] = [.fragment(offset: 0x1FFF, moreFragments: false, identification: 9)]
        let bytes = Self.chain(headers, then: IPProtocol(rawValue: 60))
        let chain = try IPv6ExtensionChain(parsing: bytes.span, nextHeader: headers[0].protocolNumber)
        #expect(chain.isLaterFragment)
        #expect(chain.fragmentOffset == 0x1FFF)
        #expect(chain.transport.rawValue == 60)
        #expect(chain.transportOffset == 8)
    }

    @Test(arguments: [59, 50, 51, 6, 17, 58] as [UInt8])
    func stopsAtTheUpperLayer(next: UInt8) throws {
        let bytes = Self.chain([.hopByHop()], then: IPProtocol(rawValue: next))
        let chain = try IPv6ExtensionChain(parsing: bytes.span, nextHeader: IPProtocol(rawValue: 0))
        #expect(chain.transport.rawValue == next)
        #expect(chain.transportOffset == 8)
    }

    @Test(arguments: [0, 1, 2, 7])
    func cutHeaderIsTruncated(length: Int) {
        let bytes = Array(Self.chain([.destinationOptions()], then: .tcp).prefix(length))
        #expect(throws: WireError.truncated(.ipv6Extension)) {
            try IPv6ExtensionChain(parsing: bytes.span, nextHeader: IPProtocol(rawValue: 60))
        }
        let fragment = Array(
            Self.chain([.fragment(offset: 0, moreFragments: true, identification: 1)], then: .tcp).prefix(length)
        )
        #expect(throws: WireError.truncated(.ipv6Extension)) {
            try IPv6ExtensionChain(parsing: fragment.span, nextHeader: IPProtocol(rawValue: 44))
        }
    }

    @Test func longChainsAreMalformed() {
        let bytes = Self.chain(Array(repeating: .destinationOptions(), count: 9), then: .tcp)
        #expect(throws: WireError.malformed(.ipv6Extension)) {
            try IPv6ExtensionChain(parsing: bytes.span, nextHeader: IPProtocol(rawValue: 60))
        }
        let eight = Self.chain(Array(repeating: .destinationOptions(), count: 8), then: .tcp)
        #expect(throws: Never.self) {
            try IPv6ExtensionChain(parsing: eight.span, nextHeader: IPProtocol(rawValue: 60))
        }
    }
}
