// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Testing
import Wire

@Suite struct IPPrefixTests {
    @Test(arguments: [
        ("10.0.0.0/8", "10.0.0.0/8"), ("192.0.2.1", "192.0.2.1/32"), ("0.0.0.0/0", "0.0.0.0/0"),
        ("255.255.255.255/32", "255.255.255.255/32"), ("010.001.000.000/08", "10.1.0.0/8"),
        ("::/0", "::/0"), ("::", "::/128"), ("fe80::1", "fe80::1/128"), ("2001:DB8::/32", "2001:db8::/32"),
        ("2001:db8:0:0:1:0:0:1/128", "2001:db8::1:0:0:1/128"), ("1:2:3:4:5:6:7:8/64", "1:2:3:4:5:6:7:8/64"),
        ("2001:db8::0:1/127", "2001:db8::1/127"), ("1:0:0:2:0:0:0:3/48", "1:0:0:2::3/48"),
        ("::ffff:192.0.2.1/128", "::ffff:c000:201/128"), ("::ffff:c000:201", "::ffff:c000:201/128"),
        ("64:ff9b::192.0.2.33/96", "64:ff9b::c000:221/96"),
    ])
    func parsesAndPrintsCanonically(text: String, printed: String) throws {
        #expect(try #require(IPPrefix(text)).description == printed)
    }

    @Test(arguments: [
        "", "x", "/8", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/0008", "10.0.0.0/8/8",
        "10.0.0.0 /8", "10.0.0.0/ 8", "10.0.0.0/٨", "10.0.0/8", "10.0.0.0.0/8", "256.0.0.0/8", "1.2.3.0400/32",
        "+1.2.3.4", "-0.0.0.0", "1.2.3.4 ", "::/129", "2001:db8::/200", "01234::", "1::2::3", "1:2:3:4:5:6:7:8:9",
        ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", ":::", "1:2:3:4::5:6:7:8", "+f::", "-0::", "g::", "fe80::1%eth0",
        "::1.2.3", "1.2.3.4::", "::ffff:1.2.3.4:5", "１.2.3.4",
    ])
    func rejectsMalformedText(_ text: String) {
        #expect(IPPrefix(text) == nil)
    }

    @Test func theFamilyIsTheNotation() throws {
        let ipv4 = try #require(IPPrefix("192.0.2.0/24"))
        #expect(ipv4.isIPv4 && ipv4.length == 24 && ipv4.mappedLength == 120)
        let mapped = try #require(IPPrefix("::ffff:192.0.2.0/120"))
        #expect(!mapped.isIPv4 && mapped.length == 120 && mapped.mappedLength == 120)
        #expect(mapped.address == ipv4.address && mapped != ipv4)
        #expect(mapped.contains(IPAddress(192, 0, 2, 7)))
        #expect(IPPrefix("::ffff:192.0.2.0/24") != nil)
        #expect(IPPrefix("192.0.2.0/120") == nil)
    }

    @Test func keepsTheAddressAsWrittenAndMatchesTheNetwork() throws {
        let prefix = try #require(IPPrefix("10.1.2.3/8"))
        #expect(prefix.description == "10.1.2.3/8")
        #expect(prefix.network == IPAddress(10, 0, 0, 0))
        #expect(prefix.contains(IPAddress(10, 200, 0, 1)))
        #expect(!prefix.contains(IPAddress(11, 1, 2, 3)))
        #expect(prefix != IPPrefix("10.0.0.0/8"))
        let ipv6 = try #require(IPPrefix("2001:db8::1/32"))
        #expect(ipv6.description == "2001:db8::1/32")
        #expect(ipv6.network == IPAddress("2001:db8::"))
    }

    @Test(arguments: [
        ("192.0.2.0/24", "192.0.2.0", true), ("192.0.2.0/24", "192.0.2.255", true),
        ("192.0.2.0/24", "192.0.3.0", false),
        ("0.0.0.0/0", "0.0.0.0", true), ("0.0.0.0/0", "255.255.255.255", true), ("0.0.0.0/0", "::", false),
        ("0.0.0.0/0", "2001:db8::1", false), ("0.0.0.0/0", "::fffe:0:0", false),
        ("10.0.0.1/32", "10.0.0.1", true), ("10.0.0.1/32", "10.0.0.0", false), ("10.0.0.1/32", "10.0.0.3", false),
        ("128.0.0.0/1", "200.0.0.1", true), ("128.0.0.0/1", "127.255.255.255", false),
        ("::/0", "2001:db8::1", true), ("::/0", "10.0.0.1", true), ("::/0", "::", true),
        ("2001:db8::/32", "2001:db8:ffff::1", true), ("2001:db8::/32", "2001:db9::1", false),
        ("2001:db8::/64", "2001:db8::ffff:ffff:ffff:ffff", true), ("2001:db8::/64", "2001:db8:0:1::", false),
        ("2001:db8::/65", "2001:db8::7fff:0:0:0", true), ("2001:db8::/65", "2001:db8::8000:0:0:0", false),
        ("2001:db8::1/128", "2001:db8::1", true), ("2001:db8::1/128", "2001:db8::", false),
        ("2001:db8::1/128", "2001:db8::3", false), ("8000::/1", "ffff::", true), ("8000::/1", "7fff::", false),
        ("::ffff:0.0.0.0/96", "192.0.2.1", true), ("::ffff:0.0.0.0/96", "2001:db8::1", false),
    ])
    func containsTheAddressesOfItsFirstBits(prefix: String, address: String, expected: Bool) throws {
        let prefix = try #require(IPPrefix(prefix))
        #expect(prefix.contains(try #require(IPAddress(address))) == expected)
    }

    @Test func buildsFromAnAddressAndALength() throws {
        #expect(IPPrefix(IPAddress(10, 0, 0, 0), length: 8)?.description == "10.0.0.0/8")
        #expect(IPPrefix(IPAddress(10, 0, 0, 0), length: 32) != nil)
        #expect(IPPrefix(IPAddress(10, 0, 0, 0), length: 33) == nil)
        #expect(IPPrefix(IPAddress(10, 0, 0, 0), length: -1) == nil)
        let ipv6 = try #require(IPAddress("2001:db8::"))
        #expect(IPPrefix(ipv6, length: 128)?.description == "2001:db8::/128")
        #expect(IPPrefix(ipv6, length: 0)?.description == "2001:db8::/0")
        #expect(IPPrefix(ipv6, length: 129) == nil)
        #expect(IPPrefix(IPAddress(10, 0, 0, 0), length: 8) == IPPrefix("10.0.0.0/8"))
    }
}
