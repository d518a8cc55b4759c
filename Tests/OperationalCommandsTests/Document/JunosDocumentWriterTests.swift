// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import ServicesCore
import Testing

/// The streaming writer gives the tree serialisers' bytes, element opened by element opened.
@Suite("Junos document writer")
struct JunosDocumentWriterTests {
    /// `element` streamed: opened if it has children (each streamed in turn, the leaves written whole at
    /// `wholeBelow` depth and deeper), written whole otherwise.
    static func stream(_ element: JunosElement, _ writer: inout JunosDocumentWriter, depth: Int = 0, wholeBelow: Int) {
        if element.children.isEmpty && element.attributes.isEmpty && depth > 0, let text = element.text {
            if let number = UInt64(text), String(number) == text {
                writer.leaf(element.name, decimal: number)
            } else {
                writer.leaf(element.name, text)
            }
            return
        }
        if element.children.isEmpty || depth >= wholeBelow {
            writer.write(element)
            return
        }
        writer.open(element.name, attributes: element.attributes)
        for child in element.children { stream(child, &writer, depth: depth + 1, wholeBelow: wholeBelow) }
        writer.close()
    }

    static func streamed(_ element: JunosElement, style: JunosDocumentWriter.Style, wholeBelow: Int = .max) -> String {
        var bytes: [UInt8] = []
        var writer = JunosDocumentWriter(style: style, output: TextBuffer(threshold: 16) { bytes += $0 })
        stream(element, &writer, wholeBelow: wholeBelow)
        #expect(!writer.isOpen)
        writer.endDocument()
        writer.output.flush()
        return String(decoding: bytes, as: UTF8.self)
    }

    static let documents: [JunosElement] = [
        JunosElement("a", attributes: [JunosAttribute("x", "1"), JunosAttribute("y", "2")], children: [
            JunosElement("empty"), .leaf("blank", ""),
            JunosElement("inner", children: [.leaf("n", 42), .leaf("n", 43), .leaf("m", "<&>")]),
            JunosElement("inner", attributes: [JunosAttribute("junos:style", "brief")], children: [JunosElement("e")]),
            JunosElement("opened", children: [JunosElement("deep", children: [.leaf("leaf", "v"), .leaf("q", "\"<&>\u{01}")])]),
        ]),
        JunosElement("only", attributes: [JunosAttribute("xmlns", "urn:x")]),
        JunosElement("no-attributes", children: [JunosElement("c", children: [.leaf("d", "1")]), .leaf("e", "2")]),
        SessionDocuments.sessionTable(DocumentFixtures.members, extensive: true),
        SessionDocuments.sessionTable([], extensive: false),
    ]

    @Test(arguments: documents.indices)
    func streamedBytesAreTheTreesBytes(index: Int) {
        let document = Self.documents[index]
        for wholeBelow in [0, 1, 2, Int.max] {
            #expect(Self.streamed(document, style: .xml(indent: 4), wholeBelow: wholeBelow) == document.xmlText(indent: 4))
            #expect(Self.streamed(document, style: .xml(indent: 0), wholeBelow: wholeBelow) == document.xmlText(indent: 0))
            #expect(Self.streamed(document, style: .xml(indent: 2), wholeBelow: wholeBelow) == document.xmlText(indent: 2))
            #expect(Self.streamed(document, style: .prettyJSON, wholeBelow: wholeBelow) == document.prettyJSONText())
        }
    }

    /// The session table written chunk by chunk is the `| display xml`/`json` of the tree, envelope and all.
    @Test(arguments: [false, true])
    func sessionTableWriterGivesTheDisplayedDocument(extensive: Bool) {
        for display in [JunosReply.Display.xml, .json] {
            for members in [DocumentFixtures.members, []] {
                var bytes: [UInt8] = []
                var writer = SessionListingWriter(
                    display: display, extensive: extensive, output: TextBuffer(threshold: 8) { bytes += $0 })
                writer.begin(.msMPC)
                for member in members {
                    for serviceSet in Set(member.sessions.map(\.serviceSet)).sorted() {
                        for session in member.sessions where session.serviceSet == serviceSet {
                            writer.write(member: member.name, [session])
                        }
                    }
                }
                var output = writer.finish()
                output.flush()
                let tree = JunosReply.display(display, SessionDocuments.sessionTable(members, extensive: extensive))
                #expect(String(decoding: bytes, as: UTF8.self) == tree)
            }
        }
    }
}
