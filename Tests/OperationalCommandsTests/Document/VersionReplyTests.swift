// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import Testing

/// `show version` and the release in the namespaces (SPEC.md §2.6): `ams` emulates Junos 19.4R3 (MS-MPC / AMS).
@Suite("show version and the emulated release")
struct VersionReplyTests {
    @Test func theTextReportsTheJunosReleaseBesideAmsOwnVersion() {
        let text = TextBuffer.text { VersionReply(amsVersion: "0.3.0").write(to: &$0) }
        #expect(text == """
            Hostname: ams
            Model: ams (software AMS services engine)
            Junos: 19.4R3
            ams version 0.3.0, Swift 6.3

            """)
    }

    @Test func theXMLIsJunosSoftwareInformation() {
        let expected = """
            <rpc-reply xmlns:junos="http://xml.juniper.net/junos/19.4R3/junos">
                <software-information>
                    <host-name>ams</host-name>
                    <product-model>ams</product-model>
                    <product-name>ams</product-name>
                    <junos-version>19.4R3</junos-version>
                    <package-information>
                        <name>ams</name>
                        <comment>ams version 0.3.0, Swift 6.3</comment>
                    </package-information>
                </software-information>
                <cli>
                    <banner></banner>
                </cli>
            </rpc-reply>

            """
        #expect(JunosReply.displayXML(VersionReply(amsVersion: "0.3.0").document) == expected)
        #expect(JunosReply.displayJSON(VersionReply(amsVersion: "0.3.0").document).contains("""
                    "junos-version" : [
                    {
                        "data" : "19.4R3"
                    }
                    ],
            """))
    }

    /// Every namespace that names a release names the one `show version` reports.
    @Test func everyNamespaceCarriesTheEmulatedRelease() {
        #expect(JunosReply.release == "19.4R3")
        #expect(JunosReply.envelope(JunosElement("x")).attribute("xmlns:junos") == "http://xml.juniper.net/junos/19.4R3/junos")
        #expect(SessionDocuments.sessionTable([], extensive: false).attribute("xmlns")
            == "http://xml.juniper.net/junos/19.4R3/junos-adaptive-services")
        #expect(JunosReply.adaptiveServicesNamespace() == "http://xml.juniper.net/junos/19.4R3/junos-adaptive-services")
    }
}
