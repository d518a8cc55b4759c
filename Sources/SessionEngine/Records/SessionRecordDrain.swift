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
/// (the JSON lines writer; syslog and IPFIX next). Never on the data path.
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
    /// queue, and those that find the queue full by ``shed(_:)``, to count them.
    var givesWay: Bool { get }
    /// A record given up because the queue of the sinks that give way was full.
    func shed(_ record: SessionRecord)
}

extension SessionRecordSink {
    public func opened(_ record: SessionRecord) {}
    public func flush() {}
    public var givesWay: Bool { false }
    public func shed(_ record: SessionRecord) {}
}

/// The consumer of every member's ``SessionRecordRing``: takes the records waiting and hands opens and
/// finished sessions to its sinks. A close record carries its session's start (``SessionRecord/start``), so
/// the drain holds nothing of the sessions open.
///
/// Sinks that ``SessionRecordSink/givesWay`` (syslog) come last: the records for them wait in a queue of
/// the drain's own (``backlogCapacity`` records), which the drain works through only while no member's ring
/// has more than a few records waiting, looking again every ``chunk`` records. A record that finds that queue
/// full is shed, counted by each such sink. So the JSON lines and IPFIX get every record the members wrote at
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

    /// Records the queue of the sinks that give way holds: 16,384 (2 MiB), a burst of 8,192 sessions' worth of
    /// session lines, and as much work as the drain does for them when a replay ends (about 40 ms of syslog
    /// datagrams).
    public static let backlogCapacity = 1 << 14
    /// Records handed to the sinks that give way before the drain looks at the members' rings again, and
    /// the most records a ring may hold for the drain still to give those sinks time.
    static let chunk = 64

    public init(recording: SessionRecording, sinks: [any SessionRecordSink]) {
        self.recording = recording
        firstSinks = sinks.filter { !$0.givesWay }
        givingWay = sinks.filter(\.givesWay)
        backlog = SessionRecordRing(capacity: givingWay.isEmpty ? 2 : Self.backlogCapacity)
        backlogProducer = backlog.producer
    }

    /// Hands the records from now on to `sinks` (a reload's exporters). Only when nothing waits: every
    /// record the members wrote so far has reached the sinks before (``drain()`` until it returns 0, with
    /// the members not writing — ``SessionRecordService/stop()``).
    public func replaceSinks(_ sinks: [any SessionRecordSink]) {
        precondition(backlog.count == 0 && recording.rings.allSatisfy { $0.count == 0 }, "records still waiting")
        firstSinks = sinks.filter { !$0.givesWay }
        givingWay = sinks.filter(\.givesWay)
        if !givingWay.isEmpty && backlog.capacity < Self.backlogCapacity {
            shedBefore += backlog.dropped
            backlog = SessionRecordRing(capacity: Self.backlogCapacity)
            backlogProducer = backlog.producer
        }
    }

    /// Takes the records waiting in every ring (at most a ring's capacity from each, so that no member
    /// waits on a busy other) and hands them to the sinks; then, while the rings stay all but empty, works
    /// through the backlog of the sinks that give way; flushes the sinks. The number of records handled
    /// (taken from the rings, and from the backlog).
    @discardableResult
    public func drain() -> Int {
        var handled = 0
        for ring in recording.rings {
            handled += ring.consume(limit: ring.capacity) { take($0) }
        }
        if !givingWay.isEmpty {
            while backlog.count > 0 && !recording.rings.contains(where: { $0.count > Self.chunk }) {
                handled += backlog.consume(limit: Self.chunk) { record in
                    for sink in givingWay { Self.hand(record, to: sink) }
                }
            }
        }
        if handled > 0 {
            for sink in firstSinks { sink.flush() }
            for sink in givingWay { sink.flush() }
        }
        return handled
    }

    private func take(_ record: SessionRecord) {
        if record.kind == .close {
            if record.start == .max { finishedWithoutStart += 1 }
            finished += 1
        }
        for sink in firstSinks { Self.hand(record, to: sink) }
        if !givingWay.isEmpty && !backlogProducer.push(record) {
            for sink in givingWay { sink.shed(record) }
        }
    }

    /// An open record as it is, a close record as a finished session.
    private static func hand(_ record: SessionRecord, to sink: any SessionRecordSink) {
        if record.kind == .open {
            sink.opened(record)
        } else {
            sink.finished(FinishedSession(start: record.start == .max ? nil : record.start, close: record))
        }
    }
}
