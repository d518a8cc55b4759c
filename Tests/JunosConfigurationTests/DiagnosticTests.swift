// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import JunosConfiguration
import Testing

/// Golden tests of the diagnostic text for broken configurations.
@Suite struct DiagnosticTests {
    private func diagnostics(_ text: String) -> String {
        let result = ConfigurationParser.parse(text, file: "bad.conf")
        #expect(result.configuration == nil)
        return result.diagnostics.map(\.description).joined(separator: "\n")
    }

    /// A valid skeleton with a hole for one term's `from` block.
    private func withTerm(from: String) -> String {
        """
        services {
            stateful-firewall {
                rule r1 {
                    match-direction input;
                    term t1 {
                        from {
                            \(from)
                        }
                        then accept;
                    }
                }
            }
        }
        """
    }

    @Test func descriptionFormat() {
        let diagnostic = ConfigurationDiagnostic(
            location: SourceLocation(file: "f.conf", line: 3, column: 7),
            statementPath: ["services", "stateful-firewall", "rule", "r1", "term", "t1"], message: "boom")
        #expect(diagnostic.description == "f.conf:3:7: error: boom\n  [edit services stateful-firewall rule r1 term t1]")
        #expect(ConfigurationDiagnostic(location: diagnostic.location, statementPath: [], message: "x").editPath == "[edit]")
    }

