// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import OperationalCommands
import ServicesCore
import Testing

/// `show services sessions analysis` under `ams run` (SPEC.md §6): after the members, a block per Linux
/// interface with the kernel's ring counters, in the members' layout, and the same figures in XML (ours).
@Suite("analysis with Linux interfaces")
struct AnalysisLiveInterfacesTests {
    static let member = MemberSnapshot(name: "mams-0/0/0", bundle: "ams0", sessions: [], serviceSetCounts: [("ss1", 0)])
    static let interface = LiveInterfaceSnapshot(
        name: "veth-in", side: "inside", framesReceived: 1_234_567, ringDrops: 12, ringFreezes: 3)

    @Test func theInterfaceBlockFollowsTheMembers() {
        let text = TextBuffer.text {
            SessionTableRenderer.writeAnalysis([Self.member], interfaces: [Self.interface], to: &$0)
        }
        #expect(text.hasPrefix("  Services PIC Name:   mams-0/0/0\n"))
        #expect(text.hasSuffix("""
            
              Linux interface:     veth-in (inside)

            Capture Statistics:
              Frames received                         :1234567
              Frames dropped, ring full               :12
              Ring queue freezes                      :3

            """))
    }

    @Test func aReplayHasNoInterfaceBlock() {
        let text = TextBuffer.text { SessionTableRenderer.writeAnalysis([Self.member], to: &$0) }
        #expect(!text.contains("Linux interface"))
    }

    @Test func theXMLCarriesTheCounters() {
        let xml = SessionDocuments.sessionAnalysis([Self.member], interfaces: [Self.interface])
        let entries = xml.children.filter { $0.name == "ams-linux-interface-statistics" }
        #expect(entries.count == 1)
        #expect(entries.first?.children.map(\.name) == [
            "interface-name", "interface-side", "frames-received", "frames-dropped-ring-full", "ring-queue-freezes",
        ])
    }

    @Test func inlineEndsWithTheFramesByVerdict() {
        let forwarding = LiveForwardingCounters(forwarded: 900, dropped: 7, rejected: 3, answersSent: 3, sendFailures: 1)
        let text = TextBuffer.text {
            SessionTableRenderer.writeAnalysis([Self.member], interfaces: [Self.interface], forwarding: forwarding, to: &$0)
        }
        #expect(text.hasSuffix("""

            Inline Forwarding Statistics:
              Frames forwarded                        :900
              Frames dropped                          :7
              Frames rejected                         :3
              Reject answers sent                     :3
              Frames the kernel refused to send       :1

            """))
        let xml = SessionDocuments.sessionAnalysis([Self.member], interfaces: [Self.interface], forwarding: forwarding)
        #expect(xml.children.last?.name == "ams-inline-forwarding-statistics")
    }
}
