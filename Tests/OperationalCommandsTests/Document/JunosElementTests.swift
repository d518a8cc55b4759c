// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import Testing

@Suite("Junos document model and serialisers")
struct JunosElementTests {
    @Test func emptyElementsLeavesAndNesting() {
        var root = JunosElement("a", attributes: [JunosAttribute("x", "1"), JunosAttribute("y", "2")])
        root.append(JunosElement("empty"))
        root.appendLeaf("blank", "")
        root.append(JunosElement("inner", children: [.leaf("n", 42)]))
        let expected = """
            <a x="1" y="2">
                <empty/>
                <blank></blank>
                <inner>
                    <n>42</n>
                </inner>
            </a>

            """
        #expect(root.xmlText() == expected)
        #expect(root.xmlText(indent: 0) == #"<a x="1" y="2"><empty/><blank></blank><inner><n>42</n></inner></a>"#)
        #expect(root.xmlText(indent: 2).contains("\n  <empty/>\n"))
        #expect(
            root.jsonText()
                == #"{"a": [{"attributes": {"x": "1", "y": "2"}, "empty": [{}], "blank": [{"data": ""}], "inner": [{"n": [{"data": "42"}]}]}]}"#
                + "\n")
    }

    @Test func repeatedSiblingsShareOneJSONArrayInFirstAppearanceOrder() {
        let root = JunosElement("r", children: [.leaf("b", "1"), .leaf("a", "2"), .leaf("b", "3")])
        #expect(root.jsonText() == #"{"r": [{"b": [{"data": "1"}, {"data": "3"}], "a": [{"data": "2"}]}]}"# + "\n")
        #expect(root.children(named: "b").map(\.text) == ["1", "3"])
    }

    @Test func xmlEscapesAmpersandAnglesAndQuotes() {
        let element = JunosElement(
            "service-set-name", attributes: [JunosAttribute("junos:style", #"a"b<c>&d"#)], text: #"x & y <z> "q" 'a'"#)
        #expect(
            element.xmlText(indent: 0)
                == #"<service-set-name junos:style="a&quot;b&lt;c&gt;&amp;d">x &amp; y &lt;z&gt; &quot;q&quot; 'a'</service-set-name>"#)
        // Flow lines in text output carry `->`.
        #expect(JunosElement.leaf("output", "a -> b").xmlText(indent: 0) == "<output>a -&gt; b</output>")
        // XML 1.0 cannot carry C0 controls other than tab, LF and CR.
        #expect(JunosElement.leaf("t", "a\u{01}b\tc\u{1B}").xmlText(indent: 0) == "<t>a\u{FFFD}b\tc\u{FFFD}</t>")
        #expect(JunosElement.leaf("t", "ünï ✓").xmlText(indent: 0) == "<t>ünï ✓</t>")
    }

    @Test func jsonEscapesQuotesBackslashesAndControls() {
        let element = JunosElement(
            "t", attributes: [JunosAttribute("k\"", "v\\")], text: "a\"b\\c\nd\te\u{01}f/ü<&>")
        #expect(
            element.jsonText()
                == #"{"t": [{"attributes": {"k\"": "v\\"}, "data": "a\"b\\c\nd\te\u0001f/ü<&>"}]}"# + "\n")
    }

    @Test func envelopeMatchesTheCapturedShape() {
        let body = JunosElement("service-msp-sess-count-information")
        let expected = """
            <rpc-reply xmlns:junos="http://xml.juniper.net/junos/17.1I0/junos">
                <service-msp-sess-count-information/>
                <cli>
                    <banner></banner>
                </cli>
            </rpc-reply>

            """
        #expect(JunosReply.displayXML(body, release: "17.1I0") == expected)
        #expect(JunosReply.envelope(body).attribute("xmlns:junos") == "http://xml.juniper.net/junos/19.4R3/junos")
        #expect(JunosReply.displayJSON(body) == "{\n    \"service-msp-sess-count-information\" : [\n    {\n    }\n    ]\n}\n")
    }

    /// The Junos CLI's `| display json` layout, as real 17.4R1 and 18.2R2 captures of `show interfaces |
    /// display json` print it (junos-research.md §1.7): one attribute on its line, several aligned under the
    /// first, `"data"` before `"attributes"`, an empty element as `{` and `}`, repeated siblings in one array.
    @Test func prettyJSONIsLaidOutAsTheJunosCLIPrintsIt() {
        var root = JunosElement(
            "interface-information",
            attributes: [
                JunosAttribute("xmlns", "http://xml.juniper.net/junos/17.4R1/junos-interface"),
                JunosAttribute("junos:style", "normal"),
            ])
        var interface = JunosElement("physical-interface")
        interface.appendLeaf("name", "gr-0/0/0")
        interface.append(
            JunosElement("admin-status", attributes: [JunosAttribute("junos:format", "Enabled")], text: "up"))
        interface.append(JunosElement("filter-information"))
        interface.append(
            JunosElement("traffic-statistics", attributes: [JunosAttribute("junos:style", "brief")], children: [.leaf("input-bps", 0)]))
        root.append(interface)
        root.append(JunosElement("physical-interface", children: [.leaf("name", "lo0")]))
        let expected = """
            {
                "interface-information" : [
                {
                    "attributes" : {"xmlns" : "http://xml.juniper.net/junos/17.4R1/junos-interface",
                                    "junos:style" : "normal"
                                   },
                    "physical-interface" : [
                    {
                        "name" : [
                        {
                            "data" : "gr-0/0/0"
                        }
                        ],
                        "admin-status" : [
                        {
                            "data" : "up",
                            "attributes" : {"junos:format" : "Enabled"}
                        }
                        ],
                        "filter-information" : [
                        {
                        }
                        ],
                        "traffic-statistics" : [
                        {
                            "attributes" : {"junos:style" : "brief"},
                            "input-bps" : [
                            {
                                "data" : "0"
                            }
                            ]
                        }
                        ]
                    },
                    {
                        "name" : [
                        {
                            "data" : "lo0"
                        }
                        ]
                    }
                    ]
                }
                ]
            }

            """
        #expect(root.prettyJSONText() == expected)
        #expect(JunosReply.displayJSON(root) == expected)
    }
}
