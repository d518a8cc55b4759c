// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PacketCapture
import ServicesCore
import SessionEngine
import Testing
import Wire

/// `show services sessions count` classes each session Valid, Invalid, Pending or Other state (SPEC.md §2.5)
/// and prints a row for every member and service set the command selects, zeros included.
@Suite("Session counts by state")
struct SessionCountTests {
    static let client = IPAddress(10, 1, 1, 2)
    static let server = IPAddress(192, 0, 2, 10)

    /// Two TCP handshakes under way (SYN; SYN and SYN-ACK), one complete, one closing (FIN), one reset
    /// (RST), one that began without a SYN (`Drop`), a DNS exchange and a ping.
    static func capture() -> ReplayHarness {
        let b = FrameBuilder(link: .ethernet())
        let (c, s) = (client, server)
        var h = ReplayHarness()
        var time = 0.0
        func add(_ frame: [UInt8]) {
            h.add(frame, at: time)
            time += 0.001
        }
        func handshake(_ port: UInt16) {
            add(b.tcp(from: c, port: port, to: s, port: 80, flags: [.syn]))
            add(b.tcp(from: s, port: 80, to: c, port: port, flags: [.syn, .ack]))
            add(b.tcp(from: c, port: port, to: s, port: 80, flags: [.ack]))
        }
        add(b.tcp(from: c, port: 1001, to: s, port: 80, flags: [.syn]))
        add(b.tcp(from: c, port: 1002, to: s, port: 80, flags: [.syn]))
        add(b.tcp(from: s, port: 80, to: c, port: 1002, flags: [.syn, .ack]))
        handshake(1003)
        handshake(1004)
        add(b.tcp(from: c, port: 1004, to: s, port: 80, flags: [.fin, .ack]))
        handshake(1005)
        add(b.tcp(from: s, port: 80, to: c, port: 1005, flags: [.rst]))
        add(b.tcp(from: c, port: 1006, to: s, port: 80, flags: [.ack]))
        add(b.udp(from: c, port: 5353, to: s, port: 53))
        add(b.udp(from: s, port: 53, to: c, port: 5353))
        add(b.icmpEcho(from: c, to: s, identifier: 7, sequenceNumber: 1))
        add(b.icmpEcho(from: s, to: c, identifier: 7, sequenceNumber: 1, isReply: true))
        return h
    }

    static func rows(_ members: Int, _ configure: (inout SessionFilter) -> Void = { _ in }) throws -> [SessionCountRow] {
        var filter = SessionFilter()
        configure(&filter)
        return try capture().replay(members: members).tables.countRows(filter)
    }

    @Test func eachSessionIsCountedInItsState() throws {
        #expect(try Self.rows(1) == [SessionCountRow(member: "mams-0/0/0", serviceSet: "default", valid: 3, invalid: 3, pending: 2)])
        let tcp = try Self.rows(1) { $0.transport = .tcp }
        #expect(tcp == [SessionCountRow(member: "mams-0/0/0", serviceSet: "default", valid: 1, invalid: 3, pending: 2)])
        let handshakes = try Self.rows(1) { $0.sourcePort = 1002 }
        #expect(handshakes.map(\.pending) == [1] && handshakes.map(\.total) == [1])
    }

    /// The counts kept as sessions come, go and change phase equal a look at every session (a filter on
    /// the service set scans), on every real capture, at the end, without expiry and part-way, and stepped
    /// through as the shell steps (expiry sweeps included).
    @Test(arguments: RealCaptureTests.captures)
    func keptCountsEqualAScan(capture: String) throws {
        func expectAgreement(_ tables: MemberTables, _ context: String) {
            var scanned = SessionFilter()
            scanned.serviceSet = "default"
            #expect(tables.countRows(SessionFilter()) == tables.countRows(scanned), "\(context)")
        }
        let path = ReplayHarness.capture(capture)
        for (keepExpired, stopAfter) in [(false, nil), (true, nil), (false, 0.5), (false, 1.5)] as [(Bool, Double?)] {
            let result = try ReplayHarness.replay(path: path, members: 2, keepExpired: keepExpired, stopAfter: stopAfter)
            expectAgreement(result.tables, "\(capture) keepExpired \(keepExpired) at \(stopAfter ?? -1)")
        }
        let stepped = SteppedReplay(file: try CaptureFile(path: path), configuration: .builtInDefault(memberCount: 2))
        for step in 1...12 {
            stepped.advance(by: step < 12 ? 0.37 : 60)
            expectAgreement(stepped.tables(), "\(capture) stepped \(step)")
        }
        #expect(try Self.rows(1) { $0.serviceSet = "default" } == Self.rows(1))
    }

    /// Every member selected has its row, with zeros; the counts add up to the sessions of the bundle.
    @Test func everySelectedMemberHasARow() throws {
        let all = try Self.rows(3)
        #expect(all.map(\.member) == ["mams-0/0/0", "mams-0/1/0", "mams-1/0/0"])
        #expect(all.reduce(0) { $0 + $1.total } == 8)
        #expect(all.reduce(0) { $0 + $1.valid } == 3 && all.reduce(0) { $0 + $1.pending } == 2)
        let none = try Self.rows(3) { $0.destinationPort = 9999 }
        #expect(none.map(\.member) == ["mams-0/0/0", "mams-0/1/0", "mams-1/0/0"])
        #expect(none.allSatisfy { $0.total == 0 })
        #expect(try Self.rows(3) { $0.interface = "mams-0/1/0" }.map(\.member) == ["mams-0/1/0"])
        #expect(try Self.rows(3) { $0.interface = "ams0" }.count == 3)
        #expect(try Self.rows(3) { $0.serviceSet = "default" } == all)
        #expect(try Self.rows(3) { $0.serviceSet = "nope" } == [])
    }
}
