// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A session that has ended, as the exporters receive it: its close record and, when the drain saw its open
/// record, its start (the one thing the open record adds: a ``Session`` keeps no creation time).
public struct FinishedSession: Sendable, Equatable {
    /// Packet time of the session's first packet, nanoseconds since the epoch; `nil` when its open record
    /// was dropped (a full ring).
    public var start: UInt64?
    public var close: SessionRecord

    public init(start: UInt64?, close: SessionRecord) {
        self.start = start
        self.close = close
    }

    /// The session of `close` opened by `open` (`nil`: not seen).
    public init(open: SessionRecord?, close: SessionRecord) {
        self.init(start: open?.time, close: close)
    }

    /// Packet time of its last packet.
    public var end: UInt64 { close.time }
}

/// An exporter: what the ``SessionRecordDrain`` hands records to, on the drain's thread, one call at a time
/// (the JSON lines writer; syslog and IPFIX next). Never on the data path.
public protocol SessionRecordSink: AnyObject {
    /// A session was created (syslog's `JSERVICES_SESSION_OPEN`).
    func opened(_ record: SessionRecord)
    /// A session ended, joined with its open record (syslog's `JSERVICES_SESSION_CLOSE`, an IPFIX biflow,
    /// a JSON line).
    func finished(_ session: FinishedSession)
    /// Everything waiting has been handed over: write out what is buffered.
    func flush()
}

extension SessionRecordSink {
    public func opened(_ record: SessionRecord) {}
    public func flush() {}
}

/// The consumer of every member's ``SessionRecordRing``: takes the records waiting, joins each close
/// record with its session's open record (by session ID; a map held here, never by the data path) and
/// hands opens and finished sessions to its sinks.
///
/// One thread at a time drains (`ams run`'s drain thread, `ams replay`'s): not `Sendable`.
public final class SessionRecordDrain {
    public let recording: SessionRecording
    private let sinks: [any SessionRecordSink]
    /// The start (the open record's time) of the sessions not yet ended, by session ID: 16 bytes a session
    /// open (at most half full), room for a ring's worth from the start.
    private var starts: SessionStartTable
    /// Sessions handed over ended, and those among them whose open record was never seen.
    public private(set) var finished = 0
    public private(set) var finishedWithoutOpen = 0
    /// The most starts held; `nil`: no bound (rings that wait when full lose no close record, so the starts
    /// held are those of sessions open).
    let maximumStarts: Int?
    /// Starts forgotten because ``maximumStarts`` was reached.
    public private(set) var forgottenStarts = 0
    /// Live traffic's bound on the starts held: 8 Mi sessions (256 MiB at most). Where rings drop records
    /// (live, under overload), a dropped close record would leave its start behind for ever; past the bound
    /// every start is forgotten and those sessions end without one, counted.
    public static let liveMaximumStarts = 8 << 20

    public init(recording: SessionRecording, sinks: [any SessionRecordSink], maximumStarts: Int? = nil) {
        self.recording = recording
        self.sinks = sinks
        let waits = recording.rings.first?.waitsWhenFull ?? true
        self.maximumStarts = maximumStarts ?? (waits ? nil : Self.liveMaximumStarts)
        starts = SessionStartTable(minimumCapacity: recording.rings.first?.capacity ?? 0)
    }

    /// Sessions whose opening the drain has seen and whose end it has not.
    public var openSessions: Int { starts.count }

    /// Takes the records waiting in every ring (at most a ring's capacity from each, so that no member
    /// waits on a busy other), hands them to the sinks and flushes them; the number of records taken.
    @discardableResult
    public func drain() -> Int {
        var taken = 0
        for ring in recording.rings {
            taken += ring.consume(limit: ring.capacity) { take($0) }
        }
        if taken > 0 { for sink in sinks { sink.flush() } }
        return taken
    }

    private func take(_ record: SessionRecord) {
        switch record.kind {
        case .open:
            if let maximumStarts, starts.count >= maximumStarts {
                forgottenStarts += starts.count
                starts = SessionStartTable(minimumCapacity: recording.rings.first?.capacity ?? 0)
            }
            starts.insert(record.id, start: record.time)
            for index in sinks.indices { sinks[index].opened(record) }
        case .close:
            let start = starts.remove(record.id)
            if start == nil { finishedWithoutOpen += 1 }
            finished += 1
            let session = FinishedSession(start: start, close: record)
            for index in sinks.indices { sinks[index].finished(session) }
        }
    }
}
