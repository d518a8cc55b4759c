// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
public import SessionEngine
import ServicesCore
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// The session records as JSON lines *(ours)*: one object per session, written when it ends (README,
/// *Session records*), to a file or standard output — ready for ClickHouse's `JSONEachRow`.
///
/// Keys, in this order, stable: `member`, `bundle`, `service_set`, `session_id`, `parent_id` (null when the
/// session is no ALG child), `alg`, `protocol` (as the flow lines name it), `protocol_number`, then the
/// initiator flow (`initiator_source`, `initiator_source_port`, `initiator_destination`,
/// `initiator_destination_port`, `initiator_packets`, `initiator_bytes`) and the responder flow (the same
/// with `responder_`), `start` (the first packet; null when not known: a session its member held before records were on), `end` (the last
/// packet; both RFC 3339 UTC with milliseconds, packet time) and `reason` (`idle`, `fin`, `rst`,
/// `cleared`, `limit`, `shutdown`, `replaced`, `reload`); then what the table showed of the session, for
/// `ams show --sessions` (``SessionRecordReader``): `phase` (``SessionPhase/name``), `initiator_state` and
/// `responder_state` (`Forward`, `Watch`, …), `alg_flags`, `timeout` (seconds), and the times exactly, in
/// nanoseconds since the epoch: `start_ns` (null as `start` is), `end_ns`, and `recorded_ns` (when the
/// member wrote the record: for `shutdown`, where the replay ended — ``SessionRecord/recordedAt``).
public final class JSONLinesRecordSink: SessionRecordSink {
    /// The names, pre-encoded.
    private var vocabulary: Vocabulary
    private let descriptor: Int32
    private let closesDescriptor: Bool
    /// Lines not yet written, handed to ``writeOut(_:)`` 64 KiB at a time.
    private var output = TextBuffer { _ in }
    /// Lines written (sessions).
    public private(set) var written = 0
    /// Set when a write failed (the rest is not written).
    public private(set) var failure: Int32?

    /// Writes to `path`, created or truncated (`-`: standard output).
    public init(path: String, names: SessionRecordNames) throws(CommandFailure) {
        vocabulary = Vocabulary(names)
        if path == "-" {
            descriptor = 1
            closesDescriptor = false
        } else {
            let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard opened >= 0 else { throw CommandFailure("\(path): \(String(cString: strerror(errno)))") }
            descriptor = opened
            closesDescriptor = true
        }
        output = TextBuffer { [unowned self] in writeOut($0) }
    }

    deinit {
        flush()
        if closesDescriptor { close(descriptor) }
    }

    /// Names the records from now on by `names` (a reload: service sets may have new indices); the lines
    /// written so far stay as they are.
    public func rename(_ names: SessionRecordNames) {
        flush()
        vocabulary = Vocabulary(names)
    }

    public func finished(_ session: FinishedSession) {
        var room = output.reserveRoom(vocabulary.longestLine)
        vocabulary.write(session, &room)
        output.commit(room)
        written += 1
        output.flushIfFull()
    }

    public func flush() {
        output.flush()
    }

