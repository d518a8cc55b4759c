// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Testing
import Wire

@Suite struct IPAddressTests {
    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1"), ("010.000.002.001", "10.0.2.1"), ("::", "::"), ("::1", "::1"),
        ("2001:DB8::1", "2001:db8::1"), ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"), ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"), ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"),
        ("::ffff:192.0.2.1", "192.0.2.1"), ("::192.0.2.1", "::c000:201"),
    ])
    func parsesAndPrintsCanonically(text: String, printed: String) throws {
        #expect(try #require(IPAddress(text)).description == printed)
    }

    @Test(arguments: [
        "", "1.2.3", "1.2.3.4.5", "1..2.3", "256.1.1.1", "1.2.3.0400", "+1.2.3.4", "-0.0.0.0", " 1.2.3.4", "1.2.3.4/32",
        "１.2.3.4", ":", ":::", "1::2::3", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "1:2:3:4:5:6:7:8:9", "12345::",
        "+f::", "-0::", "g::", "fe80::1%eth0", "::1.2.3.256", "1.2.3.4::",
    ])
    func rejectsMalformedText(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func ipv6NotationPrintsIPv4InHexadecimal() throws {
        #expect(IPAddress(192, 0, 2, 1).description(dottedQuad: false) == "::ffff:c000:201")
        #expect(IPAddress(192, 0, 2, 1).description(dottedQuad: true) == "192.0.2.1")
        #expect(IPAddress.zero.description(dottedQuad: false) == "::")
        #expect(try #require(IPAddress("2001:db8::1")).description(dottedQuad: true) == "2001:db8::1")
    }
}
