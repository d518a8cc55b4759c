// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import PacketCapture
import ServicesCore
import SessionEngine
import ServicesTestSupport
import Testing
import Wire

/// `show services sessions | display xml`/`json` streamed from the tables (``SessionListingWriter`` fed by
/// `forEachSession(…, byServiceSet: true)`) is byte for byte the document built as a tree, on tables with
/// two service sets whose sessions interleave, across members, limits and chunk boundaries.
@Suite("Streamed session documents")
struct StreamedDocumentTests {
    static func streamed(
        _ tables: MemberTables, _ filter: SessionFilter, limit: Int, chunk: Int, display: JunosReply.Display,
        extensive: Bool
    ) -> String {
        var bytes: [UInt8] = []
        var writer = SessionListingWriter(
            display: display, extensive: extensive, output: TextBuffer(threshold: 64) { bytes += $0 })
        writer.begin(.msMPC)
        tables.forEachSession(filter, limit: limit, chunk: chunk, byServiceSet: true) { member, sessions in
            #expect(Set(sessions.map(\.serviceSet)).count == 1)
            writer.write(member: member.name, sessions)
            return true
        }
        var output = writer.finish()
        output.flush()
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [UInt64(1), 2])
    func streamedDocumentsAreTheTreesBytes(seed: UInt64) throws {
        let path = try ReplayHarness.temporaryFile(ModeInvarianceTests.randomCapture(seed: seed, flows: 300).pcap())
        let stepped = SteppedReplay(
            file: try CaptureFile(path: path), configuration: try ModeInvarianceTests.twoServiceSets(members: 2), seed: 7)
        stepped.advance(by: nil)
        let tables = stepped.tables()
        var udp = SessionFilter()
        udp.transport = .udp
        var set200 = SessionFilter()
        set200.serviceSet = "tenant-b"
        var nothing = SessionFilter()
        nothing.destinationPort = 9
        let serviceSets = Set(tables.snapshot().flatMap(\.sessions).map(\.serviceSet))
        #expect(serviceSets.count >= 2, "the capture must give sessions in both service sets: \(serviceSets)")
        for filter in [SessionFilter(), udp, set200, nothing] {
            for limit in [Int.max, 1, 7, 150] {
                for display in [JunosReply.Display.xml, .json] {
                    for extensive in [false, true] {
                        let tree = JunosReply.display(
                            display,
                            SessionDocuments.sessionTable(tables.snapshot(filter, limit: limit), extensive: extensive))
                        for chunk in [1, 5, 4096] {
                            #expect(
                                Self.streamed(tables, filter, limit: limit, chunk: chunk, display: display, extensive: extensive)
                                    == tree, "limit \(limit) chunk \(chunk) \(display) extensive \(extensive)")
                        }
                    }
                }
            }
        }
    }
}
