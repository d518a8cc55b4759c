// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PacketCapture
import Policy
import ServicesCore
@testable import SessionEngine
import SessionTable
import Testing
import Wire

/// What a member reports of its sessions (SPEC.md §8): an open record at creation, and a close record with
/// the reason at every way a session ends — crafted packets through a ``MemberProcessor``.
@Suite("Session records")
struct SessionRecordTests {
    static let client = IPAddress(10, 0, 0, 1)
    static let server = IPAddress(192, 0, 2, 7)
    static let b = FrameBuilder()
    static let second: UInt64 = 1_000_000_000

    /// A member of a one-member bundle writing into `ring` (kept by the caller).
    static func member(_ ring: SessionRecordRing, _ configuration: EngineConfiguration = .builtInDefault(memberCount: 1))
        -> MemberProcessor
    {
        var member = MemberProcessor(memberIndex: 0, configuration: configuration, seed: 1)
        member.recorder = ring.producer
        return member
    }

    static func packet(_ frame: [UInt8], at seconds: UInt64) throws -> SessionPacket {
        SessionPacket(try DecodedPacket(parsing: frame.span, linkType: .ethernet), time: seconds * second)
    }

    static func records(_ ring: SessionRecordRing) -> [SessionRecord] {
        var records: [SessionRecord] = []
        ring.consume { records.append($0) }
        return records
    }

    /// `kind reason number` of each record: `open - 1`, `close fin 1`.
    static func summary(_ records: [SessionRecord]) -> [String] {
        records.map { "\($0.kind) \($0.reason.name) \($0.id & 0xFF_FFFF)" }
    }

    static func tcp(_ member: inout MemberProcessor, _ flags: TCPFlags, fromClient: Bool = true, port: UInt16 = 40000, at seconds: UInt64) throws {
        let frame = fromClient
            ? b.tcp(from: client, port: port, to: server, port: 80, flags: flags)
            : b.tcp(from: server, port: 80, to: client, port: port, flags: flags)
        member.process(try packet(frame, at: seconds))
    }

    static func udp(_ member: inout MemberProcessor, port: UInt16 = 5000, at seconds: UInt64) throws {
        member.process(try packet(b.udp(from: client, port: port, to: server, port: 53), at: seconds))
    }

    /// The open record carries the first packet's time and counters; the close record the last packet's
    /// time and every packet each way.
    @Test func openAndCloseCarryTimesAndCounters() throws {
        let ring = SessionRecordRing(capacity: 1024)
        var member = Self.member(ring)
        try Self.udp(&member, at: 10)
        member.process(try Self.packet(Self.b.udp(from: Self.server, port: 53, to: Self.client, port: 5000), at: 11))
        try Self.udp(&member, at: 12)
        member.expireAll(upTo: 10_000 * Self.second)
        let records = Self.records(ring)
        #expect(Self.summary(records) == ["open none 1", "close idle 1"])
        let (open, close) = (records[0], records[1])
        #expect(open.time == 10 * Self.second && close.time == 12 * Self.second)
        #expect(open.id == SessionID.make(member: 0, number: 1) && close.id == open.id && close.parentID == 0)
        #expect(open.initiatorPackets == 1 && open.responderPackets == 0)
        #expect(close.initiatorPackets == 2 && close.responderPackets == 1)
        #expect(close.initiatorBytes == 2 * open.initiatorBytes && close.responderBytes == open.initiatorBytes)
        #expect(close.source == Self.client && close.destination == Self.server)
        #expect(close.sourcePort == 5000 && close.destinationPort == 53 && close.transport == .udp)
    }

    /// Idle: found expired by its own next packet (a new session follows), and by the sweep every 64
    /// packets.
    @Test func idleAtLookupAndBySweep() throws {
        let ring = SessionRecordRing(capacity: 1024)
        var member = Self.member(ring)
        try Self.udp(&member, port: 1, at: 1)
        try Self.udp(&member, port: 1, at: 5_000)
        #expect(Self.summary(Self.records(ring)) == ["open none 1", "close idle 1", "open none 2"])
        // 64 packets of another flow much later: the sweep finds session 2 expired.
        for _ in 0..<64 { try Self.udp(&member, port: 2, at: 10_000) }
        #expect(Self.summary(Self.records(ring)) == ["open none 3", "close idle 2"])
    }

    @Test func finAfterTheHandshakeAndOnOneSide() throws {
        let ring = SessionRecordRing(capacity: 1024)
        var member = Self.member(ring)
        try Self.tcp(&member, [.syn], at: 1)
        try Self.tcp(&member, [.syn, .ack], fromClient: false, at: 1)
        try Self.tcp(&member, [.ack], at: 1)
        try Self.tcp(&member, [.fin, .ack], at: 2)
        try Self.tcp(&member, [.fin, .ack], fromClient: false, at: 2)
        try Self.tcp(&member, [.syn], port: 40001, at: 3)
        try Self.tcp(&member, [.fin], port: 40001, at: 4)
        member.expireAll(upTo: 10_000 * Self.second)
        #expect(Self.summary(Self.records(ring)) == ["open none 1", "open none 2", "close fin 1", "close fin 2"])
    }

