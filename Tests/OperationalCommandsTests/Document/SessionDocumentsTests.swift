// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import ServicesCore
import Testing
import Wire

@Suite("show/clear services sessions documents")
struct SessionDocumentsTests {
    @Test func sessionTableXMLGolden() {
        let text = JunosReply.displayXML(SessionDocuments.sessionTable(DocumentFixtures.members, extensive: false))
        let expected = """
            <rpc-reply xmlns:junos="http://xml.juniper.net/junos/19.4R3/junos">
                <msp-session-table xmlns="http://xml.juniper.net/junos/19.4R3/junos-adaptive-services">
                    <msp-per-service-set-session-table>
                        <interface-name>mams-5/0/0</interface-name>
                        <service-set-name>ss1</service-set-name>
                        <msp-session>
                            <session-id>16777217</session-id>
                            <session-alg>ftp</session-alg>
                            <session-flags>0x0000</session-flags>
                            <session-ip-action>no</session-ip-action>
                            <session-offload>no</session-offload>
                            <session-asymmetric>no</session-asymmetric>
                            <sfw-flow-entry>
                                <sfw-flow-protocol>TCP</sfw-flow-protocol>
                                <sfw-flow-source-ip>10.1.1.2</sfw-flow-source-ip>
                                <sfw-flow-source-port>36412</sfw-flow-source-port>
                                <sfw-flow-destination-ip>192.0.2.10</sfw-flow-destination-ip>
                                <sfw-flow-destination-port>21</sfw-flow-destination-port>
                                <sfw-flow-state>Watch</sfw-flow-state>
                                <sfw-flow-direction>I</sfw-flow-direction>
                                <sfw-flow-frame-counter>13</sfw-flow-frame-counter>
                            </sfw-flow-entry>
                            <sfw-flow-entry>
                                <sfw-flow-protocol>TCP</sfw-flow-protocol>
                                <sfw-flow-source-ip>192.0.2.10</sfw-flow-source-ip>
                                <sfw-flow-source-port>21</sfw-flow-source-port>
                                <sfw-flow-destination-ip>10.1.1.2</sfw-flow-destination-ip>
                                <sfw-flow-destination-port>36412</sfw-flow-destination-port>
                                <sfw-flow-state>Watch</sfw-flow-state>
                                <sfw-flow-direction>O</sfw-flow-direction>
                                <sfw-flow-frame-counter>12</sfw-flow-frame-counter>
                            </sfw-flow-entry>
                        </msp-session>
                        <msp-session>
                            <session-id>16777218</session-id>
                            <session-alg>ftp</session-alg>
                            <session-flags>0x200000</session-flags>
                            <session-ip-action>no</session-ip-action>
                            <session-offload>no</session-offload>
                            <session-asymmetric>no</session-asymmetric>
                            <session-parent-id>16777217</session-parent-id>
                            <sfw-flow-entry>
                                <sfw-flow-protocol>TCP</sfw-flow-protocol>
                                <sfw-flow-source-ip>192.0.2.10</sfw-flow-source-ip>
                                <sfw-flow-source-port>20</sfw-flow-source-port>
                                <sfw-flow-destination-ip>10.1.1.2</sfw-flow-destination-ip>
                                <sfw-flow-destination-port>40000</sfw-flow-destination-port>
                                <sfw-flow-state>Forward</sfw-flow-state>
                                <sfw-flow-direction>I</sfw-flow-direction>
                                <sfw-flow-frame-counter>7</sfw-flow-frame-counter>
                            </sfw-flow-entry>
                            <sfw-flow-entry>
                                <sfw-flow-protocol>TCP</sfw-flow-protocol>
                                <sfw-flow-source-ip>10.1.1.2</sfw-flow-source-ip>
                                <sfw-flow-source-port>40000</sfw-flow-source-port>
                                <sfw-flow-destination-ip>192.0.2.10</sfw-flow-destination-ip>
                                <sfw-flow-destination-port>20</sfw-flow-destination-port>
                                <sfw-flow-state>Forward</sfw-flow-state>
                                <sfw-flow-direction>O</sfw-flow-direction>
                                <sfw-flow-frame-counter>5</sfw-flow-frame-counter>
                            </sfw-flow-entry>
                        </msp-session>
                    </msp-per-service-set-session-table>
                    <msp-per-service-set-session-table>
                        <interface-name>mams-5/1/0</interface-name>
                        <service-set-name>ss2</service-set-name>
                        <msp-session>
                            <session-id>33554433</session-id>
                            <session-alg>icmp</session-alg>
                            <session-flags>0x0000</session-flags>
                            <session-ip-action>no</session-ip-action>
                            <session-offload>no</session-offload>
                            <session-asymmetric>no</session-asymmetric>
                            <sfw-flow-entry>
                                <sfw-flow-protocol>ICMP</sfw-flow-protocol>
                                <sfw-flow-source-ip>10.1.1.3</sfw-flow-source-ip>
                                <sfw-flow-destination-ip>192.0.2.10</sfw-flow-destination-ip>
                                <sfw-flow-state>Forward</sfw-flow-state>
                                <sfw-flow-direction>I</sfw-flow-direction>
                                <sfw-flow-frame-counter>4</sfw-flow-frame-counter>
                            </sfw-flow-entry>
                            <sfw-flow-entry>
                                <sfw-flow-protocol>ICMP</sfw-flow-protocol>
                                <sfw-flow-source-ip>192.0.2.10</sfw-flow-source-ip>
                                <sfw-flow-destination-ip>10.1.1.3</sfw-flow-destination-ip>
                                <sfw-flow-state>Forward</sfw-flow-state>
                                <sfw-flow-direction>O</sfw-flow-direction>
                                <sfw-flow-frame-counter>4</sfw-flow-frame-counter>
                            </sfw-flow-entry>
                        </msp-session>
                    </msp-per-service-set-session-table>
                </msp-session-table>
                <cli>
                    <banner></banner>
                </cli>
            </rpc-reply>

            """
        #expect(text == expected)
    }

