// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import JunosConfiguration
import ServicesCore
import Testing
import Wire

/// Next Gen Services configuration (SPEC.md §9): `vms-` members, `services policies`, the address book and the
/// Next Gen `service-set-options`; their diagnostics at file:line:column.
@Suite struct NextGenConfigurationTests {
    private func diagnostics(_ text: String) -> String {
        let result = ConfigurationParser.parse(text, file: "ng.conf")
        #expect(result.configuration == nil)
        return result.diagnostics.map(\.description).joined(separator: "\n")
    }

    private func parse(_ text: String) throws -> Configuration {
        let (configuration, diagnostics) = ConfigurationParser.parse(text, file: "ng.conf")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return try #require(configuration)
    }

    /// Both generations side by side: an MS-MPC bundle and a lone Next Gen interface, each service set bound to
    /// its own, each naming rules of its own hierarchy.
    static let sideBySide = """
        interfaces {
            ams0 {
                load-balancing-options {
                    member-interface mams-0/0/0;
                    member-interface mams-0/1/0;
                }
                unit 1 { family inet; }
            }
            ams1 {
                load-balancing-options {
                    member-interface vms-3/0/0;
                    member-interface vms-3/1/0;
                }
                unit 1 { family inet; service-domain inside; }
                unit 2 { family inet; service-domain outside; }
            }
            vms-1/0/0 {
                unit 1 { family inet; service-domain inside; }
                unit 2 { family inet; service-domain outside; }
            }
        }
        services {
            service-set ms { stateful-firewall-rules r1; interface-service { service-interface ams0.1; } }
            service-set ng {
                stateful-firewall-rule-sets ALL;
                service-set-options {
                    inactivity-non-tcp-timeout 20;
                    session-timeout 3600;
                    session-limit { maximum 1000; }
                    tcp-session { open-timeout 10; inactivity-tcp-timeout 100; tcp-non-syn drop-flow-send-rst; }
                }
                next-hop-service { inside-service-interface vms-1/0/0.1; outside-service-interface vms-1/0/0.2; }
            }
            service-set ng2 {
                stateful-firewall-rules ALLOW-ALL;
                next-hop-service { inside-service-interface ams1.1; outside-service-interface ams1.2; }
            }
            stateful-firewall { rule r1 { match-direction input; term t { then accept; } } }
            policies {
                stateful-firewall-rule ALLOW-ALL {
                    match-direction input;
                    policy ACCEPT {
                        match { source-address any; destination-address any; application any; }
                        then { permit; }
                    }
                }
                stateful-firewall-rule r2 {
                    match-direction input-output;
                    policy web {
                        match { source-address lan; destination-address [ any-ipv4 any-ipv6 ]; application [ junos-http apps ]; }
                        then { permit; count; }
                    }
                    policy no-telnet {
                        match { source-address any; destination-address any; application junos-telnet; }
                        then reject;
                    }
                    policy rest {
                        match { source-address any; destination-address any; application any; }
                        then deny;
                    }
                }
                stateful-firewall-rule-set ALL { stateful-firewall-rule r2; stateful-firewall-rule ALLOW-ALL; }
            }
            address-book global {
                address lan4 10.1.0.0/16;
                address lan6 fd00:1::/64;
                address-set lan { address lan4; address lan6; }
            }
        }
        applications { application-set apps { application junos-https; } }
        """