    /// RST, and a FIN after it: still reset.
    @Test func rst() throws {
        let ring = SessionRecordRing(capacity: 1024)
        var member = Self.member(ring)
        try Self.tcp(&member, [.syn], at: 1)
        try Self.tcp(&member, [.rst, .ack], fromClient: false, at: 1)
        try Self.tcp(&member, [.fin], at: 2)
        member.expireAll(upTo: 10_000 * Self.second)
        #expect(Self.summary(Self.records(ring)) == ["open none 1", "close rst 1"])
    }

    /// A handshake that never completes ends idle (its open timeout).
    @Test func unansweredSynEndsIdle() throws {
        let ring = SessionRecordRing(capacity: 1024)
        var member = Self.member(ring)
        try Self.tcp(&member, [.syn], at: 1)
        member.expireAll(upTo: 10_000 * Self.second)
        #expect(Self.summary(Self.records(ring)) == ["open none 1", "close idle 1"])
    }

    /// A new SYN of the same 5-tuple on a reset session replaces it.
    @Test func replacedByANewSyn() throws {
        let ring = SessionRecordRing(capacity: 1024)
        var member = Self.member(ring)
        try Self.tcp(&member, [.syn], at: 1)
        try Self.tcp(&member, [.rst], fromClient: false, at: 1)
        try Self.tcp(&member, [.syn], at: 2)
        #expect(Self.summary(Self.records(ring)) == ["open none 1", "close replaced 1", "open none 2"])
    }

    /// The session timeout: a steady exchange is ended by its limit, not by idling.
    @Test func sessionTimeoutIsTheLimit() throws {
        var configuration = EngineConfiguration.builtInDefault(memberCount: 1)
        configuration.sessionTimeout = 10
        let ring = SessionRecordRing(capacity: 1024)
        var member = Self.member(ring, configuration)
        for second in UInt64(1)...12 { try Self.udp(&member, at: second) }
        let records = Self.records(ring)
        #expect(Self.summary(records) == ["open none 1", "close limit 1", "open none 2"])
        #expect(records[1].time == 10 * Self.second && records[1].initiatorPackets == 10)
    }

    /// `clear services sessions` ends the sessions it selects, and their children.
    @Test func cleared() throws {
        let ring = SessionRecordRing(capacity: 1024)
        var member = Self.member(ring)
        try Self.udp(&member, port: 1, at: 1)
        try Self.udp(&member, port: 2, at: 1)
        var filter = SessionFilter()
        filter.sourcePort = 2
        _ = member.remove(filter, serviceSets: ["default"])
        #expect(Self.summary(Self.records(ring)) == ["open none 1", "open none 2", "close cleared 2"])
    }

    /// A reload that takes the session's service set away ends it; the rest of a replay ends by shutdown.
    @Test func reloadAndShutdown() throws {
        let ring = SessionRecordRing(capacity: 1024)
        var member = Self.member(ring)
        try Self.udp(&member, port: 1, at: 1)
        _ = member.reconfigure(to: .builtInDefault(memberCount: 1), serviceSets: [nil])
        try Self.udp(&member, port: 2, at: 2)
        #expect(member.recordShutdown() == 1)
        #expect(Self.summary(Self.records(ring)) == ["open none 1", "close reload 1", "open none 2", "close shutdown 2"])
        #expect(member.shard.count == 1)
    }

    /// Without a ring nothing is recorded, and the table is the same.
    @Test func offRecordsNothing() throws {
        var member = MemberProcessor(memberIndex: 0, configuration: .builtInDefault(memberCount: 1), seed: 1)
        try Self.udp(&member, at: 1)
        #expect(member.recordShutdown() == 0)
        #expect(member.shard.count == 1)
    }

    /// A record gives back the session it was written from (``SessionRecord/session``), but for what records
    /// do not keep (an echo window, a timeout class): a TCP session and an FTP data child of member 3.
    @Test func aRecordGivesBackItsSession() {
        var session = Session()
        session.source = Self.client
        session.destination = Self.server
        session.sourcePort = 40000
        session.destinationPort = 21
        session.transport = .tcp
        session.serviceSet = 2
        session.initiatorFrames = 7
        session.initiatorBytes = 450
        session.responderFrames = 6
        session.responderBytes = 545
        session.lastSeen = 5 * Self.second
        session.number = 99
        session.timeout = 1800
        session.phase = .established
        session.initiatorState = .watch
        session.responderState = .watch
        session.alg = .ftp
        session.algFlags = 0x1
        for link in [UInt32(0), 42] {
            session.link = link
            let back = SessionRecord(.close, reason: .fin, session: session, start: 1, member: 3).session
            #expect(back.source == session.source && back.destination == session.destination)
            #expect(back.sourcePort == 40000 && back.destinationPort == 21 && back.transport == .tcp)
            #expect(back.serviceSet == 2 && back.number == 99 && back.link == link)
            #expect(back.initiatorFrames == 7 && back.initiatorBytes == 450)
            #expect(back.responderFrames == 6 && back.responderBytes == 545)
            #expect(back.lastSeen == session.lastSeen && back.timeout == 1800 && back.phase == .established)
            #expect(back.initiatorState == .watch && back.responderState == .watch)
            #expect(back.alg == .ftp && back.algFlags == 0x1)
        }
    }
}
