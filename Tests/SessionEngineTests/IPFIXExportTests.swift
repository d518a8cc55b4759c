// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import SessionEngine
import SessionService
import SessionTable
import Testing
import Wire

/// The IPFIX encoding of finished sessions (RFC 7011, RFC 5103): exact bytes of a template set and a data
/// record, message headers (length, export time, sequence number, observation domain), the reverse elements'
/// enterprise bit, the size bound, and the template refresh — through a recorder in place of the socket.
@Suite("IPFIX export")
struct IPFIXExportTests {
    /// Keeps every message sent; fails the ones listed.
    final class Recorder: IPFIXMessageSending {
        var messages: [[UInt8]] = []
        var failing = false
        func send(_ bytes: UnsafeRawBufferPointer) -> Bool {
            messages.append(Array(bytes))
            return !failing
        }
    }

    /// A finished TCP session 10.99.0.1:50866 → 10.99.0.2:8080 of member `member`: 7 packets / 450 bytes
    /// out, 6 / 545 back, from 1.5 s to 2.25 s after the epoch's second 1,700,000,000.
    static func session(
        member: Int = 0, number: UInt32 = 1, reason: SessionRecord.CloseReason = .fin, end: UInt64 = 1_700_000_002_250_000_000,
        source: IPAddress = IPAddress(10, 99, 0, 1), destination: IPAddress = IPAddress(10, 99, 0, 2), withOpen: Bool = true
    ) -> FinishedSession {
        var session = Session()
        session.number = number
        session.source = source
        session.destination = destination
        session.sourcePort = 50866
        session.destinationPort = 8080
        session.transport = .tcp
        session.initiatorFrames = 7
        session.initiatorBytes = 450
        session.responderFrames = 6
        session.responderBytes = 545
        session.lastSeen = 1_700_000_001_500_000_000
        let start = session.lastSeen
        session.lastSeen = end
        return FinishedSession(
            start: withOpen ? start : nil,
            close: SessionRecord(.close, reason: reason, session: session, start: withOpen ? start : .max, member: member))
    }

