// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import OperationalCommands
import Testing

/// Validates the serialised documents by parsing them back: XML with `XMLParser`, JSON with
/// `JSONSerialization`, and comparing the result with the model they came from.
@Suite("Documents parse back")
struct DocumentRoundTripTests {
    /// The documents under test, by a short name (so test-case names stay readable).
    static let documents: [String: JunosElement] = [
        "brief table": SessionDocuments.sessionTable(DocumentFixtures.members, extensive: false),
        "extensive table": SessionDocuments.sessionTable(DocumentFixtures.members, extensive: true),
        "count": SessionDocuments.sessionCount(DocumentFixtures.countRows),
        "drain": SessionDocuments.sessionsCleared(rows: [(interface: "mams-5/0/0", serviceSet: #"x&<">y"#, removed: 3)]),
        "envelope": JunosReply.envelope(SessionDocuments.sessionCount(DocumentFixtures.countRows)),
    ]
    static let names = documents.keys.sorted()

    /// The model as `XMLTreeReader` sees it: attributes sorted, empty elements as empty text.
    static func normalised(_ element: JunosElement) -> JunosElement {
        var copy = element
        copy.attributes.sort { $0.name < $1.name }
        copy.children = copy.children.map(normalised)
        if copy.children.isEmpty && copy.text == nil { copy.text = "" }
        return copy
    }

    @Test(arguments: names)
    func xmlParsesBackToTheModel(_ name: String) throws {
        let document = try #require(Self.documents[name])
        for indent in [4, 0] {
            let parsed = try #require(XMLTreeReader.parse(document.xmlText(indent: indent)))
            #expect(parsed == Self.normalised(document))
        }
    }

    @Test(arguments: names)
    func jsonParsesBackToTheModel(_ name: String) throws {
        let document = try #require(Self.documents[name])
        let object = try JSONSerialization.jsonObject(with: Data(document.jsonText().utf8))
        let top = try #require(object as? [String: Any])
        #expect(Array(top.keys) == [document.name])
        let array = try #require(top[document.name] as? [Any])
        #expect(array.count == 1)
        expectMatches(document, array[0])
    }

    /// The CLI's pretty form holds the same JSON as the compact one.
    @Test(arguments: names)
    func prettyJSONParsesToTheSameObjectAsCompact(_ name: String) throws {
        let document = try #require(Self.documents[name])
        let pretty = try JSONSerialization.jsonObject(with: Data(document.prettyJSONText().utf8))
        let compact = try JSONSerialization.jsonObject(with: Data(document.jsonText().utf8))
        #expect((pretty as? NSDictionary) == (compact as? NSDictionary))
        #expect(document.prettyJSONText().hasSuffix("    ]\n}\n"))
    }

    /// Checks the Junos JSON convention: the object has exactly `attributes` (if any), `data` (if text) and one
    /// array per child name, and every child matches in order.
    func expectMatches(_ element: JunosElement, _ json: Any) {
        guard let object = json as? [String: Any] else {
            Issue.record("\(element.name): not an object")
            return
        }
        var expectedKeys = Set(element.children.map(\.name))
        if !element.attributes.isEmpty {
            expectedKeys.insert("attributes")
            let attributes = object["attributes"] as? [String: String]
            #expect(attributes == Dictionary(uniqueKeysWithValues: element.attributes.map { ($0.name, $0.value) }))
        }
        if let text = element.text {
            expectedKeys.insert("data")
            #expect(object["data"] as? String == text)
        }
        #expect(Set(object.keys) == expectedKeys, "keys of \(element.name)")
        for name in Set(element.children.map(\.name)) {
            let children = element.children(named: name)
            guard let array = object[name] as? [Any], array.count == children.count else {
                Issue.record("\(element.name)/\(name): expected an array of \(children.count)")
                continue
            }
            for (child, value) in zip(children, array) { expectMatches(child, value) }
        }
    }

    @Test func sessionTableStructureReadsBack() throws {
        let xml = JunosReply.displayXML(SessionDocuments.sessionTable(DocumentFixtures.members, extensive: false))
        let reply = try #require(XMLTreeReader.parse(xml))
        #expect(reply.name == "rpc-reply")
        #expect(reply.children.map(\.name) == ["msp-session-table", "cli"])
        let table = reply.children[0]
        let perSet = table.children(named: "msp-per-service-set-session-table")
        #expect(perSet.count == 2)
        let sessions = perSet.flatMap { $0.children(named: "msp-session") }
        #expect(sessions.count == 3)
        #expect(sessions.map { $0.children(named: "session-id").first?.text } == ["16777217", "16777218", "33554433"])
        #expect(sessions.map { $0.children(named: "session-parent-id").first?.text } == [nil, "16777217", nil])
        let flows = sessions.flatMap { $0.children(named: "sfw-flow-entry") }
        #expect(flows.count == 6)
        #expect(flows.filter { !$0.children(named: "sfw-flow-source-port").isEmpty }.count == 4)
        #expect(flows.filter { !$0.children(named: "sfw-flow-destination-port").isEmpty }.count == 4)
        #expect(flows.map { $0.children(named: "sfw-flow-direction").first?.text } == ["I", "O", "I", "O", "I", "O"])
        #expect(flows.allSatisfy { $0.children(named: "sfw-flow-table-role").isEmpty })

        let json = SessionDocuments.sessionTable(DocumentFixtures.members, extensive: true).jsonText()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let root = try #require((object["msp-session-table"] as? [[String: Any]])?.first)
        let jsonTables = try #require(root["msp-per-service-set-session-table"] as? [[String: Any]])
        #expect(jsonTables.count == 2)
        let jsonSessions = jsonTables.flatMap { $0["msp-session"] as? [[String: Any]] ?? [] }
        #expect(jsonSessions.count == 3)
        let jsonFlows = jsonSessions.flatMap { $0["sfw-flow-entry"] as? [[String: Any]] ?? [] }
        #expect(jsonFlows.count == 6)
        let roles = jsonFlows.map { (($0["sfw-flow-table-role"] as? [[String: String]])?.first)?["data"] }
        #expect(roles == ["Initiator", "Responder", "Initiator", "Responder", "Initiator", "Responder"])
    }
}