    @Test func sessionTableJSONGolden() {
        let text = SessionDocuments.sessionTable(DocumentFixtures.members, extensive: false).jsonText()
        let controlFlows =
            #""sfw-flow-entry": [{"sfw-flow-protocol": [{"data": "TCP"}], "sfw-flow-source-ip": [{"data": "10.1.1.2"}], "#
            + #""sfw-flow-source-port": [{"data": "36412"}], "sfw-flow-destination-ip": [{"data": "192.0.2.10"}], "#
            + #""sfw-flow-destination-port": [{"data": "21"}], "sfw-flow-state": [{"data": "Watch"}], "#
            + #""sfw-flow-direction": [{"data": "I"}], "sfw-flow-frame-counter": [{"data": "13"}]}, "#
            + #"{"sfw-flow-protocol": [{"data": "TCP"}], "sfw-flow-source-ip": [{"data": "192.0.2.10"}], "#
            + #""sfw-flow-source-port": [{"data": "21"}], "sfw-flow-destination-ip": [{"data": "10.1.1.2"}], "#
            + #""sfw-flow-destination-port": [{"data": "36412"}], "sfw-flow-state": [{"data": "Watch"}], "#
            + #""sfw-flow-direction": [{"data": "O"}], "sfw-flow-frame-counter": [{"data": "12"}]}]"#
        let dataFlows =
            #""sfw-flow-entry": [{"sfw-flow-protocol": [{"data": "TCP"}], "sfw-flow-source-ip": [{"data": "192.0.2.10"}], "#
            + #""sfw-flow-source-port": [{"data": "20"}], "sfw-flow-destination-ip": [{"data": "10.1.1.2"}], "#
            + #""sfw-flow-destination-port": [{"data": "40000"}], "sfw-flow-state": [{"data": "Forward"}], "#
            + #""sfw-flow-direction": [{"data": "I"}], "sfw-flow-frame-counter": [{"data": "7"}]}, "#
            + #"{"sfw-flow-protocol": [{"data": "TCP"}], "sfw-flow-source-ip": [{"data": "10.1.1.2"}], "#
            + #""sfw-flow-source-port": [{"data": "40000"}], "sfw-flow-destination-ip": [{"data": "192.0.2.10"}], "#
            + #""sfw-flow-destination-port": [{"data": "20"}], "sfw-flow-state": [{"data": "Forward"}], "#
            + #""sfw-flow-direction": [{"data": "O"}], "sfw-flow-frame-counter": [{"data": "5"}]}]"#
        let pingFlows =
            #""sfw-flow-entry": [{"sfw-flow-protocol": [{"data": "ICMP"}], "sfw-flow-source-ip": [{"data": "10.1.1.3"}], "#
            + #""sfw-flow-destination-ip": [{"data": "192.0.2.10"}], "sfw-flow-state": [{"data": "Forward"}], "#
            + #""sfw-flow-direction": [{"data": "I"}], "sfw-flow-frame-counter": [{"data": "4"}]}, "#
            + #"{"sfw-flow-protocol": [{"data": "ICMP"}], "sfw-flow-source-ip": [{"data": "192.0.2.10"}], "#
            + #""sfw-flow-destination-ip": [{"data": "10.1.1.3"}], "sfw-flow-state": [{"data": "Forward"}], "#
            + #""sfw-flow-direction": [{"data": "O"}], "sfw-flow-frame-counter": [{"data": "4"}]}]"#
        func header(_ id: String, _ alg: String, _ flags: String) -> String {
            #""session-id": [{"data": ""# + id + #""}], "session-alg": [{"data": ""# + alg
                + #""}], "session-flags": [{"data": ""# + flags + #""}], "session-ip-action": [{"data": "no"}], "#
                + #""session-offload": [{"data": "no"}], "session-asymmetric": [{"data": "no"}], "#
        }
        let expected =
            #"{"msp-session-table": [{"attributes": {"xmlns": "http://xml.juniper.net/junos/19.4R3/junos-adaptive-services"}, "#
            + #""msp-per-service-set-session-table": ["#
            + #"{"interface-name": [{"data": "mams-5/0/0"}], "service-set-name": [{"data": "ss1"}], "msp-session": ["#
            + "{" + header("16777217", "ftp", "0x0000") + controlFlows + "}, "
            + "{" + header("16777218", "ftp", "0x200000") + #""session-parent-id": [{"data": "16777217"}], "#
            + dataFlows + "}]}, "
            + #"{"interface-name": [{"data": "mams-5/1/0"}], "service-set-name": [{"data": "ss2"}], "msp-session": ["#
            + "{" + header("33554433", "icmp", "0x0000") + pingFlows + "}]}"
            + "]}]}\n"
        #expect(text == expected)
    }

