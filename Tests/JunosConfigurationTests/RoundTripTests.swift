// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import JunosConfiguration
import Testing

/// `parse(print(x)) == x` in both forms.
@Suite struct RoundTripTests {
    static let configurations: [Configuration] = {
        var list: [Configuration] = [Configuration()]
        for text in [SampleConfigurations.full, SampleConfigurations.minimalSet] {
            if let configuration = ConfigurationParser.parse(text, file: "sample").configuration {
                list.append(configuration)
            }
        }
        list.append(Configuration(
            interfaces: [
                AMSInterface(
                    name: "ams1", members: [MemberInterfaceName(fpc: 2, pic: 1)],
                    memberFailureOptions: .redistributeAllTraffic(enableRejoin: false),
                    highAvailabilityOptions: .oneToOne(preferredBackup: MemberInterfaceName(fpc: 2, pic: 1)),
                    units: [AMSInterface.Unit(number: 0, hashKeys: HashKeys())]),
            ],
            serviceSets: [
                ServiceSet(
                    name: "odd name; {x}", statefulFirewallRules: ["a", "b"], options: .init(tcpNonSYN: .dropFlow),
                    placement: .interfaceService(serviceInterface: ServiceInterfaceName(interface: "ams1", unit: 0), hashKeys: nil)),
            ],
            statefulFirewallRules: [
                StatefulFirewallRule(name: "a", matchDirection: .output, terms: [
                    StatefulFirewallTerm(name: "t", action: StatefulFirewallAction(verdict: .reject, isSyslogEnabled: true)),
                ]),
                StatefulFirewallRule(name: "b", matchDirection: .input),
            ],
            applications: [Application(name: "quote\"d", ipProtocol: .number(132), destinationPort: PortRange(9))],
            applicationSets: [ApplicationSet(name: "s", applications: ["quote\"d", "junos-icmp-ping"])]
        ))
        return list
    }()

    @Test(arguments: 0..<configurations.count)
    func curlyBraceRoundTrip(index: Int) {
        let configuration = Self.configurations[index]
        let text = configuration.curlyBraceText()
        let result = ConfigurationParser.parse(text, file: "printed")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))\n\(text)")
        #expect(result.configuration == configuration, "\(text)")
    }

    @Test(arguments: 0..<configurations.count)
    func setCommandsRoundTrip(index: Int) {
        let configuration = Self.configurations[index]
        let text = configuration.setCommands()
        let result = ConfigurationParser.parse(text, file: "printed")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))\n\(text)")
        #expect(result.configuration == configuration, "\(text)")
    }

    @Test func curlyBraceFormatting() throws {
        let configuration = try #require(ConfigurationParser.parse(SampleConfigurations.minimalSet, file: "m").configuration)
        #expect(configuration.curlyBraceText() == """
            interfaces {
                ams0 {
                    load-balancing-options {
                        member-interface mams-0/0/0;
                    }
                    unit 1 {
                        family inet;
                    }
                }
            }
            services {
                service-set default {
                    stateful-firewall-rules allow-all;
                    interface-service {
                        service-interface ams0.1;
                    }
                }
                stateful-firewall {
                    rule allow-all {
                        match-direction input-output;
                        term t1 {
                            then {
                                accept;
                            }
                        }
                    }
                }
            }

            """)
        #expect(configuration.setCommands() == SampleConfigurations.minimalSet)
    }

    @Test func listsPrintInBrackets() throws {
        let configuration = try #require(ConfigurationParser.parse(SampleConfigurations.full, file: "f").configuration)
        let text = configuration.curlyBraceText()
        #expect(text.contains("                    ingress-key [ source-ip protocol ];\n"))
        #expect(text.contains("applications [ junos-ftp my-app ];"))
        let set = configuration.setCommands()
        #expect(set.contains("set services stateful-firewall rule r1 term t1 from applications junos-ftp\n"))
        #expect(set.contains("set services stateful-firewall rule r1 term t1 from source-address 10.1.0.0/16 except\n"))
        #expect(set.contains("set interfaces ams0 load-balancing-options member-failure-options drop-member-traffic enable-rejoin\n"))
    }
}
