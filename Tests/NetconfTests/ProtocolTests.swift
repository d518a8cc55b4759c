// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Netconf
import OperationalCommands
import Testing

/// Hellos, RPC reading and mapping, reply wrapping (SPEC.md §7, netconf-research.md §1.7, §2).
@Suite struct ProtocolTests {
    private func element(_ text: String) throws -> XMLElement { try XMLReader.parse(Array(text.utf8)) }

    private func action(_ operation: String, mayClear: Bool = true) throws -> NetconfAction {
        let message = "<nc:rpc xmlns:nc=\"urn:ietf:params:xml:ns:netconf:base:1.0\" message-id=\"7\">\(operation)</nc:rpc>"
        let request = try NetconfRequest.read(Array(message.utf8)).get()
        return NetconfOperations.action(for: request.operation, mayClear: mayClear)
    }

    private func run(_ line: String, _ format: ReplyFormat) throws -> NetconfAction {
        guard case .command(var parsed) = try CommandParser.parse(line) else { throw CommandError(line: line, column: nil, message: "help") }
        switch format {
        case .xml: parsed.pipes = [.displayXML]
        case .json: parsed.pipes = [.displayJSON]
        case .text: parsed.pipes = []
        }
        return .run(parsed, format: format)
    }

    @Test func serverHello() throws {
        let hello = NetconfHello.server(sessionID: 4242, user: "alice", loginClass: "super-user", base11: false)
        #expect(hello.hasPrefix("<!-- No zombies were killed during the creation of this user interface -->\n<!-- user alice, class super-user -->\n"))
        let parsed = try element(hello)
        #expect(parsed.child("session-id")?.text == "4242")
        let capabilities = parsed.child("capabilities")!.children.map(\.text)
        #expect(capabilities.first == NetconfHello.base10 && !capabilities.contains(NetconfHello.base11))
        #expect(capabilities.contains("http://xml.juniper.net/netconf/junos/1.0"))
        let rfc = try element(NetconfHello.server(sessionID: 1, user: "u", loginClass: "operator", base11: true))
        #expect(rfc.child("capabilities")!.children.map(\.text).contains(NetconfHello.base11))
    }

    @Test func clientHello() throws {
        let ncclient = """
            <?xml version="1.0" encoding="UTF-8"?><nc:hello xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0">\
            <nc:capabilities><nc:capability>urn:ietf:params:netconf:base:1.0</nc:capability>\
            <nc:capability> urn:ietf:params:netconf:base:1.1 </nc:capability></nc:capabilities></nc:hello>
            """
        #expect(try NetconfHello.clientCapabilities(element(ncclient)) == [NetconfHello.base10, NetconfHello.base11])
        #expect(throws: NetconfError.self) { try NetconfHello.clientCapabilities(element("<rpc/>")) }
        #expect(throws: NetconfError.self) { try NetconfHello.clientCapabilities(element("<hello><capabilities/></hello>")) }
    }

