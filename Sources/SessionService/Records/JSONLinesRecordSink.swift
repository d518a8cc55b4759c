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
/// with `responder_`), `start` (the first packet; null when its open record was dropped), `end` (the last
/// packet; both RFC 3339 UTC with milliseconds, packet time) and `reason` (`idle`, `fin`, `rst`,
/// `cleared`, `limit`, `shutdown`, `replaced`, `reload`).
public final class JSONLinesRecordSink: SessionRecordSink {
    private let names: SessionRecordNames
    private let descriptor: Int32
    private let closesDescriptor: Bool
    private var buffer: [UInt8] = []
    /// Lines written (sessions).
    public private(set) var written = 0
    /// Set when a write failed (the rest is not written).
    public private(set) var failure: Int32?

    /// Writes to `path`, created or truncated (`-`: standard output).
    public init(path: String, names: SessionRecordNames) throws(CommandFailure) {
        self.names = names
        if path == "-" {
            descriptor = 1
            closesDescriptor = false
        } else {
            let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard opened >= 0 else { throw CommandFailure("\(path): \(String(cString: strerror(errno)))") }
            descriptor = opened
            closesDescriptor = true
        }
        buffer.reserveCapacity(Self.flushSize + 1024)
    }

    deinit {
        flush()
        if closesDescriptor { close(descriptor) }
    }

    private static let flushSize = 64 * 1024

    public func finished(_ session: FinishedSession) {
        Self.append(session, names: names, to: &buffer)
        written += 1
        if buffer.count >= Self.flushSize { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == nil else { return }
        var offset = 0
        while offset < buffer.count {
            let count = buffer.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
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
        var bytes: [UInt8] = []
        append(session, names: names, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func append(_ session: FinishedSession, names: SessionRecordNames, to out: inout [UInt8]) {
        let record = session.close
        out.append(UInt8(ascii: "{"))
        string("member", names.member(of: record), &out)
        string("bundle", names.bundle(of: record), &out)
        string("service_set", names.serviceSet(of: record), &out)
        number("session_id", record.id, &out)
        if record.parentID == 0 { raw("parent_id", "null", &out) } else { number("parent_id", record.parentID, &out) }
        string("alg", record.alg.name, &out)
        string("protocol", record.transport.flowName, &out)
        number("protocol_number", UInt64(record.transport.rawValue), &out)
        string("initiator_source", record.source.description, &out)
        number("initiator_source_port", UInt64(record.sourcePort), &out)
        string("initiator_destination", record.destination.description, &out)
        number("initiator_destination_port", UInt64(record.destinationPort), &out)
        number("initiator_packets", record.initiatorPackets, &out)
        number("initiator_bytes", record.initiatorBytes, &out)
        string("responder_source", record.destination.description, &out)
        number("responder_source_port", UInt64(record.destinationPort), &out)
        string("responder_destination", record.source.description, &out)
        number("responder_destination_port", UInt64(record.sourcePort), &out)
        number("responder_packets", record.responderPackets, &out)
        number("responder_bytes", record.responderBytes, &out)
        if let start = session.start { string("start", timestamp(start), &out) } else { raw("start", "null", &out) }
        string("end", timestamp(session.end), &out)
        string("reason", record.reason.name, &out, last: true)
        out.append(contentsOf: "}\n".utf8)
    }

    /// `YYYY-MM-DDThh:mm:ss.mmmZ` (RFC 3339, UTC) of `nanoseconds` since the epoch.
    public static func timestamp(_ nanoseconds: UInt64) -> String {
        let milliseconds = Int(nanoseconds / 1_000_000)
        let seconds = milliseconds / 1000
        let (year, month, day) = JunosTime.civilDate(days: seconds / 86_400)
        let second = seconds % 86_400
        func digits(_ value: Int, _ count: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, count - text.count)) + text
        }
        return "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2))T\(digits(second / 3600, 2)):"
            + "\(digits(second / 60 % 60, 2)):\(digits(second % 60, 2)).\(digits(milliseconds % 1000, 3))Z"
    }

    private static func key(_ name: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: name.utf8)
        out.append(contentsOf: "\":".utf8)
    }

    private static func raw(_ name: String, _ value: String, _ out: inout [UInt8], last: Bool = false) {
        key(name, &out)
        out.append(contentsOf: value.utf8)
        if !last { out.append(UInt8(ascii: ",")) }
    }

    private static func number(_ name: String, _ value: UInt64, _ out: inout [UInt8]) {
        raw(name, String(value), &out)
    }

    /// A JSON string (RFC 8259 §7): quotes, backslashes and control characters escaped.
    private static func string(_ name: String, _ value: String, _ out: inout [UInt8], last: Bool = false) {
        key(name, &out)
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        if !last { out.append(UInt8(ascii: ",")) }
    }
}