    static func bytes(_ value: UInt64, _ count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    /// The sets of a message: (set ID, body).
    static func sets(_ message: [UInt8]) -> [(id: UInt16, body: [UInt8])] {
        var sets: [(UInt16, [UInt8])] = []
        var offset = 16
        while offset + 4 <= message.count {
            let id = UInt16(message[offset]) << 8 | UInt16(message[offset + 1])
            let length = Int(message[offset + 2]) << 8 | Int(message[offset + 3])
            sets.append((id, Array(message[offset + 4..<offset + length])))
            offset += length
        }
        #expect(offset == message.count, "the sets fill the message exactly")
        return sets
    }

    static func header(_ message: [UInt8]) -> (version: Int, length: Int, exportTime: UInt64, sequence: UInt64, domain: UInt64) {
        func number(_ range: Range<Int>) -> UInt64 { message[range].reduce(0) { $0 << 8 | UInt64($1) } }
        return (Int(number(0..<2)), Int(number(2..<4)), number(4..<8), number(8..<12), number(12..<16))
    }

    @Test func templateSetOfTheIPv4SessionTemplateByteForByte() {
        var message = IPFIXMessage()
        let appended = message.appendTemplates([.sessionIPv4])
        #expect(appended)
        message.finish(exportTime: 0x0102_0304, sequenceNumber: 7, observationDomain: 3)
        let expected: [UInt8] =
            [0x00, 0x0A, 0x00, 0x54, 0x01, 0x02, 0x03, 0x04, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x03]
            + [0x00, 0x02, 0x00, 0x44]  // template set, 68 bytes
            + [0x01, 0x00, 0x00, 0x0D]  // template 256, 13 fields
            + [0x00, 0x08, 0x00, 0x04, 0x00, 0x0C, 0x00, 0x04]  // sourceIPv4Address, destinationIPv4Address
            + [0x00, 0x07, 0x00, 0x02, 0x00, 0x0B, 0x00, 0x02]  // sourceTransportPort, destinationTransportPort
            + [0x00, 0x04, 0x00, 0x01, 0x00, 0x88, 0x00, 0x01]  // protocolIdentifier, flowEndReason
            + [0x00, 0x01, 0x00, 0x08, 0x00, 0x02, 0x00, 0x08]  // octetDeltaCount, packetDeltaCount
            + [0x80, 0x01, 0x00, 0x08, 0x00, 0x00, 0x72, 0x79]  // reverseOctetDeltaCount, PEN 29305
            + [0x80, 0x02, 0x00, 0x08, 0x00, 0x00, 0x72, 0x79]  // reversePacketDeltaCount, PEN 29305
            + [0x00, 0x98, 0x00, 0x08, 0x00, 0x99, 0x00, 0x08]  // flowStartMilliseconds, flowEndMilliseconds
            + [0x00, 0x94, 0x00, 0x08]  // flowId
        #expect(message.bytes == expected)
        #expect(IPFIXTemplate.sessionIPv4.templateRecordLength == 64 && IPFIXTemplate.sessionIPv4.recordLength == 70)
        #expect(IPFIXTemplate.sessionIPv6.recordLength == 94 && IPFIXTemplate.sessionIPv4WithoutStart.recordLength == 62)
        #expect(IPFIXTemplate.session.map(\.id) == [256, 257, 258, 259])
    }

    @Test func dataRecordOfAnIPv4SessionByteForByte() {
        var message = IPFIXMessage()
        let session = Self.session(number: 5)
        let appended = message.append(session, template: .sessionIPv4)
        #expect(appended)
        message.finish(exportTime: 1_700_000_002, sequenceNumber: 0, observationDomain: 1)
        let expected: [UInt8] =
            [0x00, 0x0A, 0x00, 0x5A] + Self.bytes(1_700_000_002, 4) + [0, 0, 0, 0, 0, 0, 0, 1]
            + [0x01, 0x00, 0x00, 0x4A]  // data set of template 256, 74 bytes
            + [10, 99, 0, 1, 10, 99, 0, 2] + [0xC6, 0xB2, 0x1F, 0x90] + [6, 3]
            + Self.bytes(450, 8) + Self.bytes(7, 8) + Self.bytes(545, 8) + Self.bytes(6, 8)
            + Self.bytes(1_700_000_001_500, 8) + Self.bytes(1_700_000_002_250, 8) + Self.bytes(session.close.id, 8)
        #expect(message.bytes == expected)
        #expect(session.close.id == SessionID.make(member: 0, number: 5))
    }

    @Test func anIPv6SessionAndOneWithoutItsOpenRecordUseTheirTemplates() throws {
        let v6 = Self.session(source: IPAddress("fd00:99::1")!, destination: IPAddress("fd00:99::2")!)
        #expect(IPFIXTemplate.sessionTemplateIndex(of: v6) == 1)
        let lost = Self.session(withOpen: false)
        #expect(IPFIXTemplate.sessionTemplateIndex(of: lost) == 2)
        let recorder = Recorder()
        let sink = IPFIXRecordSink(socket: recorder, serviceSets: [0], refreshPackets: 100, refreshSeconds: 60)
        sink.finished(v6)
        sink.finished(lost)
        sink.flush()
        let sets = Self.sets(try #require(recorder.messages.first))
        #expect(sets.map(\.id) == [2, 257, 258])
        #expect(Array(sets[1].body[0..<16]) == [0xFD, 0, 0, 0x99] + [UInt8](repeating: 0, count: 11) + [1])
        #expect(sets[2].body.count == 62, "no flowStartMilliseconds")
    }

    @Test func flowEndReasons() {
        let reasons: [SessionRecord.CloseReason: UInt8] = [
            .idle: 1, .limit: 2, .fin: 3, .rst: 3, .replaced: 3, .cleared: 4, .shutdown: 4, .reload: 4,
        ]
        for (reason, value) in reasons { #expect(IPFIXField.flowEndReason(of: reason) == value, "\(reason)") }
    }

    /// One sequence number and one message per observation domain (member + 1); the sequence number counts
    /// the domain's data records sent before; the export time is the newest record's second.
    @Test func sequenceNumbersAndDomainsPerMember() {
        let recorder = Recorder()
        let sink = IPFIXRecordSink(socket: recorder, serviceSets: [0], refreshPackets: 100, refreshSeconds: 60)
        for number in 1...3 { sink.finished(Self.session(member: 0, number: UInt32(number))) }
        sink.finished(Self.session(member: 1, end: 1_700_000_009_000_000_000))
        sink.flush()
        for number in 4...5 { sink.finished(Self.session(member: 0, number: UInt32(number))) }
        sink.flush()
        sink.flush()  // nothing waiting: nothing sent
        let headers = recorder.messages.map(Self.header)
        #expect(headers.map(\.domain) == [1, 2, 1])
        #expect(headers.map(\.sequence) == [0, 0, 3])
        #expect(headers.map(\.exportTime) == [1_700_000_002, 1_700_000_009, 1_700_000_002])
        #expect(headers.map(\.version) == [10, 10, 10])
        #expect(zip(headers, recorder.messages).allSatisfy { $0.length == $1.count })
        #expect(sink.records == 6 && sink.messages == 3 && sink.failedMessages == 0)
        // The templates open each domain's first message only.
        #expect(recorder.messages.map { Self.sets($0).first?.id } == [2, 2, 256])
    }

    /// Records that do not fit go in the next message; none is over the bound.
    @Test func messagesStayWithinTheirBound() {
        let recorder = Recorder()
        let sink = IPFIXRecordSink(
            socket: recorder, serviceSets: [0], refreshPackets: 1000, refreshSeconds: 600, maximumLength: 400)
        for number in 1...20 { sink.finished(Self.session(number: UInt32(number))) }
        sink.flush()
        #expect(recorder.messages.allSatisfy { $0.count <= 400 })
        // The four templates take a set of 4 + 64 + 64 + 60 + 60 = 252 bytes: after the header 132 are left,
        // room for the data set's header and one record of 70; then (400 − 16 − 4) / 70 = 5 a message.
        let counts = recorder.messages.map { Self.sets($0).filter { $0.id == 256 }.reduce(0) { $0 + $1.body.count / 70 } }
        #expect(counts == [1, 5, 5, 5, 4])
        #expect(recorder.messages.map { Self.header($0).sequence } == [0, 1, 6, 11, 16])
    }

    /// The templates head a message again after `refreshPackets` messages, or `refreshSeconds` of packet time.
    @Test func templatesAreRefreshed() {
        let recorder = Recorder()
        let sink = IPFIXRecordSink(socket: recorder, serviceSets: [0], refreshPackets: 3, refreshSeconds: 10)
        let second: UInt64 = 1_000_000_000
        for index in 0..<7 {
            sink.finished(Self.session(end: 1_700_000_000 * second + UInt64(index) * second))
            sink.flush()
        }
        // Messages 1, 4, 7 (every third); then 12 s later in packet time, at once.
        sink.finished(Self.session(end: 1_700_000_000 * second + 18 * second))
        sink.flush()
        let withTemplates = recorder.messages.map { Self.sets($0).first?.id == 2 }
        #expect(withTemplates == [true, false, false, true, false, false, true, true])
    }

    @Test func otherServiceSetsAreNotExportedAndFailedSendsCounted() {
        let recorder = Recorder()
        recorder.failing = true
        let sink = IPFIXRecordSink(socket: recorder, serviceSets: [1], refreshPackets: 100, refreshSeconds: 60)
        sink.finished(Self.session())  // service set 0
        sink.flush()
        #expect(recorder.messages.isEmpty && sink.records == 0)
        var other = Self.session()
        other.close.serviceSet = 1
        sink.finished(other)
        sink.finished(other)
        sink.flush()
        #expect(sink.records == 2 && sink.messages == 1 && sink.failedMessages == 1)
        // The lost message's records still advance the sequence number: the collector sees the gap.
        sink.finished(other)
        sink.flush()
        #expect(Self.header(recorder.messages[1]).sequence == 2)
    }
}