    /// The wire shapes of netconf-research.md §2.7 and §1.7.
    @Test func wireShapes() throws {
        #expect(try action("<get-msp-session-table><extensive/><service-set>ss1</service-set><interface>ams0</interface><limit>10</limit></get-msp-session-table>")
            == run("show services sessions extensive service-set ss1 interface ams0 limit 10", .xml))
        #expect(try action("<get-msp-session-table format=\"text\"/>") == run("show services sessions", .text))
        #expect(try action("<get-msp-session-table format=\"json\"/>") == run("show services sessions", .json))
        #expect(try action("<get-msp-session-table><display>extensive</display></get-msp-session-table>")
            == run("show services sessions extensive", .xml))
        #expect(try action("<command format=\"text\">show services sessions</command>") == run("show services sessions", .text))
        #expect(try action("<nc:command format=\"text\">show services sessions count</nc:command>")
            == run("show services sessions count", .text))
        #expect(try action("<command>show services sessions service-set X | match TCP | count</command>")
            == run("show services sessions service-set X", .xml))
        #expect(try action("<command>show services sessions | display json</command>") == run("show services sessions", .json))
        #expect(try action("<get-service-msp-sess-count-information format=\"xml\"/>") == run("show services sessions count", .xml))
        #expect(try action("<get-service-msp-sess-count-information><protocol>tcp</protocol></get-service-msp-sess-count-information>")
            == run("show services sessions count protocol tcp", .xml))
        #expect(try action("<get-software-information/>") == run("show version", .xml))
        #expect(try action("<get-route-engine-information/>") == run("show chassis routing-engine", .xml))
        #expect(try action("<get-chassis-inventory/>") == run("show chassis hardware", .xml))
        #expect(try action("<get-netconf-server-information/>") == run("show system netconf", .xml))
        #expect(try action("<command>show chassis hardware | display xml rpc</command>")
            == .reply("<rpc>\n<get-chassis-inventory>\n</get-chassis-inventory>\n</rpc>\n"))
        #expect(try action("<get-service-msp-session-analysis-information/>") == run("show services sessions analysis", .xml))
        #expect(try action("<get-service-set-summary-information/>") == run("show services service-sets summary", .xml))
        #expect(try action("<get-interface-load-balancing-information><detail/></get-interface-load-balancing-information>")
            == run("show interfaces load-balancing detail", .xml))
        #expect(try action("<clear-service-msp-session-table-information><service-set>ss1</service-set></clear-service-msp-session-table-information>")
            == run("clear services sessions service-set ss1", .xml))
        // A command with no document answers in text.
        #expect(try action("<command>show configuration</command>") == run("show configuration", .text))
        #expect(try action("<nc:close-session/>") == .closeSession)
        #expect(try action("<kill-session><session-id>12</session-id></kill-session>") == .killSession(id: 12))
    }

    @Test func displayXMLRPC() throws {
        #expect(try action("<command>show services sessions extensive service-set ss1| display xml rpc</command>")
            == .reply("<rpc>\n<get-msp-session-table>\n<extensive/>\n<service-set>ss1</service-set>\n</get-msp-session-table>\n</rpc>\n"))
        #expect(try action("<command>show services sessions count | display xml rpc</command>")
            == .reply("<rpc>\n<get-service-msp-sess-count-information>\n</get-service-msp-sess-count-information>\n</rpc>\n"))
    }

    @Test func errors() throws {
        #expect(try action("<get-service-sessions-information/>") == .error(.syntax(badElement: "get-service-sessions-information")))
        #expect(try action("<get-msp-session-table><bogus/></get-msp-session-table>")
            == .error(RPCError(message: "syntax error, expecting <command>", badElement: "bogus")))
        guard case .error(let bad) = try action("<command>show bridge mac-table count</command>") else {
            Issue.record("no error")
            return
        }
        #expect(bad.badElement == "bridge" && bad.message.hasPrefix("syntax error"))
        guard case .error(let port) = try action("<get-msp-session-table><destination-port>70000</destination-port></get-msp-session-table>")
        else {
            Issue.record("no error")
            return
        }
        #expect(port.badElement == "70000")
        #expect(try action("<get-msp-session-table><service-set>a b</service-set></get-msp-session-table>")
            == .error(RPCError(message: "invalid value 'a b' for service-set", badElement: "service-set")))
        #expect(try action("<get-msp-session-table format=\"yaml\"/>")
            == .error(RPCError(tag: "bad-attribute", message: "invalid value 'yaml' for format", badElement: "format")))
        // The class: only super-user clears (or kills sessions).
        #expect(try action("<clear-service-msp-session-table-information/>", mayClear: false) == .error(.permissionDenied))
        #expect(try action("<command>clear services sessions</command>", mayClear: false) == .error(.permissionDenied))
        #expect(try action("<kill-session><session-id>3</session-id></kill-session>", mayClear: false) == .error(.permissionDenied))
        #expect(try action("<command>request system configuration reload</command>") == .error(RPCError(message: "not available over NETCONF", badElement: "request")))
        // Not an rpc, no operation, malformed.
        #expect(throws: RejectedRequest.self) { try NetconfRequest.read(Array("<get/>".utf8)).get() }
        #expect(throws: RejectedRequest.self) { try NetconfRequest.read(Array("<rpc message-id='1'/>".utf8)).get() }
        #expect(throws: RejectedRequest.self) { try NetconfRequest.read(Array("<rpc><a></rpc>".utf8)).get() }
    }

    @Test func replyEnvelope() {
        let header = NetconfReply.header(echoing: [
            XMLAttribute("xmlns:nc", "urn:ietf:params:xml:ns:netconf:base:1.0"), XMLAttribute("message-id", "a\"<"),
            XMLAttribute("xmlns", "urn:ietf:params:xml:ns:netconf:base:1.0"),
        ])
        #expect(header == "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" xmlns:junos=\"http://xml.juniper.net/junos/\(JunosReply.release)/junos\" xmlns:nc=\"urn:ietf:params:xml:ns:netconf:base:1.0\" message-id=\"a&quot;&lt;\">\n")
        // A Next Gen router's (every bundle Next Gen) names its release.
        #expect(NetconfReply.ok(echoing: [], release: JunosReply.nextGenRelease).hasPrefix(
            "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" xmlns:junos=\"http://xml.juniper.net/junos/21.2R3/junos\">\n"))
        #expect(RPCError.syntax(badElement: "bogus").xml == """
            <rpc-error>
            <error-type>protocol</error-type>
            <error-tag>operation-failed</error-tag>
            <error-severity>error</error-severity>
            <error-message>syntax error</error-message>
            <error-info>
            <bad-element>bogus</bad-element>
            </error-info>
            </rpc-error>

            """)
    }

    /// Runs `text` through a filter cut at every place.
    private func filtered(_ text: String, _ format: ReplyFormat) -> [String] {
        let bytes = Array(text.utf8)
        return (0...bytes.count).map { cut in
            var filter = ReplyBodyFilter(format: format)
            let output = filter.feed(Array(bytes[..<cut])) + filter.feed(Array(bytes[cut...])) + filter.finish()
            return String(decoding: output, as: UTF8.self)
        }
    }

    @Test func replyBodies() throws {
        var count = JunosElement("service-msp-sess-count-information")
        var row = JunosElement("service-msp-sess-count")
        row.appendLeaf("interface-name", "mams-5/0/0")
        row.appendLeaf("sess-count", 3)
        count.append(row)
        let xml = filtered(JunosReply.displayXML(count), .xml)
        let expected = count.xmlText(indent: 4).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
        #expect(Set(xml) == [expected])
        // The body is well-formed inside the envelope.
        let reply = try element(NetconfReply.complete(expected, echoing: [XMLAttribute("message-id", "1")]))
        #expect(reply.children.map(\.name) == ["service-msp-sess-count-information"])

        #expect(Set(filtered("a -> b & c\n", .text)) == ["<output>\na -&gt; b &amp; c\n</output>\n"])
        let json = JunosReply.displayJSON(count)
        let compact = Set(filtered(json, .json))
        #expect(compact == ["{\"service-msp-sess-count-information\":[{\"service-msp-sess-count\":[{\"interface-name\":[{\"data\":\"mams-5/0/0\"}],\"sess-count\":[{\"data\":\"3\"}]}]}]}\n"])
        #expect(Set(filtered("{\"a b\" : \"x \\\" <y>\"}", .json)) == ["{\"a b\":\"x \\\" &lt;y&gt;\"}\n"])
    }
}