    @Test func extensiveAddsByteCountRoleAndTimeout() {
        let flow = SessionDocuments.flowElement(DocumentFixtures.ftpControl.responder, extensive: true)
        let expected = """
            <sfw-flow-entry>
                <sfw-flow-protocol>TCP</sfw-flow-protocol>
                <sfw-flow-source-ip>192.0.2.10</sfw-flow-source-ip>
                <sfw-flow-source-port>21</sfw-flow-source-port>
                <sfw-flow-destination-ip>10.1.1.2</sfw-flow-destination-ip>
                <sfw-flow-destination-port>36412</sfw-flow-destination-port>
                <sfw-flow-state>Watch</sfw-flow-state>
                <sfw-flow-direction>O</sfw-flow-direction>
                <sfw-flow-frame-counter>12</sfw-flow-frame-counter>
                <sfw-flow-table-byte-count>1031</sfw-flow-table-byte-count>
                <sfw-flow-table-role>Responder</sfw-flow-table-role>
                <sfw-flow-table-timeout>30</sfw-flow-table-timeout>
            </sfw-flow-entry>

            """
        #expect(flow.xmlText() == expected)
        let table = SessionDocuments.sessionTable(DocumentFixtures.members, extensive: true)
        let text = table.xmlText()
        #expect(text.ranges(of: "<sfw-flow-table-role>").count == 6)
        #expect(text.contains("<sfw-flow-table-role>Initiator</sfw-flow-table-role>"))
        #expect(text.contains("<sfw-flow-table-timeout>60</sfw-flow-table-timeout>"))
    }

    @Test func serviceSetsFollowConfigurationOrderAndIPv6AddressesAreCanonical() {
        var v6 = DocumentFixtures.ping
        v6.id = 1
        v6.serviceSet = "zz"
        v6.initiator.source = IPAddress("2001:db8::1")!
        var other = DocumentFixtures.ping
        other.id = 2
        other.serviceSet = "aa"
        let member = MemberSnapshot(
            name: "mams-0/0/0", bundle: "ams0", sessions: [v6, other], serviceSetCounts: [("aa", 1), ("zz", 1)])
        let table = SessionDocuments.sessionTable([member], extensive: false, release: "23.2R1")
        #expect(table.attribute("xmlns") == "http://xml.juniper.net/junos/23.2R1/junos-adaptive-services")
        let sets = table.children.map { $0.children(named: "service-set-name").first?.text }
        #expect(sets == ["aa", "zz"])
        #expect(table.xmlText().contains("<sfw-flow-source-ip>2001:db8::1</sfw-flow-source-ip>"))
        #expect(SessionDocuments.sessionTable([], extensive: true).xmlText(indent: 0).hasSuffix("junos-adaptive-services\"/>"))
    }

