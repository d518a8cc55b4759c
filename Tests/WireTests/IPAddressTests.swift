// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ServicesTestSupport
import Testing
import Wire

#if canImport(Glibc)
import Glibc
#endif

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

    /// The one-pass parser agrees with the C library's `inet_pton` on 200,000 random strings of address
    /// characters (and on the same strings' dotted-quad fields, which it reads as `inet_pton` does except
    /// for leading zeros: `010` is 10 here, refused there, so such strings are left out).
    @Test func agreesWithInetPton() {
        var random = SplitMix64(seed: 12)
        let alphabet = Array("0123456789abcdefABCDEF:..::")
        var compared = 0
        for _ in 0..<200_000 {
            var text = ""
            if random.next() % 2 == 0 {
                // Near-valid: eight or fewer groups, some compressed, sometimes a dotted tail.
                let groups = Int(random.next() % 9)
                text = (0..<groups).map { _ in String(random.next() % 0x10000, radix: 16) }.joined(separator: ":")
                if random.next() % 3 == 0 { text = text.replacingFirstColon(with: "::", random: &random) }
                if random.next() % 4 == 0 {
                    text += (text.isEmpty ? "" : ":") + (0..<4).map { _ in String(random.next() % 300) }.joined(separator: ".")
                }
            } else {
                let length = Int(random.next() % 20)
                text = String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            }
            let fields = text.split(whereSeparator: { $0 == ":" || $0 == "." })
            if text.contains("."), fields.contains(where: { $0.count > 1 && $0.first == "0" }) { continue }
            compared += 1
            let family = text.contains(":") ? AF_INET6 : AF_INET
            var buffer = [UInt8](repeating: 0, count: 16)
            let accepted = inet_pton(family, text, &buffer) == 1
            let parsed = IPAddress(text)
            #expect((parsed != nil) == accepted, "\(text)")
            if let parsed, accepted {
                let expected = family == AF_INET
                    ? IPAddress(buffer[0], buffer[1], buffer[2], buffer[3])
                    : IPAddress(high: buffer[0..<8].reduce(0) { $0 << 8 | UInt64($1) }, low: buffer[8..<16].reduce(0) { $0 << 8 | UInt64($1) })
                #expect(parsed == expected, "\(text)")
            }
        }
        #expect(compared > 150_000)
    }

    @Test func ipv6NotationPrintsIPv4InHexadecimal() throws {
        #expect(IPAddress(192, 0, 2, 1).description(dottedQuad: false) == "::ffff:c000:201")
        #expect(IPAddress(192, 0, 2, 1).description(dottedQuad: true) == "192.0.2.1")
        #expect(IPAddress.zero.description(dottedQuad: false) == "::")
        #expect(try #require(IPAddress("2001:db8::1")).description(dottedQuad: true) == "2001:db8::1")
    }
}

extension String {
    /// The string with one of its colons, chosen at random, doubled (or `::` appended when it has none).
    fileprivate func replacingFirstColon(with replacement: String, random: inout SplitMix64) -> String {
        let colons = indices.filter { self[$0] == ":" }
        guard !colons.isEmpty else { return self + replacement }
        let chosen = colons[Int(random.next() % UInt64(colons.count))]
        return String(self[..<chosen]) + replacement + String(self[index(after: chosen)...])
    }
}
