// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import JunosConfiguration
import Testing

/// `services service-set S linux-interfaces { … }` (SPEC.md §6): what is accepted, what is refused and where.
@Suite struct LinuxInterfacesTests {
    private func parse(_ serviceSets: String) -> (configuration: Configuration?, diagnostics: [ConfigurationDiagnostic]) {
        ConfigurationParser.parse(
            """
            interfaces { ams0 { load-balancing-options { member-interface mams-0/0/0; } unit 1; } }
            services {
            \(serviceSets)
            }
            """, file: "live.conf")
    }

    private func errors(_ serviceSets: String) -> [String] {
        parse(serviceSets).diagnostics.map(\.description)
    }

    @Test func monitorOnOneInterfaceIsTheDefaultMode() throws {
        let result = parse("service-set s1 { interface-service { service-interface ams0.1; } linux-interfaces { inside veth-m1; } }")
        let configuration = try #require(result.configuration, "\(result.diagnostics)")
        #expect(configuration.serviceSets[0].linuxInterfaces == LinuxInterfaces(inside: "veth-m1", mode: .monitor))
    }

    @Test func inlineWithBothSidesPrintsBackAsWritten() throws {
        let text = "service-set s1 { interface-service { service-interface ams0.1; } linux-interfaces { inside a1; outside b1; mode inline; } }"
        let configuration = try #require(parse(text).configuration)
        #expect(configuration.serviceSets[0].linuxInterfaces == LinuxInterfaces(inside: "a1", outside: "b1", mode: .inline))
        let printed = configuration.curlyBraceText()
        #expect(printed.contains("linux-interfaces {\n            inside a1;\n            outside b1;\n            mode inline;\n        }"), "\(printed)")
        #expect(ConfigurationParser.parse(printed, file: "again.conf").configuration == configuration)
    }

    @Test func inlineNeedsBothSides() {
        #expect(errors("service-set s1 { linux-interfaces { inside a1; mode inline; } }") == [
            "live.conf:3:18: error: 'mode inline' needs both 'inside' and 'outside'\n  [edit services service-set s1 linux-interfaces]"
        ])
    }

    @Test func namesLinuxCannotTakeAreRefusedWithTheirPlace() {
        let found = errors("service-set s1 { linux-interfaces { inside a-name-of-16-char; outside b/1; } }")
        #expect(found.count == 2)
        #expect(found[0].hasPrefix("live.conf:3:44: error: invalid value 'a-name-of-16-char' for 'inside'"))
        #expect(found[1].hasPrefix("live.conf:3:71: error: invalid value 'b/1' for 'outside'"))
    }

    @Test func oneInterfaceServesOneServiceSetAndOneSide() {
        #expect(errors("service-set s1 { linux-interfaces { inside a1; outside a1; } }").first?.contains(
            "'inside' and 'outside' name the same interface 'a1'") == true)
        let twice = errors(
            "service-set s1 { linux-interfaces { inside a1; } }\nservice-set s2 { linux-interfaces { inside a1; } }")
        #expect(twice.first?.hasPrefix("live.conf:4:37: error: Linux interface 'a1' is already used by service-set s1") == true, "\(twice)")
    }

    @Test func oneModeForAllServiceSets() {
        let found = errors(
            "service-set s1 { linux-interfaces { inside a1; outside b1; mode inline; } }\n"
                + "service-set s2 { linux-interfaces { inside c1; } }")
        #expect(found.count == 1)
        #expect(found.first?.contains("'mode monitor' (the default) differs from 'mode inline' of another service set") == true, "\(found)")
        #expect(errors("service-set s1 { linux-interfaces { inside a1; mode monitor; } }\n"
            + "service-set s2 { linux-interfaces { inside c1; outside d1; mode inline; } }").first?.contains(
                "'mode inline' differs from 'mode monitor'") == true)
    }

    @Test func aModeThatIsNoneOfTheTwo() {
        #expect(errors("service-set s1 { linux-interfaces { inside a1; mode tap; } }").first?.contains(
            "invalid value 'tap' for 'mode': expected 'monitor' or 'inline'") == true)
    }
}
