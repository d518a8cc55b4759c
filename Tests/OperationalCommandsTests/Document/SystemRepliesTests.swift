// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import Testing

/// `show chassis routing-engine`, `show chassis hardware` (SPEC.md §7: a small router's answers, in the
/// columns of real routers' output) and `show system netconf` (ours), from given facts.
@Suite("show chassis and show system netconf")
struct SystemRepliesTests {
    /// 2019-08-29 09:02:22 UTC, up 208 days, 23 hours, 14 minutes, 9 seconds: a real vMX's figures.
    static let facts = SystemFacts(
        hostName: "lab1", serialNumber: "3D1219C7C4C5", memoryTotal: 2002 << 20, memoryUsed: 380 << 20,
        loadAverages: [0.72, 0.46, 0.4], startTime: 1_567_069_342, now: 1_567_069_342 + 18_047_649)

    @Test func theRoutingEngineInTheColumnsOfARealRouter() {
        let text = TextBuffer.text { RoutingEngineReply(facts: Self.facts).write(to: &$0) }
        #expect(text == """
            Routing Engine status:
              Slot 0:
                Current state                  Master
                Election priority              Master (default)
                DRAM                      2002 MB (2002 MB installed)
                Memory utilization          19 percent
                Model                          RE-AMS
                Start time                     2019-08-29 09:02:22 UTC
                Uptime                         208 days, 21 hours, 14 minutes, 9 seconds
                Last reboot reason             ams started
                Load averages:                 1 minute   5 minute  15 minute
                                                   0.72       0.46       0.40

            """)
    }

    @Test func theRoutingEngineDocumentHasWhatPyEZReads() {
        let document = RoutingEngineReply(facts: Self.facts).document
        #expect(document.name == "route-engine-information")
        #expect(document.attribute("xmlns") == "http://xml.juniper.net/junos/19.4R3/junos-chassis")
        let engine = document.children[0]
        func leaf(_ name: String) -> String? { engine.children(named: name).first?.text }
        #expect(leaf("slot") == "0" && leaf("mastership-state") == "master" && leaf("status") == "OK")
        #expect(leaf("model") == "RE-AMS" && leaf("last-reboot-reason") == "ams started")
        #expect(leaf("up-time") == "208 days, 21 hours, 14 minutes, 9 seconds")
        #expect(engine.children(named: "up-time").first?.attribute("junos:seconds") == "18047649")
        #expect(engine.children(named: "start-time").first?.attribute("junos:seconds") == "1567069342")
        #expect(leaf("load-average-fifteen") == "0.40" && leaf("memory-buffer-utilization") == "19")
    }

    @Test func theInventoryInTheColumnsOfARealRouter() {
        let text = TextBuffer.text { ChassisInventoryReply(facts: Self.facts).write(to: &$0) }
        #expect(text == """
            Hardware inventory:
            Item             Version  Part number  Serial number     Description
            Chassis                                3D1219C7C4C5      ams
            Routing Engine 0                                         RE-AMS

            """)
        let xml = JunosReply.displayXML(ChassisInventoryReply(facts: Self.facts).document)
        #expect(xml.contains("""
                <chassis-inventory xmlns="http://xml.juniper.net/junos/19.4R3/junos-chassis">
                    <chassis junos:style="inventory">
                        <name>Chassis</name>
                        <serial-number>3D1219C7C4C5</serial-number>
                        <description>ams</description>
            """))
    }

    @Test(arguments: [
        (0, "1970-01-01 00:00:00 UTC"), (951_782_400, "2000-02-29 00:00:00 UTC"),
        (1_796_435_083, "2026-12-05 01:44:43 UTC"), (4_107_542_399, "2100-02-28 23:59:59 UTC"),
    ])
    func timestamps(seconds: Int, text: String) {
        #expect(JunosTime.timestamp(seconds) == text)
    }

    @Test(arguments: [
        (0, "0 seconds"), (1, "1 second"), (61, "1 minute, 1 second"), (3600, "1 hour, 0 minutes, 0 seconds"),
        (90_061, "1 day, 1 hour, 1 minute, 1 second"),
    ])
    func durations(seconds: Int, text: String) {
        #expect(JunosTime.duration(seconds) == text)
    }

    @Test func theNetconfServerAsAnOperatorChecksIt() {
        let status = NetconfServerStatus(
            listenAddress: "127.0.0.1", port: 830, rfcCompliant: true, hostKeyFingerprint: "ED25519 SHA256:abc",
            hostKey: "ssh-ed25519 AAAA", hostKeyFile: "/var/lib/ams/key", users: 2, openSessions: 1,
            sessionsSinceStart: 7, connectionLimit: 32, logins: 7, wrongPasswords: 3)
        let text = TextBuffer.text { status.write(to: &$0) }
        #expect(text.contains("  Listening on:      127.0.0.1 port 830\n"))
        #expect(text.contains("  Host key:          ED25519 SHA256:abc\n"))
        #expect(text.contains("  Sessions:          1 open, 7 since start (at most 32 connections)\n"))
        #expect(text.contains("  Logins:            7 accepted, 3 wrong passwords\n"))
        #expect(status.document.children(named: "host-key-fingerprint").first?.text == "ED25519 SHA256:abc")
        #expect(status.document.children(named: "framing").first?.text == "rfc-compliant")
    }
}
