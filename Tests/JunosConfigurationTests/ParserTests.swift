// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import JunosConfiguration
import Testing
import Wire

@Suite struct ParserTests {
    private func parseValid(_ text: String) throws -> Configuration {
        let result = ConfigurationParser.parse(text, file: "t.conf")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        return try #require(result.configuration)
    }

    @Test func fullCurlyBraceConfiguration() throws {
        let configuration = try parseValid(SampleConfigurations.full)
        let ams0 = try #require(configuration.interfaces.first)
        #expect(ams0.name == "ams0")
        #expect(ams0.members == [MemberInterfaceName(fpc: 0, pic: 0), MemberInterfaceName(fpc: 0, pic: 1)])
        #expect(ams0.memberFailureOptions == .dropMemberTraffic(rejoinTimeout: .seconds(300), enableRejoin: true))
        #expect(ams0.highAvailabilityOptions == .manyToOne(preferredBackup: MemberInterfaceName(fpc: 0, pic: 1)))
        #expect(ams0.servicesOptions == ServicesOptions(
            inactivityTimeout: .seconds(60), openTimeout: .seconds(10), closeTimeout: .seconds(4), tcpTickles: 8,
            sessionTimeout: .seconds(3600), sessionLimitMaximum: 100_000))
        #expect(ams0.units.map(\.number) == [1, 2])
        #expect(ams0.units[0].families == [.inet, .inet6])
        #expect(ams0.units[0].vlanID == 100)
        #expect(ams0.units[0].hashKeys == HashKeys(ingress: [.sourceIP, .protocol], egress: [.destinationIP]))

        let s1 = configuration.serviceSets[0]
        #expect(s1.name == "s1")
        #expect(s1.statefulFirewallRules == ["r1"])
        #expect(s1.maxFlows == 10_000)
        #expect(s1.options == ServiceSet.Options(
            tcpNonSYN: .dropFlowSendRST, bypassesTrafficOnExceedingFlowLimits: true, sessionTimeout: .seconds(600)))
        #expect(s1.placement == .interfaceService(
            serviceInterface: ServiceInterfaceName(interface: "ams0", unit: 1),
            hashKeys: HashKeys(ingress: [.sourceIP, .destinationIP], isResourceTriggered: true)))
        #expect(configuration.serviceSets[1].placement == .nextHopService(
            inside: ServiceInterfaceName(interface: "ams0", unit: 1), outside: ServiceInterfaceName(interface: "ams0", unit: 2)))

        let rule = try #require(configuration.statefulFirewallRule(named: "r1"))
        #expect(rule.matchDirection == .inputOutput)
        #expect(rule.terms.map(\.name) == ["t1", "t2"])
        let match = rule.terms[0].match
        #expect(match.sourceAddresses == [
            .init(prefix: try #require(IPPrefix("10.0.0.0/8"))),
            .init(prefix: try #require(IPPrefix("10.1.0.0/16")), isExcept: true),
        ])
        #expect(match.destinationAddresses.first?.prefix.description == "2001:db8::/32")
        #expect(match.sourceAddressRanges.first?.low.description == "192.0.2.1")
        #expect(match.sourceAddressRanges.first?.isExcept == true)
        #expect(match.destinationPrefixLists == [.init(name: "servers")])
        #expect(match.applications == ["junos-ftp", "my-app"])
        #expect(match.applicationSets == ["web"])
        #expect(match.destinationPort == PortRange(1, 1024))
        #expect(rule.terms[0].action == StatefulFirewallAction(verdict: .accept, isSyslogEnabled: true))
        #expect(rule.terms[1].action == StatefulFirewallAction(verdict: .discard))
        #expect(configuration.statefulFirewallRuleSets == [StatefulFirewallRuleSet(name: "rs1", rules: ["r1"])])

        let app = try #require(configuration.application(named: "my-app"))
        #expect(app.applicationProtocol == .ftp)
        #expect(app.ipProtocol == .tcp)
        #expect(app.sourcePort == PortRange(1024, 65_535))
        #expect(app.destinationPort == PortRange(2121))
        #expect(app.inactivityTimeout == .seconds(120))
        #expect(app.gateTimeout == .seconds(30))
        #expect(app.childInactivityTimeout == .seconds(60))
        #expect(configuration.application(named: "ping")?.icmpType == 8)
        #expect(configuration.application(named: "trace")?.ttlThreshold == 30)
        #expect(configuration.applicationSet(named: "all") == ApplicationSet(name: "all", applications: ["my-app"], applicationSets: ["web"]))
        #expect(configuration.prefixList(named: "servers")?.prefixes.map(\.description) == ["192.0.2.0/24", "2001:db8:1::/48"])
    }

    @Test func setFormEqualsCurlyForm() throws {
        let set = try parseValid(SampleConfigurations.minimalSet)
        let curly = try parseValid("""
            interfaces { ams0 { load-balancing-options { member-interface mams-0/0/0; } unit 1 { family inet; } } }
            services {
                service-set default { stateful-firewall-rules allow-all; interface-service { service-interface ams0.1; } }
                stateful-firewall { rule allow-all { match-direction input-output; term t1 { then accept; } } }
            }
            """)
        #expect(set == curly)
        #expect(set.serviceSets.first?.name == "default")
    }

    @Test func setFormListsAccumulateAndLeavesReplace() throws {
        let configuration = try parseValid("""
            set services stateful-firewall rule r match-direction input
            set services stateful-firewall rule r match-direction output
            set services stateful-firewall rule r term t from applications junos-ftp
            set services stateful-firewall rule r term t from applications [ junos-tftp junos-ftp junos-http ]
            set services stateful-firewall rule r term t then reject
            """)
        let rule = try #require(configuration.statefulFirewallRules.first)
        #expect(rule.matchDirection == .output)
        #expect(rule.terms.first?.match.applications == ["junos-ftp", "junos-tftp", "junos-http"])
        #expect(rule.terms.first?.action.verdict == .reject)
    }

    @Test func quotedNamesAndComments() throws {
        let configuration = try parseValid("""
            # leading comment
            applications {
                application "my app" { /* inline */ protocol udp; destination-port "5000-5010"; }
                application-set "the set" { application "my app"; }
            }
            """)
        #expect(configuration.applications.first?.name == "my app")
        #expect(configuration.applications.first?.destinationPort == PortRange(5000, 5010))
        #expect(configuration.applicationSets.first?.applications == ["my app"])
    }

    @Test func predefinedApplications() throws {
        let ftp = try #require(Application.predefined(named: "junos-ftp"))
        #expect(ftp.applicationProtocol == .ftp && ftp.ipProtocol == .tcp && ftp.destinationPort == PortRange(21))
        let trace = try #require(Application.predefined(named: "junos-traceroute"))
        #expect(trace.destinationPort == PortRange(33_435, 33_450) && trace.ttlThreshold == 30)
        for name in ["junos-tftp", "junos-rtsp", "junos-pptp", "junos-sqlnet-v2", "junos-icmp-all", "junos-icmp-ping",
                     "junos-http", "junos-https", "junos-dns-udp", "junos-dns-tcp", "junos-ssh", "junos-telnet"] {
            #expect(Application.predefined(named: name) != nil, "\(name)")
        }
    }

    /// `session-timeout` (SPEC.md §2.12) on the interface and on the service set, read and printed back in
    /// Junos order, in both forms (what `ams config check` prints).
    @Test func sessionTimeoutsParseAndPrintBack() throws {
        let configuration = try parseValid("""
            set interfaces ams0 load-balancing-options member-interface mams-0/0/0
            set interfaces ams0 services-options tcp-tickles 2
            set interfaces ams0 services-options session-timeout 86400
            set interfaces ams0 services-options inactivity-timeout 40
            set interfaces ams0 unit 1 family inet
            set services service-set s1 service-set-options session-timeout 4
            set services service-set s1 interface-service service-interface ams0.1
            """)
        #expect(configuration.interfaces[0].servicesOptions.sessionTimeout == .seconds(86_400))
        #expect(configuration.serviceSets[0].options.sessionTimeout == .seconds(4))
        let set = configuration.setCommands()
        #expect(set.contains("""
            set interfaces ams0 services-options inactivity-timeout 40
            set interfaces ams0 services-options session-timeout 86400
            set interfaces ams0 services-options tcp-tickles 2

            """))
        #expect(set.contains("set services service-set s1 service-set-options session-timeout 4\n"))
        #expect(configuration.curlyBraceText().contains("""
                    service-set-options {
                        session-timeout 4;
                    }
            """))
        #expect(try parseValid(configuration.curlyBraceText()) == configuration)
    }

    @Test func emptyTextIsAnEmptyConfiguration() throws {
        #expect(try parseValid("") == Configuration())
        #expect(try parseValid("# only a comment\n") == Configuration())
    }

    @Test(arguments: [
        ("10.0.0.0/8", "10.0.0.0/8"), ("192.0.2.1", "192.0.2.1/32"), ("::/0", "::/0"),
        ("2001:DB8:0:0:1:0:0:1/128", "2001:db8::1:0:0:1/128"), ("::ffff:192.0.2.1/128", "::ffff:c000:201/128"),
        ("fe80::1", "fe80::1/128"), ("1:2:3:4:5:6:7:8/64", "1:2:3:4:5:6:7:8/64"),
    ])
    func prefixParsing(text: String, canonical: String) {
        #expect(IPPrefix(text)?.description == canonical)
    }

    @Test(arguments: ["10.0.0.0/33", "10.0.0/8", "256.0.0.0/8", "1::2::3", "1:2:3:4:5:6:7:8:9", "10.0.0.0/", "/8", "x", "", "::/129", "01234::"])
    func invalidPrefixes(text: String) {
        #expect(IPPrefix(text) == nil)
    }
}
