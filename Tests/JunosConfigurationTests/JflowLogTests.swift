// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import JunosConfiguration
import Testing
import Wire

/// `services jflow-log` and `service-set S jflow-log template-profile T` (SPEC.md §8, the MX-SPC3 grammar):
/// the model, printing back, references and values refused where they are.
@Suite struct JflowLogTests {
    private func parse(_ services: String) -> (configuration: Configuration?, diagnostics: [ConfigurationDiagnostic]) {
        ConfigurationParser.parse(
            """
            interfaces { ams0 { load-balancing-options { member-interface mams-0/0/0; } unit 1; } }
            services {
            \(services)
            }
            """, file: "flow.conf")
    }

    private func errors(_ services: String) -> [String] { parse(services).diagnostics.map(\.description) }

    private static let example = """
        service-set ss1 { interface-service { service-interface ams0.1; } jflow-log { template-profile t1; } }
        jflow-log {
            collector c1 { destination-address 10.30.1.2; destination-port 1055; source-ip 10.30.1.1; }
            collector c2 { destination-address 2001:db8::9; destination-port 4739; }
            collector-group cg1 { collector c1; collector c2; }
            template-profile t1 { collector-group cg1; template-type session; version ipfix; refresh-rate { packets 100; seconds 60; } }
        }
        """

    @Test func theMXSPC3ExampleWithOurTemplateType() throws {
        let result = parse(Self.example)
        let configuration = try #require(result.configuration, "\(result.diagnostics)")
        let log = configuration.jflowLog
        #expect(log.collectors == [
            JflowLog.Collector(name: "c1", destinationAddress: IPAddress(10, 30, 1, 2), destinationPort: 1055, sourceIP: IPAddress(10, 30, 1, 1)),
            JflowLog.Collector(name: "c2", destinationAddress: IPAddress("2001:db8::9")!, destinationPort: 4739),
        ])
        #expect(log.collectorGroups == [JflowLog.CollectorGroup(name: "cg1", collectors: ["c1", "c2"])])
        #expect(log.templateProfiles == [
            JflowLog.TemplateProfile(name: "t1", collectorGroup: "cg1", refreshPackets: 100, refreshSeconds: 60),
        ])
        #expect(log.collectors(of: log.templateProfiles[0]).map(\.name) == ["c1", "c2"])
        #expect(configuration.serviceSets[0].jflowLogTemplateProfile == "t1")
    }

    @Test func printsBackInBothFormsAndParsesTheSame() throws {
        let configuration = try #require(parse(Self.example).configuration)
        let printed = configuration.curlyBraceText()
        #expect(printed.contains("        jflow-log {\n            template-profile t1;\n        }\n"), "\(printed)")
        #expect(printed.contains(
            "        template-profile t1 {\n            collector-group cg1;\n            template-type session;\n"
                + "            version ipfix;\n            refresh-rate {\n                packets 100;\n"
                + "                seconds 60;\n            }\n        }\n"), "\(printed)")
        #expect(ConfigurationParser.parse(printed, file: "again.conf").configuration == configuration)
        let set = configuration.setCommands()
        #expect(set.contains("set services jflow-log collector c1 source-ip 10.30.1.1\n"), "\(set)")
        #expect(set.contains("set services service-set ss1 jflow-log template-profile t1\n"), "\(set)")
        #expect(ConfigurationParser.parse(set, file: "set.conf").configuration == configuration)
    }

    @Test func defaultsWhenTheProfileSaysLittle() throws {
        let configuration = try #require(parse("""
            service-set ss1 { jflow-log { template-profile t; } }
            jflow-log { collector c { destination-address 127.0.0.1; destination-port 9995; } template-profile t { collector c; } }
            """).configuration)
        let profile = configuration.jflowLog.templateProfiles[0]
        #expect(profile.templateType == .session && profile.version == .ipfix)
        #expect(profile.effectiveRefreshPackets == 4800 && profile.effectiveRefreshSeconds == 60)
        #expect(configuration.jflowLog.collectors(of: profile).map(\.destinationPort) == [9995])
    }

    @Test func referencesMustResolve() {
        let found = errors("""
            service-set ss1 { jflow-log { template-profile nope; } }
            jflow-log {
                collector-group g { collector c9; }
                template-profile t { collector-group g2; }
            }
            """)
        #expect(found == [
            "flow.conf:3:48: error: jflow-log template-profile 'nope' is not defined\n  [edit services service-set ss1 jflow-log]",
            "flow.conf:5:35: error: jflow-log collector 'c9' is not defined\n  [edit services jflow-log collector-group g]",
            "flow.conf:6:42: error: jflow-log collector-group 'g2' is not defined\n  [edit services jflow-log template-profile t]",
        ], "\(found)")
    }

    @Test func valuesAreCheckedWhereTheyAre() {
        let found = errors("""
            jflow-log {
                collector c { destination-address 10.0.0.300; destination-port 0; }
                collector d { destination-address 10.0.0.1; destination-port 9; source-ip 2001:db8::1; }
                collector e { destination-port 9; }
                template-profile t { collector d; template-type nat; version v9; refresh-rate { packets 0; seconds 5; } }
                template-profile u { template-type session; }
                template-profile v { collector d; collector-group x; }
            }
            """)
        #expect(found.contains { $0.hasPrefix("flow.conf:4:39: error: invalid value '10.0.0.300' for 'destination-address': expected an IPv4 or IPv6 address") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("flow.conf:4:68: error: invalid value '0' for 'destination-port': expected a number from 1 to 65535") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("flow.conf:5:79: error: source-ip 2001:db8::1 and destination-address 10.0.0.1 are of different address families") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("flow.conf:6:5: error: missing mandatory statement 'destination-address'") }, "\(found)")
        #expect(found.contains { $0.contains("invalid value 'nat' for 'template-type': expected 'session' (ams translates no addresses: it exports sessions)") }, "\(found)")
        #expect(found.contains { $0.contains("invalid value 'v9' for 'version': expected 'ipfix'") }, "\(found)")
        #expect(found.contains { $0.contains("invalid value '0' for 'packets': expected a number from 1 to 480000") }, "\(found)")
        #expect(found.contains { $0.contains("invalid value '5' for 'seconds': expected a number from 10 to 600") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("flow.conf:8:5: error: missing mandatory statement 'collector' or 'collector-group'") }, "\(found)")
        #expect(found.contains { $0.contains("'collector' and 'collector-group' are mutually exclusive") }, "\(found)")
    }
}
