// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A session that has ended, as the exporters receive it: its close record and its start, when known (a
/// close record's ``SessionRecord/start``, or a record line's `start_ns`).
public struct FinishedSession: Sendable, Equatable {
    /// Packet time of the session's first packet, nanoseconds since the epoch; `nil` when not known.
    public var start: UInt64?
    public var close: SessionRecord

    public init(start: UInt64?, close: SessionRecord) {
        self.start = start
        self.close = close
    }

    /// Packet time of its last packet.
    public var end: UInt64 { close.time }
}

/// An exporter: what the ``SessionRecordDrain`` hands records to, on the drain's thread, one call at a time
/// (the JSON lines, syslog, IPFIX). Never on the data path.
public protocol SessionRecordSink: AnyObject {
    /// A session was created (syslog's `JSERVICES_SESSION_OPEN`).
    func opened(_ record: SessionRecord)
    /// A session ended, with its start (syslog's `JSERVICES_SESSION_CLOSE`, an IPFIX biflow,
    /// a JSON line).
    func finished(_ session: FinishedSession)
    /// Everything waiting has been handed over: write out what is buffered.
    func flush()
    /// `true` for a sink that gives way to the others (syslog: logging never holds the data path back,
    /// SPEC.md §8): the drain hands it records only when it has caught up with the members, from a bounded
    /// queue (records that find it full are counted, ``SessionRecordDrain/shed``).
    var givesWay: Bool { get }
    /// Whether records of the service set of index `serviceSet` make anything here: a sink that gives way
    /// has only those queued for it.
    func takes(serviceSet: Int) -> Bool
}

extension SessionRecordSink {
    public func opened(_ record: SessionRecord) {}
    public func flush() {}
    public var givesWay: Bool { false }
    public func takes(serviceSet: Int) -> Bool { true }

    /// Hands `records` over in order: each open record to ``opened(_:)``, each close record to
    /// ``finished(_:)`` as a finished session. A region at a time: the drain calls the sink once a region,
    /// not once a record.
    public func take(_ records: UnsafeBufferPointer<SessionRecord>) {
        for record in records {
            if record.kind == .open {
                opened(record)
            } else {
                finished(FinishedSession(start: record.knownStart, close: record))
            }
        }
    }
}

/// The consumer of every member's ``SessionRecordRing``: takes the records waiting and hands opens and
/// finished sessions to its sinks. A close record carries its session's start (``SessionRecord/start``), so
/// the drain holds nothing of the sessions open.
///
/// Sinks that ``SessionRecordSink/givesWay`` (syslog) come last: the records for them wait in a queue of
/// the drain's own (``backlogCapacity`` records), which the drain works through only while no member's ring
/// has more than a few records waiting, looking again every ``chunk`` records. Only the records of the service
/// sets such a sink ``SessionRecordSink/takes(serviceSet:)`` are queued; one that finds the queue full is
/// shed, counted (``shed``). So the JSON lines and IPFIX get every record the members wrote at
/// the drain's full pace — in a replay, where members wait for room in their rings, no member waits for a
/// syslog line — and syslog gets what time is left.
///
/// One thread at a time drains (`ams run`'s drain thread, `ams replay`'s): not `Sendable`.
public final class SessionRecordDrain {
    public let recording: SessionRecording
    /// The sinks that get every record, and those that give way.
    private var firstSinks: [any SessionRecordSink]
    private var givingWay: [any SessionRecordSink]
    /// The records waiting for the sinks that give way (a ring that drops when full; this thread fills and
    /// empties it), and records shed before the sinks were last replaced.
    private var backlog: SessionRecordRing
    private var backlogProducer: SessionRecordRing.Producer
    private var shedBefore = 0
    /// Sessions handed over ended, and those among them whose start was not known (their member held them
    /// before records were on).
    public private(set) var finished = 0
    public private(set) var finishedWithoutStart = 0
    /// Records shed because the backlog was full.
    public var shed: Int { shedBefore + backlog.dropped }

    /// Records the queue of the sinks that give way holds: as many as a member's ring, 65,536 (8 MiB) — a
    /// capture of 32,768 sessions replayed at once loses no line — and so at most that much work for them
    /// when a replay ends (about 0.15 s of syslog datagrams over loopback).
    public static let backlogCapacity = SessionRecording.defaultCapacity
    /// Records handed to the sinks that give way before the drain looks at the members' rings again, and
    /// the most records a ring may hold for the drain still to give those sinks time.
    static let chunk = 64

    /// By service set index (`UInt8`: 256): whether some sink that gives way takes its records.
    private var queued: [Bool]

    public init(recording: SessionRecording, sinks: [any SessionRecordSink]) {
        self.recording = recording
        firstSinks = sinks.filter { !$0.givesWay }
        givingWay = sinks.filter(\.givesWay)
        queued = Self.queued(givingWay)
        backlog = SessionRecordRing(capacity: givingWay.isEmpty ? 2 : Self.backlogCapacity)
        backlogProducer = backlog.producer
    }

    private static func queued(_ givingWay: [any SessionRecordSink]) -> [Bool] {
        (0..<256).map { serviceSet in givingWay.contains { $0.takes(serviceSet: serviceSet) } }
    }

    /// Hands the records from now on to `sinks` (a reload's exporters). Only when nothing waits: every
    /// record the members wrote so far has reached the sinks before (``drain()`` until it returns 0, with
    /// the members not writing — ``SessionRecordService/stop()``).
    public func replaceSinks(_ sinks: [any SessionRecordSink]) {
        precondition(backlog.count == 0 && recording.rings.allSatisfy { $0.count == 0 }, "records still waiting")
        firstSinks = sinks.filter { !$0.givesWay }
        givingWay = sinks.filter(\.givesWay)
        queued = Self.queued(givingWay)
        if !givingWay.isEmpty && backlog.capacity < Self.backlogCapacity {
            shedBefore += backlog.dropped
            backlog = SessionRecordRing(capacity: Self.backlogCapacity)
            backlogProducer = backlog.producer
        }
    }

    /// Takes the records waiting in every ring (at most a ring's capacity from each, so that no member
    /// waits on a busy other) and hands them to the sinks, a region of the ring at a time; then, while the
    /// rings stay all but empty, works through the backlog of the sinks that give way; flushes the sinks.
    /// The number of records handled (taken from the rings, and from the backlog).
    @discardableResult
    public func drain() -> Int {
        var handled = 0
        for ring in recording.rings {
            handled += ring.consumeRegions(limit: ring.capacity) { take($0) }
        }
        if !givingWay.isEmpty {
            while backlog.count > 0 && !recording.rings.contains(where: { $0.count > Self.chunk }) {
                handled += backlog.consumeRegions(limit: Self.chunk) { records in
                    for sink in givingWay { sink.take(records) }
                }
            }
        }
        if handled > 0 {
            for sink in firstSinks { sink.flush() }
            for sink in givingWay { sink.flush() }
        }
        return handled
    }

    /// The records of a ring's region: counted, handed to the first sinks, queued for those that give way
    /// (a record that finds the backlog full is shed: counted by the backlog).
    private func take(_ records: UnsafeBufferPointer<SessionRecord>) {
        for record in records where record.kind == .close {
            if record.knownStart == nil { finishedWithoutStart += 1 }
            finished += 1
        }
        for sink in firstSinks { sink.take(records) }
        guard !givingWay.isEmpty else { return }
        for record in records where queued[Int(record.serviceSet)] {
            backlogProducer.push(record)
        }
    }
}