    @Test func bothGenerationsSideBySide() throws {
        let configuration = try parse(Self.sideBySide)
        #expect(configuration.interfaces.map(\.generation) == [.msMPC, .nextGen, .nextGen])
        #expect(configuration.interfaces[2].isLoneServicesInterface)
        #expect(configuration.interfaces[2].memberInterfaces.map(\.description) == ["vms-1/0/0"])
        #expect(configuration.interfaces[1].memberInterfaces.map(\.description) == ["vms-3/0/0", "vms-3/1/0"])
        #expect(configuration.serviceSets.map { configuration.generation(of: $0) } == [.msMPC, .nextGen, .nextGen])
        #expect(configuration.interfaces[1].units.map(\.serviceDomain) == [.inside, .outside])
        let options = configuration.serviceSets[1].options
        #expect(options.inactivityNonTCPTimeout == .seconds(20))
        #expect(options.sessionTimeout == .seconds(3600))
        #expect(options.sessionLimitMaximum == 1000)
        #expect(options.tcpSession == ServiceSet.Options.TCPSession(
            openTimeout: .seconds(10), inactivityTCPTimeout: .seconds(100), tcpNonSYN: .dropFlowSendRST))
        let rule = try #require(configuration.policyRule(named: "r2"))
        #expect(rule.matchDirection == .inputOutput)
        #expect(rule.policies.map(\.action) == [.permit, .reject, .deny])
        #expect(rule.policies[0].isCounted && !rule.policies[1].isCounted)
        #expect(rule.policies[0].applications == ["junos-http", "apps"])
        #expect(rule.policies[0].destinationAddresses == ["any-ipv4", "any-ipv6"])
        #expect(configuration.addressBooks.prefixes(named: "lan") == [IPPrefix("10.1.0.0/16")!, IPPrefix("fd00:1::/64")!])
        // IDs in configuration order from 131089, across rules (ours).
        #expect(configuration.policyID(ruleNamed: "ALLOW-ALL", policy: "ACCEPT") == 131_089)
        #expect(configuration.policyID(ruleNamed: "r2", policy: "web") == 131_090)
        #expect(configuration.policyID(ruleNamed: "r2", policy: "rest") == 131_092)
    }

    @Test func roundTripsInBothForms() throws {
        let configuration = try parse(Self.sideBySide)
        #expect(ConfigurationParser.parse(configuration.curlyBraceText(), file: "x").configuration == configuration)
        #expect(ConfigurationParser.parse(configuration.setCommands(), file: "x").configuration == configuration)
        #expect(configuration.setCommands().contains(
            "set services policies stateful-firewall-rule r2 policy web then count\n"))
        #expect(configuration.setCommands().contains("set services address-book global address lan4 10.1.0.0/16\n"))
        #expect(configuration.setCommands().contains(
            "set services service-set ng service-set-options tcp-session inactivity-tcp-timeout 100\n"))
    }

    @Test func memberNamesTellTheGeneration() {
        #expect(MemberInterfaceName("vms-2/0/0") == MemberInterfaceName(fpc: 2, pic: 0, generation: .nextGen))
        #expect(MemberInterfaceName("vms-2/0/0")?.description == "vms-2/0/0")
        #expect(MemberInterfaceName("mams-2/1/0")?.generation == .msMPC)
        #expect(MemberInterfaceName("vms-2/0/1") == nil)
        #expect(MemberInterfaceName("vms-/0/0") == nil)
        #expect(ServiceInterfaceName("vms-2/0/0.1") == ServiceInterfaceName(interface: "vms-2/0/0", unit: 1))
        #expect(ServiceInterfaceName("vms-2/0/1.1") == nil)
    }

    @Test func oneBundleMixingGenerationsIsRefused() {
        #expect(diagnostics("""
            interfaces {
                ams0 {
                    load-balancing-options {
                        member-interface vms-1/0/0;
                        member-interface mams-1/1/0;
                    }
                }
            }
            """) == """
            ng.conf:5:30: error: member interface 'mams-1/1/0' is MS-MPC (mams-) but 'ams0' has Next Gen (vms-) member 'vms-1/0/0': the members of a bundle are of one generation
              [edit interfaces ams0 load-balancing-options]
            """)
    }

    @Test func loneInterfaceIsNotABundle() {
        #expect(diagnostics("""
            interfaces {
                ams0 { load-balancing-options { member-interface vms-2/0/0; } }
                vms-2/0/0 { unit 1; }
                vms-3/0/0 { load-balancing-options { member-interface vms-3/1/0; } }
            }
            """) == """
            ng.conf:3:5: error: interface 'vms-2/0/0' is a member of 'ams0': it cannot also be configured as a lone services interface
              [edit interfaces vms-2/0/0]
            ng.conf:4:17: error: 'load-balancing-options' is for ams bundles: 'vms-3/0/0' is a lone services interface (put it in an ams bundle as a member-interface)
              [edit interfaces vms-3/0/0]
            """)
    }

    @Test func nextGenServiceSetOptionRanges() {
        #expect(diagnostics("""
            services {
                service-set ng {
                    service-set-options {
                        inactivity-non-tcp-timeout 3;
                        session-timeout 86401;
                        session-limit { maximum 4294967296; }
                        tcp-session {
                            open-timeout 301;
                            inactivity-tcp-timeout 86401;
                            tcp-non-syn drop;
                            tcp-tickles 4;
                        }
                    }
                }
            }
            """) == """
            ng.conf:4:40: error: invalid value '3' for 'inactivity-non-tcp-timeout': expected a number from 4 to 86400
              [edit services service-set ng service-set-options]
            ng.conf:5:29: error: invalid value '86401' for 'session-timeout': expected a number from 4 to 86400
              [edit services service-set ng service-set-options]
            ng.conf:6:37: error: invalid value '4294967296' for 'maximum': expected a number from 0 to 4294967295
              [edit services service-set ng service-set-options session-limit]
            ng.conf:8:30: error: invalid value '301' for 'open-timeout': expected a number from 4 to 300
              [edit services service-set ng service-set-options tcp-session]
            ng.conf:9:40: error: invalid value '86401' for 'inactivity-tcp-timeout': expected a number from 4 to 86400
              [edit services service-set ng service-set-options tcp-session]
            ng.conf:10:29: error: invalid value 'drop' for 'tcp-non-syn': expected 'drop-flow' or 'drop-flow-send-rst'
              [edit services service-set ng service-set-options tcp-session]
            ng.conf:11:17: error: unknown statement 'tcp-tickles'
              [edit services service-set ng service-set-options tcp-session]
            """)
    }

    @Test func policyDiagnostics() {
        #expect(diagnostics("""
            services {
                policies {
                    stateful-firewall-rule r {
                        match-direction both;
                        policy p1 {
                            match {
                                source-address [ any nowhere ];
                                destination-address 10.0.0.0/8;
                                application [ junos-http no-such-app ];
                            }
                            then { permit; deny; }
                        }
                        policy p2 {
                            match { source-address any; application any; }
                            then { count; }
                        }
                        policy p3 {
                            match { source-address any; destination-address any; application any; }
                            then { permit; log; }
                        }
                    }
                    stateful-firewall-rule no-direction {
                        policy p { match { source-address any; destination-address any; application any; } then reject; }
                    }
                    stateful-firewall-rule-set rs { stateful-firewall-rule missing; }
                }
                address-book global { address a1 10.0.0.0/33; }
            }
            """) == """
            ng.conf:4:29: error: invalid value 'both' for 'match-direction': expected 'input', 'output' or 'input-output'
              [edit services policies stateful-firewall-rule r]
            ng.conf:7:42: error: address 'nowhere' is not defined in services address-book
              [edit services policies stateful-firewall-rule r policy p1 match]
            ng.conf:8:41: error: address '10.0.0.0/8' is not defined in services address-book (a policy names addresses: define it as 'address NAME 10.0.0.0/8;')
              [edit services policies stateful-firewall-rule r policy p1 match]
            ng.conf:9:46: error: application or application-set 'no-such-app' is not defined
              [edit services policies stateful-firewall-rule r policy p1 match]
            ng.conf:11:32: error: 'permit' and 'deny' are mutually exclusive
              [edit services policies stateful-firewall-rule r policy p1 then]
            ng.conf:14:17: error: missing mandatory statement 'destination-address'
              [edit services policies stateful-firewall-rule r policy p2 match]
            ng.conf:15:17: error: missing mandatory action in 'then': 'permit', 'deny' or 'reject'
              [edit services policies stateful-firewall-rule r policy p2 then]
            ng.conf:19:32: error: unknown statement 'log'
              [edit services policies stateful-firewall-rule r policy p3 then]
            ng.conf:22:9: error: missing mandatory statement 'match-direction'
              [edit services policies stateful-firewall-rule no-direction]
            ng.conf:25:64: error: stateful-firewall-rule 'missing' is not defined in services policies
              [edit services policies stateful-firewall-rule-set rs]
            ng.conf:27:38: error: invalid value '10.0.0.0/33' for 'address': expected an IPv4 or IPv6 prefix
              [edit services address-book global]
            """)
    }

    @Test func eachServiceSetNamesRulesOfItsOwnGeneration() {
        // An MS-MPC rule named by a Next Gen service set, and a Next Gen rule by an MS-MPC one.
        #expect(diagnostics("""
            interfaces {
                ams0 { load-balancing-options { member-interface mams-0/0/0; } unit 1; }
                vms-1/0/0 { unit 1; unit 2; }
            }
            services {
                service-set ms { stateful-firewall-rules ng-rule; interface-service { service-interface ams0.1; } }
                service-set ng {
                    stateful-firewall-rules ms-rule;
                    next-hop-service { inside-service-interface vms-1/0/0.1; outside-service-interface vms-1/0/0.3; }
                }
                stateful-firewall { rule ms-rule { match-direction input; term t { then accept; } } }
                policies {
                    stateful-firewall-rule ng-rule {
                        match-direction input;
                        policy p { match { source-address any; destination-address any; application any; } then permit; }
                    }
                }
            }
            """) == """
            ng.conf:6:46: error: stateful-firewall rule 'ng-rule' is not defined
              [edit services service-set ms]
            ng.conf:8:33: error: stateful-firewall-rule 'ms-rule' is not defined in services policies (the service set is on Next Gen interface vms-1/0/0)
              [edit services service-set ng]
            ng.conf:9:92: error: service interface 'vms-1/0/0.3' is not defined: 'vms-1/0/0' has no unit 3
              [edit services service-set ng next-hop-service]
            """)
    }
}