    /// Writes `bytes` to the file, unless a write failed before.
    private func writeOut(_ bytes: [UInt8]) {
        guard failure == nil else { return }
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            offset += count
        }
    }

    /// The line of `session`, newline included.
    public static func line(_ session: FinishedSession, names: SessionRecordNames) -> String {
        let vocabulary = Vocabulary(names)
        return TextBuffer.text { output in
            var room = output.reserveRoom(vocabulary.longestLine)
            vocabulary.write(session, &room)
            output.commit(room)
        }
    }

    /// `YYYY-MM-DDThh:mm:ss.mmmZ` (RFC 3339, UTC) of `nanoseconds` since the epoch.
    public static func timestamp(_ nanoseconds: UInt64) -> String {
        TextBuffer.text { output in
            var room = output.reserveRoom(Vocabulary.timestampLength)
            Vocabulary.timestamp(nanoseconds, &room)
            output.commit(room)
        }
    }

    /// What every line is made of, encoded once: the names of each member (with its bundle) and service
    /// set as JSON, the ALGs', protocols' and reasons' names; a line is then bytes copied and numbers
    /// written digit by digit into the buffer, with no string made (the drain must keep up with the
    /// members).
    struct Vocabulary {
        /// `{"member":"…","bundle":"…",` by member index.
        let members: [[UInt8]]
        /// `"service_set":"…",` by service set index.
        let serviceSets: [[UInt8]]
        /// `"alg":"…",` by raw value.
        let algs: [[UInt8]]
        /// `"protocol":"…","protocol_number":N,` by protocol number.
        let protocols: [[UInt8]]
        /// `"reason":"…",` by raw value.
        let reasons: [[UInt8]]
        /// The most bytes a line can take.
        let longestLine: Int

        init(_ names: SessionRecordNames) {
            members = names.members.indices.map { index in
                Array("{\"member\":\(Self.quoted(names.members[index])),\"bundle\":\(Self.quoted(names.bundles[index])),".utf8)
            } + [Array("{\"member\":\"?\",\"bundle\":\"?\",".utf8)]
            serviceSets = names.serviceSets.map { Array("\"service_set\":\(Self.quoted($0)),".utf8) }
                + [Array("\"service_set\":\"?\",".utf8)]
            algs = (0...255).map { raw in
                Array("\"alg\":\(Self.quoted(ApplicationLayerProtocol(rawValue: UInt8(raw))?.name ?? "?")),".utf8)
            }
            protocols = (0...255).map { raw in
                let transport = IPProtocol(rawValue: UInt8(raw))
                return Array("\"protocol\":\(Self.quoted(transport.flowName)),\"protocol_number\":\(raw),".utf8)
            }
            reasons = (0...255).map { raw in
                Array("\"reason\":\(Self.quoted(SessionRecord.CloseReason(rawValue: UInt8(raw))?.name ?? "?")),".utf8)
            }
            // The longest of each part, and room for the keys, numbers (20 digits), addresses (45) and times.
            longestLine = [members, serviceSets, algs, protocols, reasons].reduce(2048) { total, part in
                total + part.map(\.count).max()!
            }
        }

        /// Writes the line of `session` (at most ``longestLine`` bytes).
        func write(_ session: FinishedSession, _ line: inout TextBuffer.Room) {
            let record = session.close
            line.bytes(members[min(Int(record.member), members.count - 1)])
            line.bytes(serviceSets[min(Int(record.serviceSet), serviceSets.count - 1)])
            line.bytes("\"session_id\":")
            line.decimal(record.id)
            line.bytes(",\"parent_id\":")
            if record.parentID == 0 { line.bytes("null") } else { line.decimal(record.parentID) }
            line.byte(UInt8(ascii: ","))
            line.bytes(algs[Int(record.alg.rawValue)])
            line.bytes(protocols[Int(record.transport.rawValue)])
            Self.flow(
                "initiator", from: record.source, record.sourcePort, to: record.destination, record.destinationPort,
                packets: record.initiatorPackets, bytes: record.initiatorBytes, &line)
            line.byte(UInt8(ascii: ","))
            // The responder's flow is the initiator's reversed.
            Self.flow(
                "responder", from: record.destination, record.destinationPort, to: record.source, record.sourcePort,
                packets: record.responderPackets, bytes: record.responderBytes, &line)
            line.bytes(",\"start\":")
            if let start = session.start {
                line.byte(UInt8(ascii: "\""))
                Self.timestamp(start, &line)
                line.byte(UInt8(ascii: "\""))
            } else {
                line.bytes("null")
            }
            line.bytes(",\"end\":\"")
            Self.timestamp(session.end, &line)
            line.bytes("\",")
            line.bytes(reasons[Int(record.reason.rawValue)])
            line.bytes("\"phase\":\"")
            TextBuffer.withUTF8(record.phase.name) { line.bytes($0) }
            line.bytes("\",\"initiator_state\":\"")
            TextBuffer.withUTF8(record.initiatorState.name) { line.bytes($0) }
            line.bytes("\",\"responder_state\":\"")
            TextBuffer.withUTF8(record.responderState.name) { line.bytes($0) }
            line.bytes("\",\"alg_flags\":")
            line.decimal(UInt64(record.algFlags))
            line.bytes(",\"timeout\":")
            line.decimal(UInt64(record.timeout))
            line.bytes(",\"start_ns\":")
            if let start = session.start { line.decimal(start) } else { line.bytes("null") }
            line.bytes(",\"end_ns\":")
            line.decimal(session.end)
            line.bytes(",\"recorded_ns\":")
            line.decimal(record.recordedAt)
            line.bytes("}\n")
        }

        /// `"ROLE_source":"A","ROLE_source_port":P,"ROLE_destination":"B","ROLE_destination_port":Q,
        /// "ROLE_packets":N,"ROLE_bytes":M` of one flow.
        static func flow(
            _ role: StaticString, from source: IPAddress, _ sourcePort: UInt16, to destination: IPAddress,
            _ destinationPort: UInt16, packets: UInt64, bytes: UInt64, _ line: inout TextBuffer.Room
        ) {
            endpoint(role, "_source", source, "_source_port", sourcePort, &line)
            endpoint(role, "_destination", destination, "_destination_port", destinationPort, &line)
            key(role, "_packets", &line)
            line.decimal(packets)
            line.byte(UInt8(ascii: ","))
            key(role, "_bytes", &line)
            line.decimal(bytes)
        }

        /// `"ROLEaddressKey":"A","ROLEportKey":P,` of one end of a flow.
        static func endpoint(
            _ role: StaticString, _ addressKey: StaticString, _ address: IPAddress, _ portKey: StaticString,
            _ port: UInt16, _ line: inout TextBuffer.Room
        ) {
            key(role, addressKey, &line)
            line.byte(UInt8(ascii: "\""))
            Self.address(address, &line)
            line.bytes("\",")
            key(role, portKey, &line)
            line.decimal(UInt64(port))
            line.byte(UInt8(ascii: ","))
        }

        /// `"ROLEname":`.
        @inline(__always)
        private static func key(_ role: StaticString, _ name: StaticString, _ line: inout TextBuffer.Room) {
            line.byte(UInt8(ascii: "\""))
            line.bytes(role)
            line.bytes(name)
            line.bytes("\":")
        }

        /// A dotted quad for IPv4, RFC 5952 text for IPv6.
        static func address(_ address: IPAddress, _ line: inout TextBuffer.Room) {
            guard address.isIPv4 else {
                TextBuffer.withUTF8(address.description) { line.bytes($0) }
                return
            }
            line.ipv4(address.ipv4Value)
        }

        /// The bytes of ``timestamp(_:_:)``.
        static let timestampLength = 24

        /// `hh:mm:ss` of the second `secondOfDay` of a day (the RFC 3339 and RFC 3164 timestamps').
        static func timeOfDay(_ secondOfDay: UInt64, _ line: inout TextBuffer.Room) {
            line.decimal(secondOfDay / 3600, minimumDigits: 2)
            line.byte(UInt8(ascii: ":"))
            line.decimal(secondOfDay / 60 % 60, minimumDigits: 2)
            line.byte(UInt8(ascii: ":"))
            line.decimal(secondOfDay % 60, minimumDigits: 2)
        }

        /// `YYYY-MM-DDThh:mm:ss.mmmZ` (RFC 3339, UTC) of `nanoseconds` since the epoch.
        static func timestamp(_ nanoseconds: UInt64, _ line: inout TextBuffer.Room) {
            let milliseconds = nanoseconds / 1_000_000
            let seconds = milliseconds / 1000
            let (year, month, day) = JunosTime.civilDate(days: Int(seconds / 86_400))
            let second = seconds % 86_400
            line.decimal(UInt64(year), minimumDigits: 4)
            line.byte(UInt8(ascii: "-"))
            line.decimal(UInt64(month), minimumDigits: 2)
            line.byte(UInt8(ascii: "-"))
            line.decimal(UInt64(day), minimumDigits: 2)
            line.byte(UInt8(ascii: "T"))
            timeOfDay(second, &line)
            line.byte(UInt8(ascii: "."))
            line.decimal(milliseconds % 1000, minimumDigits: 3)
            line.byte(UInt8(ascii: "Z"))
        }

        /// `text` as a JSON string (RFC 8259 §7), escaped as every JSON of `ams` is (``TextBuffer/writeJSONString(_:)``).
        static func quoted(_ text: String) -> String {
            TextBuffer.text { $0.writeJSONString(text) }
        }
    }
}
