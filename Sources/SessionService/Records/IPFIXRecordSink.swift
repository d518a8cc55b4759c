// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import SessionEngine

/// IPFIX export (RFC 7011) of the sessions of some service sets to one collector (`services jflow-log`,
/// README *IPFIX*): one biflow record (RFC 5103, ``IPFIXTemplate/session``) per session when it ends.
///
/// Each member is an observation domain (its ID: the member's index + 1, since domain 0 means "none"), with
/// its own message being filled, its own sequence number (data records sent before, RFC 7011 §3.1) and its
/// own template schedule: the templates open the domain's first message and head a message again once
/// `refreshPackets` messages of the domain (the one with the templates included) have gone since, or
/// `refreshSeconds` of packet time (the records' end times: a capture's time in a replay, the wall clock as
/// the engine follows it live) have passed. A message goes when the next record does not fit
/// (``IPFIXMessage/maximumLength``) and at every ``flush()`` (the drain's, after each pass) — sent together,
/// up to 64 in one system call, at the flush or when 64 are waiting. Its export time is the packet time of
/// its newest record.
///
/// Sends go through a ``UDPExportSocket`` and never wait; a message that cannot go is counted in
/// ``failedMessages`` and its records are lost (the collector sees the gap in the sequence numbers).
public final class IPFIXRecordSink: SessionRecordSink {
    /// One observation domain's state.
    private struct Domain {
        var message: IPFIXMessage
        var sequenceNumber: UInt32 = 0
        var templatesSent = false
        var messagesSinceTemplates = 0
        var templatesTime: UInt64 = 0
    }

    private let socket: any IPFIXMessageSending
    /// Whether each service set (by index) is exported here.
    private let exportsServiceSet: [Bool]
    private let refreshPackets: Int
    private let refreshNanoseconds: UInt64
    private let maximumLength: Int
    private var domains: [Domain?] = []
    /// Finished messages not yet sent, one after another, and where each ends.
    private var outgoing: [UInt8] = []
    private var outgoingEnds: [Int] = []
    /// Messages sent together at most.
    private static let batch = 64
    /// Data records sent (or tried), messages sent, messages that failed.
    public private(set) var records = 0
    public private(set) var messages = 0
    public private(set) var failedMessages = 0

    /// An exporter of the sessions of the service sets `serviceSets` (indices) through `socket`, templates
    /// refreshed after `refreshPackets` messages or `refreshSeconds` seconds, messages of at most
    /// `maximumLength` bytes.
    public init(
        socket: any IPFIXMessageSending, serviceSets: Set<Int>, refreshPackets: Int, refreshSeconds: Int,
        maximumLength: Int = IPFIXMessage.defaultMaximumLength
    ) {
        self.socket = socket
        exportsServiceSet = (0..<256).map { serviceSets.contains($0) }
        self.refreshPackets = max(1, refreshPackets)
        refreshNanoseconds = UInt64(max(0, refreshSeconds)) * 1_000_000_000
        self.maximumLength = maximumLength
    }

    public func finished(_ session: FinishedSession) {
        let record = session.close
        guard exportsServiceSet[Int(record.serviceSet)] else { return }
        let member = Int(record.member)
        if member >= domains.count { domains += [Domain?](repeating: nil, count: member + 1 - domains.count) }
        if domains[member] == nil { domains[member] = Domain(message: IPFIXMessage(maximumLength: maximumLength)) }
        let template = IPFIXTemplate.session[IPFIXTemplate.sessionTemplateIndex(of: session)]
        records += 1
        // `domains[member]!` in place: no copy of the message's buffer.
        if domains[member]!.message.isEmpty { startMessage(member, at: session.end) }
        if domains[member]!.message.append(session, template: template) { return }
        send(member)
        startMessage(member, at: session.end)
        domains[member]!.message.append(session, template: template)
    }

    public func flush() {
        for member in domains.indices where domains[member]?.message.isEmpty == false {
            send(member)
        }
        transmit()
    }

    /// Sends the finished messages waiting.
    private func transmit() {
        guard !outgoingEnds.isEmpty else { return }
        let went = outgoing.withUnsafeBytes { socket.send($0, ends: outgoingEnds) }
        failedMessages += outgoingEnds.count - went
        outgoing.removeAll(keepingCapacity: true)
        outgoingEnds.removeAll(keepingCapacity: true)
    }

    /// Puts the templates at the head of member `member`'s empty message when they are due at `time`.
    private func startMessage(_ member: Int, at time: UInt64) {
        // Fields read one by one: a copy of the domain would share its message's buffer, and the append
        // below would then copy it.
        let sentAt = domains[member]!.templatesTime
        let due = !domains[member]!.templatesSent || domains[member]!.messagesSinceTemplates >= refreshPackets
            || (time > sentAt && time - sentAt >= refreshNanoseconds)
        guard due else { return }
        domains[member]!.message.appendTemplates(IPFIXTemplate.session)
        domains[member]!.templatesSent = true
        domains[member]!.messagesSinceTemplates = 0
        domains[member]!.templatesTime = time
    }

    /// Finishes member `member`'s message, queues it to be sent, and empties it.
    private func send(_ member: Int) {
        let sequenceNumber = domains[member]!.sequenceNumber
        let exportTime = UInt32(truncatingIfNeeded: domains[member]!.message.latestEnd / 1_000_000_000)
        domains[member]!.message.finish(
            exportTime: exportTime, sequenceNumber: sequenceNumber, observationDomain: UInt32(member + 1))
        domains[member]!.message.withBytes { outgoing.append(contentsOf: $0) }
        outgoingEnds.append(outgoing.count)
        messages += 1
        domains[member]!.sequenceNumber = sequenceNumber &+ UInt32(truncatingIfNeeded: domains[member]!.message.dataRecords)
        domains[member]!.messagesSinceTemplates += 1
        domains[member]!.message.reset()
        if outgoingEnds.count >= Self.batch { transmit() }
    }
}

/// Where an ``IPFIXRecordSink`` sends its messages: a ``UDPExportSocket``, or a test's recorder.
public protocol IPFIXMessageSending: AnyObject {
    /// Sends one message; `false` when it did not go.
    func send(_ bytes: UnsafeRawBufferPointer) -> Bool
    /// Sends the messages of `bytes`, message `i` ending at `ends[i]`; how many went.
    func send(_ bytes: UnsafeRawBufferPointer, ends: [Int]) -> Int
}

extension IPFIXMessageSending {
    /// One message at a time.
    public func send(_ bytes: UnsafeRawBufferPointer, ends: [Int]) -> Int {
        var start = 0
        var went = 0
        for end in ends {
            if send(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) { went += 1 }
            start = end
        }
        return went
    }
}

extension UDPExportSocket: IPFIXMessageSending {}