    @Test func missingSemicolon() {
        #expect(diagnostics("""
            services {
                service-set s1 {
                    max-flows 10
                    stateful-firewall-rules r1;
                }
            }
            """) == """
            bad.conf:4:9: error: syntax error, expecting ';'
              [edit services service-set s1]
            """)
    }

    @Test func missingSemicolonBeforeCloseBrace() {
        #expect(diagnostics("services { service-set s1 { max-flows 10 } }") == """
            bad.conf:1:42: error: syntax error, expecting ';'
              [edit services service-set s1]
            """)
    }

    @Test func missingCloseBrace() {
        #expect(diagnostics("services {\n    service-set s1 {\n        max-flows 10;\n") == """
            bad.conf:4:1: error: syntax error, expecting '}'
              [edit services service-set s1]
            """)
    }

    @Test func unexpectedCloseBrace() {
        #expect(diagnostics("services { }\n}\n") == """
            bad.conf:2:1: error: syntax error, unexpected '}'
              [edit]
            """)
    }

    @Test func unknownStatements() {
        #expect(diagnostics("services {\n    service-set s1 {\n        foo 1;\n    }\n}\nrouting-options { router-id 192.0.2.1; }\n") == """
            bad.conf:3:9: error: unknown statement 'foo'
              [edit services service-set s1]
            bad.conf:6:1: error: unknown statement 'routing-options'
              [edit]
            """)
        #expect(diagnostics("set services service-set s1 bar baz\n") == """
            bad.conf:1:29: error: unknown statement 'bar'
              [edit services service-set s1]
            """)
    }

    @Test func leafWithBlockAndFlagWithValue() {
        #expect(diagnostics("services { service-set s1 { max-flows 10 { } service-set-options { bypass-traffic-on-exceeding-flow-limits yes; } } }") == """
            bad.conf:1:42: error: syntax error, expecting ';'
              [edit services service-set s1]
            bad.conf:1:108: error: syntax error, expecting ';'
              [edit services service-set s1 service-set-options]
            """)
    }

    @Test func outOfRangeValues() {
        #expect(diagnostics("""
            interfaces {
                ams0 {
                    services-options { inactivity-timeout 3; open-timeout 301; close-timeout 2; tcp-tickles 31; }
                    unit 1 { vlan-id 4095; }
                    unit 99999;
                }
            }
            applications {
                application a { destination-port x; source-port 70000; gate-timeout 4; protocol 256; icmp-type bogus; }
            }
            """) == """
            bad.conf:3:47: error: invalid value '3' for 'inactivity-timeout': expected a number from 4 to 86400
              [edit interfaces ams0 services-options]
            bad.conf:3:63: error: invalid value '301' for 'open-timeout': expected a number from 4 to 300
              [edit interfaces ams0 services-options]
            bad.conf:3:97: error: invalid value '31' for 'tcp-tickles': expected a number from 0 to 30
              [edit interfaces ams0 services-options]
            bad.conf:4:26: error: invalid value '4095' for 'vlan-id': expected a number from 0 to 4094
              [edit interfaces ams0 unit 1]
            bad.conf:5:9: error: invalid value '99999' for 'unit': expected a number from 0 to 16385
              [edit interfaces ams0]
            bad.conf:9:38: error: invalid value 'x' for 'destination-port': expected a number from 0 to 65535
              [edit applications application a]
            bad.conf:9:53: error: invalid value '70000' for 'source-port': expected a number from 0 to 65535
              [edit applications application a]
            bad.conf:9:73: error: invalid value '4' for 'gate-timeout': expected a number from 5 to 21600
              [edit applications application a]
            bad.conf:9:85: error: invalid value '256' for 'protocol': expected a protocol name or a number from 0 to 255
              [edit applications application a]
            bad.conf:9:100: error: invalid value 'bogus' for 'icmp-type': expected a number from 0 to 255
              [edit applications application a]
            """)
    }

    /// `session-timeout` takes 4..86400 seconds on the interface and on the service set (Junos 19.4 YANG). No
    /// Junos release (17.4–23.2 YANG) has `session-timeout` under `applications application`: an error there.
    @Test func sessionTimeoutRangesAndPlaces() {
        #expect(diagnostics("""
            interfaces {
                ams0 { services-options { session-timeout 3; } }
            }
            services {
                service-set s1 { service-set-options { session-timeout 86401; } }
            }
            applications {
                application a { protocol udp; session-timeout 60; }
            }
            """) == """
            bad.conf:2:47: error: invalid value '3' for 'session-timeout': expected a number from 4 to 86400
              [edit interfaces ams0 services-options]
            bad.conf:5:60: error: invalid value '86401' for 'session-timeout': expected a number from 4 to 86400
              [edit services service-set s1 service-set-options]
            bad.conf:8:35: error: unknown statement 'session-timeout'
              [edit applications application a]
            """)
    }

    @Test func badPrefixes() {
        #expect(diagnostics(withTerm(from: "source-address 10.0.0.300/8; destination-address 10.0.0.0/8 exept;")) == """
            bad.conf:7:36: error: invalid value '10.0.0.300/8' for 'source-address': expected an IPv4 or IPv6 prefix
              [edit services stateful-firewall rule r1 term t1 from]
            bad.conf:7:81: error: invalid value 'exept' for 'destination-address': expected 'except'
              [edit services stateful-firewall rule r1 term t1 from]
            """)
        #expect(diagnostics("policy-options { prefix-list p { 10.0.0.0/8; 2001:db8::/200; } }") == """
            bad.conf:1:46: error: invalid prefix '2001:db8::/200': expected an IPv4 or IPv6 prefix
              [edit policy-options prefix-list p]
            """)
    }

    @Test func destinationPortRange() {
        #expect(diagnostics(withTerm(from: "destination-port range low 0 high 10;")) == """
            bad.conf:7:48: error: invalid value '0' for 'destination-port': expected a number from 1 to 65535
              [edit services stateful-firewall rule r1 term t1 from]
            """)
        #expect(diagnostics(withTerm(from: "destination-port range low 10 high 5;")) == """
            bad.conf:7:56: error: invalid value '5' for 'destination-port': expected a number from 10 to 65535
              [edit services stateful-firewall rule r1 term t1 from]
            """)
    }

    @Test func badMemberNamesAndInterfaces() {
        #expect(diagnostics("""
            interfaces {
                ams0 { load-balancing-options { member-interface ms-0/0/0; member-interface mams-0/0/1; } }
                ge-0/0/0 { unit 0; }
            }
            """) == """
            bad.conf:2:54: error: invalid value 'ms-0/0/0' for 'member-interface': expected a services member interface name mams-F/P/0 or vms-F/P/0
              [edit interfaces ams0 load-balancing-options]
            bad.conf:2:81: error: invalid value 'mams-0/0/1' for 'member-interface': expected a services member interface name mams-F/P/0 or vms-F/P/0
              [edit interfaces ams0 load-balancing-options]
            bad.conf:3:5: error: unsupported interface 'ge-0/0/0': only ams interfaces (amsN) and Next Gen services interfaces (vms-F/P/0) are supported
              [edit interfaces]
            """)
    }

    @Test func mixedForms() {
        #expect(diagnostics("services {\n}\nset services service-set s1 max-flows 10\nfoo;\n") == """
            bad.conf:3:1: error: configuration mixes curly-brace statements and set commands; use one form per file
              [edit]
            """)
        #expect(diagnostics("set services service-set s1 max-flows 10\nservices {\n}\nset services service-set s1 max-flows x\n") == """
            bad.conf:2:10: error: configuration mixes curly-brace statements and set commands; use one form per file
              [edit]
            """)
    }

    @Test func inactiveAndGroups() {
        #expect(diagnostics("""
            services {
                inactive: service-set s1 { max-flows 10; }
                apply-groups common;
            }
            groups { common { } }
            """) == """
            bad.conf:2:5: error: inactive statements are not supported
              [edit services]
            bad.conf:3:5: error: 'apply-groups' is not supported
              [edit services]
            bad.conf:5:1: error: configuration groups are not supported
              [edit]
            """)
        #expect(diagnostics("set services service-set s1 max-flows 10\ndeactivate services service-set s1\n") == """
            bad.conf:2:1: error: inactive statements are not supported
              [edit]
            """)
    }

    @Test func semanticReferences() {
        #expect(diagnostics("""
            set interfaces ams0 load-balancing-options member-interface mams-0/0/0
            set interfaces ams0 unit 1 family inet
            set services service-set s1 stateful-firewall-rules nope
            set services service-set s1 interface-service service-interface ams0.2
            set services service-set s2 stateful-firewall-rule-sets nope-set
            set services service-set s2 next-hop-service inside-service-interface ams0.1
            set services service-set s2 next-hop-service outside-service-interface ams9.1
            set services stateful-firewall rule-set rs rule missing-rule
            set services stateful-firewall rule r match-direction input
            set services stateful-firewall rule r term t from applications [ junos-ftp no-app ]
            set services stateful-firewall rule r term t from application-sets no-set
            set services stateful-firewall rule r term t from source-prefix-list no-list except
            set services stateful-firewall rule r term t then accept
            set applications application-set as application ghost
            set applications application-set as application-set phantom
            """) == """
            bad.conf:3:53: error: stateful-firewall rule 'nope' is not defined
              [edit services service-set s1]
            bad.conf:4:65: error: service interface 'ams0.2' is not defined: 'ams0' has no unit 2
              [edit services service-set s1 interface-service]
            bad.conf:5:57: error: stateful-firewall rule-set 'nope-set' is not defined
              [edit services service-set s2]
            bad.conf:7:72: error: service interface 'ams9.1' is not defined: interface 'ams9' is not configured
              [edit services service-set s2 next-hop-service]
            bad.conf:8:49: error: stateful-firewall rule 'missing-rule' is not defined
              [edit services stateful-firewall rule-set rs]
            bad.conf:10:76: error: application 'no-app' is not defined
              [edit services stateful-firewall rule r term t from]
            bad.conf:11:68: error: application-set 'no-set' is not defined
              [edit services stateful-firewall rule r term t from]
            bad.conf:12:70: error: prefix-list 'no-list' is not defined
              [edit services stateful-firewall rule r term t from]
            bad.conf:14:49: error: application 'ghost' is not defined
              [edit applications application-set as]
            bad.conf:15:53: error: application-set 'phantom' is not defined
              [edit applications application-set as]
            """)
    }

    @Test func memberInBothBundlesAndForeignPreferredBackup() {
        #expect(diagnostics("""
            set interfaces ams0 load-balancing-options member-interface mams-0/0/0
            set interfaces ams0 load-balancing-options high-availability-options one-to-one preferred-backup mams-5/0/0
            set interfaces ams1 load-balancing-options member-interface mams-0/0/0
            """) == """
            bad.conf:2:98: error: preferred-backup 'mams-5/0/0' is not a member interface of 'ams0'
              [edit interfaces ams0 load-balancing-options high-availability-options one-to-one]
            bad.conf:3:61: error: member interface 'mams-0/0/0' is already a member of 'ams0'
              [edit interfaces ams1 load-balancing-options]
            """)
    }

    @Test func missingMandatoryStatementsAndExclusiveChoices() {
        #expect(diagnostics("""
            services {
                stateful-firewall {
                    rule r { term t { then { accept; discard; } } term u { then syslog; } }
                }
            }
            """) == """
            bad.conf:3:9: error: missing mandatory statement 'match-direction'
              [edit services stateful-firewall rule r]
            bad.conf:3:42: error: 'accept' and 'discard' are mutually exclusive
              [edit services stateful-firewall rule r term t then]
            bad.conf:3:64: error: missing mandatory action in 'then': 'accept', 'discard' or 'reject'
              [edit services stateful-firewall rule r term u then]
            """)
    }

    @Test func everyErrorInOneFileIsReported() {
        let result = ConfigurationParser.parse("""
            interfaces {
                ams0 {
                    unit 1 { vlan-id 5000; }
                    bogus;
                }
            }
            services {
                service-set s1 {
                    max-flows ten;
                    stateful-firewall-rules r9;
                    interface-service { service-interface ams0.1 }
                }
                stateful-firewall {
                    rule r1 { match-direction sideways; }
                }
            }
            applications { application a { destination-port 99999; } }
            policy-options { prefix-list p { not-a-prefix; } }
            """, file: "many.conf")
        #expect(result.configuration == nil)
        #expect(result.diagnostics.map(\.message) == [
            "invalid value '5000' for 'vlan-id': expected a number from 0 to 4094",
            "unknown statement 'bogus'",
            "invalid value 'ten' for 'max-flows': expected a number from 0 to 4294967295",
            "stateful-firewall rule 'r9' is not defined",
            "syntax error, expecting ';'",
            "invalid value 'sideways' for 'match-direction': expected 'input', 'output' or 'input-output'",
            "invalid value '99999' for 'destination-port': expected a number from 0 to 65535",
            "invalid prefix 'not-a-prefix': expected an IPv4 or IPv6 prefix",
        ])
        #expect(result.diagnostics.map(\.location.line) == [3, 4, 9, 10, 11, 14, 17, 18])
    }
}

/// Hostile nesting (issue 12: a configuration nested 20,000 levels deep crashed `ams config check` with
/// unbounded recursion): reported once, with its location, and skipped without recursion.
@Suite struct NestingDepthTests {
    @Test func deepNestingIsReportedNotFollowed() {
        let depth = 20_000
        let text = String(repeating: "a {", count: depth) + String(repeating: "}", count: depth) + "\n"
        let result = ConfigurationParser.parse(text, file: "deep.conf")
        #expect(result.configuration == nil)
        let messages = result.diagnostics.map(\.description)
        #expect(messages.contains { $0.hasPrefix("deep.conf:1:193: error: statements nested more than 64 levels deep") })
        #expect(messages.count == 2)
    }

    /// A valid configuration after a deep block is still read up to it: the rest is parsed as usual.
    @Test func parsingGoesOnAfterTheDeepBlock() {
        let deep = String(repeating: "a {", count: 100) + String(repeating: "}", count: 100)
        let text = deep + "\nbogus;\n"
        let messages = ConfigurationParser.parse(text, file: "x.conf").diagnostics.map(\.description)
        #expect(messages.contains { $0.contains("unknown statement 'bogus'") })
    }
}

/// What a diagnostic echoes of a hostile file (issue 12, point 14): escaped, short; a UTF-8 byte-order
/// mark at the start is not an error.
@Suite struct HostileConfigurationTextTests {
    @Test func aByteOrderMarkAtTheStartIsAccepted() {
        let text = "\u{FEFF}interfaces { ams0 { load-balancing-options { member-interface mams-0/0/0; } unit 1 { family inet; } } }\n"
            + "services { service-set s1 { interface-service { service-interface ams0.1; } } }\n"
        let result = ConfigurationParser.parse(text, file: "bom.conf")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.configuration != nil)
    }

    @Test func controlCharactersAreEscapedAndLongWordsCut() {
        let text = "bo\u{07}g\u{1B}us;\n" + String(repeating: "z", count: 100_000) + ";\n"
        let messages = ConfigurationParser.parse(text, file: "x.conf").diagnostics.map(\.description)
        #expect(messages.count == 2)
        #expect(messages.allSatisfy { !$0.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" } })
        #expect(messages[0].contains(#"bo\x07g\x1bus"#), "\(messages[0])")
        #expect(messages[1].count < 300 && messages[1].contains("…"))
    }
}
