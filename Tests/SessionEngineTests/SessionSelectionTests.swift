// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ServicesCore
import SessionEngine
import SessionService
import Testing
import Wire

/// A listing chosen at once and copied out a chunk at a time (``SessionSelection``): how the daemon's
/// commands let the engine run between chunks (``MailboxTables``) — what changed meanwhile shows as it is.
@Suite("Session selection")
struct SessionSelectionTests {
    static func tables() throws -> MemberTables {
        var source = CommandExecutorTests.replay(members: 2)
        return try source.tables()
    }

    @Test func chunksComeInPrintOrderAndMatchTheListing() throws {
        let tables = try Self.tables()
        let all = tables.snapshot().flatMap(\.sessions).map(\.id)
        for chunk in [1, 2, 3, 4096] {
            var ids: [UInt64] = []
            var largest = 0
            tables.forEachSession(SessionFilter(), chunk: chunk) { _, sessions in
                largest = max(largest, sessions.count)
                ids += sessions.map(\.id)
                return true
            }
            #expect(ids == all && largest <= chunk, "chunk \(chunk)")
        }
        #expect(tables.selection(SessionFilter(), limit: 3, byServiceSet: false).count == 3)
    }

    /// Sessions removed after the selection was made (the engine ran a `clear` or expired them between two
    /// chunks) are left out; the others are copied as they stand.
    @Test func sessionsGoneSinceTheSelectionAreLeftOut() throws {
        let tables = try Self.tables()
        let selection = tables.selection(SessionFilter(), limit: .max, byServiceSet: false)
        let before = selection.count
        #expect(before > 4)
        var tcp = SessionFilter()
        tcp.transport = .tcp
        let removed = tables.clear(tcp).flatMap(\.serviceSetCounts).reduce(0) { $0 + $1.1 }
        #expect(removed > 0)
        var copied: [SessionSnapshot] = []
        selection.walk(chunk: 2, snapshots: { tables.snapshots(member: $0, keys: $1) }) { _, sessions in
            copied += sessions
            return true
        }
        #expect(copied.count == before - removed)
        #expect(copied.allSatisfy { $0.initiator.transport != .tcp })
    }

    /// `byServiceSet`: each run is one service set's, in configuration order, as the XML documents group them.
    @Test func byServiceSetRunsHoldOneSetEach() throws {
        let tables = try Self.tables()
        let selection = tables.selection(SessionFilter(), limit: .max, byServiceSet: true)
        #expect(selection.count == tables.selection(SessionFilter(), limit: .max, byServiceSet: false).count)
        for run in selection.runs {
            let sets = Set(tables.snapshots(member: run.member, keys: run.keys[...]).map(\.serviceSet))
            #expect(sets.count == 1)
        }
    }
}