    /// A `<service-msp-sess-count>` per row of the text, zeros included; `<sess-count>` sums the four counts.
    @Test func countXMLMatchesTheCapturedShapeAndJSONTheConvention() {
        let count = SessionDocuments.sessionCount(DocumentFixtures.countRows)
        let expected = """
            <rpc-reply xmlns:junos="http://xml.juniper.net/junos/19.4R3/junos">
                <service-msp-sess-count-information>
                    <service-msp-sess-count>
                        <interface-name>mams-5/0/0</interface-name>
                        <service-set-name>ss1</service-set-name>
                        <sess-count>2</sess-count>
                    </service-msp-sess-count>
                    <service-msp-sess-count>
                        <interface-name>mams-5/0/0</interface-name>
                        <service-set-name>ss2</service-set-name>
                        <sess-count>0</sess-count>
                    </service-msp-sess-count>
                    <service-msp-sess-count>
                        <interface-name>mams-5/1/0</interface-name>
                        <service-set-name>ss1</service-set-name>
                        <sess-count>0</sess-count>
                    </service-msp-sess-count>
                    <service-msp-sess-count>
                        <interface-name>mams-5/1/0</interface-name>
                        <service-set-name>ss2</service-set-name>
                        <sess-count>1</sess-count>
                    </service-msp-sess-count>
                </service-msp-sess-count-information>
                <cli>
                    <banner></banner>
                </cli>
            </rpc-reply>

            """
        #expect(JunosReply.displayXML(count) == expected)
        // Junos's count reply in JSON (second row only).
        let single = SessionDocuments.sessionCount([DocumentFixtures.countRows[3]])
        #expect(
            single.jsonText()
                == #"{"service-msp-sess-count-information": [{"service-msp-sess-count": [{"interface-name": [{"data": "mams-5/1/0"}], "service-set-name": [{"data": "ss2"}], "sess-count": [{"data": "1"}]}]}]}"#
                + "\n")
    }

    @Test func drainXMLGolden() {
        let drain = SessionDocuments.sessionsCleared(rows: [
            (interface: "mams-5/0/0", serviceSet: "ss1", removed: 2),
            (interface: "mams-5/1/0", serviceSet: "ss2", removed: 0),
        ])
        let expected = """
            <service-msp-sess-drain-information>
                <service-msp-sess-drain>
                    <interface-name>mams-5/0/0</interface-name>
                    <service-set-name>ss1</service-set-name>
                    <sess-removed>2</sess-removed>
                </service-msp-sess-drain>
                <service-msp-sess-drain>
                    <interface-name>mams-5/1/0</interface-name>
                    <service-set-name>ss2</service-set-name>
                    <sess-removed>0</sess-removed>
                </service-msp-sess-drain>
            </service-msp-sess-drain-information>

            """
        #expect(drain.xmlText() == expected)
        #expect(
            drain.jsonText().hasPrefix(
                #"{"service-msp-sess-drain-information": [{"service-msp-sess-drain": [{"interface-name": [{"data": "mams-5/0/0"}], "service-set-name": [{"data": "ss1"}], "sess-removed": [{"data": "2"}]}, "#
            ))
    }

    @Test func serviceSetNamesAreEscapedInBothForms() {
        var session = DocumentFixtures.ping
        session.serviceSet = #"a&b<"c">"#
        let member = MemberSnapshot(name: "mams-0/0/0", bundle: "ams0", sessions: [session], serviceSetCounts: [])
        let table = SessionDocuments.sessionTable([member], extensive: false)
        #expect(table.xmlText().contains("<service-set-name>a&amp;b&lt;&quot;c&quot;&gt;</service-set-name>"))
        #expect(table.jsonText().contains(#""service-set-name": [{"data": "a&b<\"c\">"}]"#))
    }
}
