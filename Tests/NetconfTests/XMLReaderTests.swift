// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Netconf
import Testing

@Suite struct XMLReaderTests {
    private func parse(_ text: String) throws -> XMLElement { try XMLReader.parse(Array(text.utf8)) }

    @Test func namespacesAndAttributes() throws {
        let rpc = try parse("""
            <?xml version="1.0" encoding="UTF-8"?><nc:rpc xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" \
            message-id="urn:uuid:1"><nc:command format='text'>show  a &lt;b&gt; &amp; &#65;&#x42;</nc:command><!-- c -->\
            <x><![CDATA[<y>]]></x></nc:rpc>
            """)
        #expect(rpc.name == "rpc" && rpc.namespace == "urn:ietf:params:xml:ns:netconf:base:1.0")
        #expect(rpc.attribute("message-id") == "urn:uuid:1")
        #expect(rpc.children.count == 2)
        let command = rpc.children[0]
        #expect(command.name == "command" && command.namespace == rpc.namespace)
        #expect(command.attribute("format") == "text" && command.text == "show  a <b> & AB")
        #expect(rpc.children[1].namespace == nil && rpc.children[1].text == "<y>")
        let defaulted = try parse("<rpc xmlns=\"u\"><get/></rpc>")
        #expect(defaulted.children[0].namespace == "u")
    }

    @Test(arguments: [
        "", "<a>", "<a></b>", "<a b='1' b='2'/>", "<a b=1/>", "<p:a/>", "<!DOCTYPE a [<!ENTITY x 'y'>]><a/>",
        "<a>&bogus;</a>", "<a>&#0;</a>", "<a/><b/>", "<a b='<'/>", "<a>&amp</a>", "<a", "<a b='1'c='2'/>",
    ])
    func malformed(text: String) {
        #expect(throws: XMLError.self) { _ = try parse(text) }
    }

    @Test func boundedDepth() {
        let deep = String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100)
        #expect(throws: XMLError.self) { _ = try parse(deep) }
        let fine = String(repeating: "<a>", count: 60) + String(repeating: "</a>", count: 60)
        #expect(throws: Never.self) { _ = try parse(fine) }
    }
}
