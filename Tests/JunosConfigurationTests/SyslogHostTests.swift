// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import JunosConfiguration
import Testing

/// `services service-set S syslog host H { … }` (SPEC.md §8): the card's words, ours, and the diagnostics.
@Suite struct SyslogHostTests {
    private func parse(_ syslog: String) -> (configuration: Configuration?, diagnostics: [ConfigurationDiagnostic]) {
        ConfigurationParser.parse(
            """
            interfaces { ams0 { load-balancing-options { member-interface mams-0/0/0; } unit 1; } }
            services {
                service-set s1 { interface-service { service-interface ams0.1; } syslog { \(syslog) } }
            }
            """, file: "syslog.conf")
    }

    private func errors(_ syslog: String) -> [String] { parse(syslog).diagnostics.map(\.description) }

    @Test func theCardsFormAndTheDefaults() throws {
        let result = parse("host 192.0.2.9 { services any; class session-logs; class stateful-firewall-logs; }")
        let configuration = try #require(result.configuration, "\(result.diagnostics)")
        #expect(configuration.serviceSets[0].syslogHosts == [
            SyslogHost(destination: .address("192.0.2.9"), severity: .any, classes: [.sessionLogs, .statefulFirewallLogs])
        ])
        let host = configuration.serviceSets[0].syslogHosts[0]
        #expect(host.port == 514 && host.facility == .user && host.transport == .udp && !host.isStructuredData)
        #expect(host.sends(.sessionLogs) && host.sends(.statefulFirewallLogs))
    }

    @Test func everyOptionAndItsPrintedForm() throws {
        let text = """
            host 2001:db8::9 { services info; class { session-logs; } port 6514; facility-override local3; \
            log-prefix NAT-1; structured-data; transport tcp; } host local { file /var/tmp/s.log; }
            """
        let configuration = try #require(parse(text).configuration, "\(parse(text).diagnostics)")
        let hosts = configuration.serviceSets[0].syslogHosts
        #expect(hosts == [
            SyslogHost(
                destination: .address("2001:db8::9"), severity: .info, classes: [.sessionLogs], port: 6514,
                facility: .local3, logPrefix: "NAT-1", isStructuredData: true, transport: .tcp),
            SyslogHost(destination: .local, file: "/var/tmp/s.log"),
        ])
        #expect(hosts[0].sends(.sessionLogs) && !hosts[0].sends(.statefulFirewallLogs))
        #expect(hosts[1].localFile == "/var/tmp/s.log" && SyslogHost(destination: .local).localFile == SyslogHost.defaultFile)
        let printed = configuration.curlyBraceText()
        #expect(ConfigurationParser.parse(printed, file: "again.conf").configuration == configuration, "\(printed)")
        let set = configuration.setCommands()
        #expect(set.contains("set services service-set s1 syslog host 2001:db8::9 transport tcp"), "\(set)")
        #expect(ConfigurationParser.parse(set, file: "again.set").configuration == configuration)
    }

    /// `class session-logs open | close` (one of a session's lines), `source-address`, and the service set's
    /// `disable-session-open-syslog`; printed back as they were given.
    @Test func sessionEventsSourceAddressAndNoOpenLines() throws {
        let result = ConfigurationParser.parse(
            """
            interfaces { ams0 { load-balancing-options { member-interface mams-0/0/0; } unit 1; } }
            services {
                service-set s1 {
                    interface-service { service-interface ams0.1; }
                    service-set-options { disable-session-open-syslog; }
                    syslog {
                        host 192.0.2.9 { class { session-logs close; stateful-firewall-logs; } source-address 192.0.2.1; }
                        host 2001:db8::9 { class session-logs open; source-address 2001:db8::1; }
                        host 192.0.2.10 { class session-logs; }
                    }
                }
            }
            """, file: "events.conf")
        let configuration = try #require(result.configuration, "\(result.diagnostics)")
        let serviceSet = configuration.serviceSets[0]
        #expect(serviceSet.options.disablesSessionOpenSyslog)
        #expect(serviceSet.syslogHosts.map(\.sessionEvents) == [.close, .open, .both])
        #expect(serviceSet.syslogHosts.map { $0.sourceAddress.map { "\($0)" } } == ["192.0.2.1", "2001:db8::1", nil])
        #expect(serviceSet.syslogHosts[0].classes == [.sessionLogs, .statefulFirewallLogs])
        let set = configuration.setCommands()
        #expect(set.contains("set services service-set s1 syslog host 192.0.2.9 class session-logs close\n"), "\(set)")
        #expect(set.contains("set services service-set s1 service-set-options disable-session-open-syslog\n"), "\(set)")
        #expect(ConfigurationParser.parse(set, file: "again.set").configuration == configuration)
        #expect(ConfigurationParser.parse(configuration.curlyBraceText(), file: "again.conf").configuration == configuration)
    }

    /// The services interface's `services-options syslog`: a service set without hosts of its own takes the
    /// interface's; one with its own keeps them (the card's override). Printed back.
    @Test func theInterfacesHostsForAServiceSetWithoutItsOwn() throws {
        let result = ConfigurationParser.parse(
            """
            interfaces {
                ams0 {
                    load-balancing-options { member-interface mams-0/0/0; }
                    services-options { syslog { host 192.0.2.20 { services any; class session-logs close; } } }
                    unit 1;
                    unit 2;
                }
            }
            services {
                service-set s1 { interface-service { service-interface ams0.1; } }
                service-set s2 { interface-service { service-interface ams0.2; } syslog { host 192.0.2.9; } }
            }
            """, file: "interface.conf")
        let configuration = try #require(result.configuration, "\(result.diagnostics)")
        let interfaceHost = SyslogHost(destination: .address("192.0.2.20"), severity: .any, classes: [.sessionLogs])
        var closing = interfaceHost
        closing.sessionEvents = .close
        #expect(configuration.interfaces[0].servicesOptions.syslogHosts == [closing])
        #expect(configuration.syslogHosts(of: configuration.serviceSets[0]) == [closing])
        #expect(configuration.syslogHosts(of: configuration.serviceSets[1]) == [SyslogHost(destination: .address("192.0.2.9"))])
        let set = configuration.setCommands()
        #expect(set.contains("set interfaces ams0 services-options syslog host 192.0.2.20 class session-logs close\n"), "\(set)")
        #expect(ConfigurationParser.parse(set, file: "again.set").configuration == configuration)
    }

    @Test func aSeverityAboveInfoSendsNothing() throws {
        let configuration = try #require(parse("host 192.0.2.9 { services warning; }").configuration)
        let host = configuration.serviceSets[0].syslogHosts[0]
        #expect(!host.sends(.sessionLogs) && !host.sends(.statefulFirewallLogs))
    }

    @Test func wrongValuesAreRefusedWithTheirPlace() {
        #expect(errors("host 192.0.2.9 { port 0; }") == [
            "syslog.conf:3:101: error: invalid value '0' for 'port': expected a number from 1 to 65535\n"
                + "  [edit services service-set s1 syslog host 192.0.2.9]"
        ])
        #expect(errors("host collector { services any; }").first?.hasPrefix(
            "syslog.conf:3:79: error: invalid value 'collector' for 'host': expected an IPv4 or IPv6 address, or 'local'") == true,
            "\(errors("host collector { services any; }"))")
        #expect(errors("host 192.0.2.9 { services loud; }").first?.contains(
            "invalid value 'loud' for 'services': expected 'any', 'emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info' or 'none'") == true)
        #expect(errors("host 192.0.2.9 { transport tls; }").first?.contains("expected 'udp' or 'tcp'") == true)
        #expect(errors("host 192.0.2.9 { facility-override mail; }").first?.contains("invalid value 'mail' for 'facility-override'") == true)
        #expect(errors("host 192.0.2.9 { log-prefix \"a b\"; }").first?.contains("invalid value 'a b' for 'log-prefix'") == true)
        #expect(errors("host 192.0.2.9 { file /tmp/x; }").first?.contains("'file' is for 'host local' only") == true)
        #expect(errors("host local { port 515; }").first?.contains("'port' is for a remote host, not 'host local'") == true)
        #expect(errors("host 192.0.2.9 { class nat-logs; }").first?.contains("nat-logs") == true)
        #expect(errors("host 192.0.2.9 { class session-logs both; }").first?.contains(
            "invalid value 'both' for 'session-logs': expected 'open' or 'close'") == true,
            "\(errors("host 192.0.2.9 { class session-logs both; }"))")
        #expect(errors("host 192.0.2.9 { source-address there; }").first?.contains(
            "invalid value 'there' for 'source-address': expected an IPv4 or IPv6 address") == true)
        #expect(errors("host local { source-address 192.0.2.1; }").first?.contains(
            "'source-address' is for a remote host, not 'host local'") == true)
    }
}
