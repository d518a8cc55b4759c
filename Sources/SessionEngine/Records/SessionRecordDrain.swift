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
    /// `true` for a sink that gives records up while the drain is behind (syslog: logging never holds the
    /// data path back, SPEC.md §8); it is handed those records by ``shed(_:)`` instead, to count them.
    var shedsWhenBehind: Bool { get }
    /// A record given up while the drain was behind (only to a sink that ``shedsWhenBehind``).
    func shed(_ record: SessionRecord)
}

extension SessionRecordSink {
    public func opened(_ record: SessionRecord) {}
    public func flush() {}
    public var shedsWhenBehind: Bool { false }
    public func shed(_ record: SessionRecord) {}
}

/// The consumer of every member's ``SessionRecordRing``: takes the records waiting and hands opens and
/// finished sessions to its sinks. A close record carries its session's start (``SessionRecord/start``), so
/// the drain holds nothing of the sessions open.
///
/// The drain is *behind* when it finds more than half of a ring waiting: then the records of that ring it
/// takes are shed by the sinks that ``SessionRecordSink/shedsWhenBehind`` (syslog), so that the drain
/// catches up; the others (the JSON lines, IPFIX) get every record.
///
/// One thread at a time drains (`ams run`'s drain thread, `ams replay`'s): not `Sendable`.
public final class SessionRecordDrain {
    public let recording: SessionRecording
    private let sinks: [any SessionRecordSink]
    /// Sessions handed over ended, and those among them whose start was not known (their member held them
    /// before records were on).
    public private(set) var finished = 0
    public private(set) var finishedWithoutStart = 0

    /// Records taken from a ring before the drain looks again whether it is behind.
    static let chunk = 1024
    /// By sink: whether it sheds records while the drain is behind.
    private let sheds: [Bool]

    public init(recording: SessionRecording, sinks: [any SessionRecordSink]) {
        self.recording = recording
        self.sinks = sinks
        sheds = sinks.map(\.shedsWhenBehind)
    }

    /// Takes the records waiting in every ring (at most a ring's capacity from each, so that no member
    /// waits on a busy other), hands them to the sinks and flushes them; the number of records taken.
    @discardableResult
    public func drain() -> Int {
        var taken = 0
        for ring in recording.rings {
            // A chunk at a time, so that whether the drain is behind is seen again soon.
            var fromRing = 0
            while fromRing < ring.capacity {
                let behind = ring.count > ring.capacity / 2
                let chunk = ring.consume(limit: min(Self.chunk, ring.capacity - fromRing)) { take($0, behind: behind) }
                if chunk == 0 { break }
                fromRing += chunk
            }
            taken += fromRing
        }
        if taken > 0 { for sink in sinks { sink.flush() } }
        return taken
    }

    private func take(_ record: SessionRecord, behind: Bool) {
        if record.kind == .close {
            if record.start == .max { finishedWithoutStart += 1 }
            finished += 1
        }
        for index in sinks.indices {
            if behind && sheds[index] {
                sinks[index].shed(record)
            } else if record.kind == .open {
                sinks[index].opened(record)
            } else {
                sinks[index].finished(FinishedSession(start: record.start == .max ? nil : record.start, close: record))
            }
        }
    }
}
