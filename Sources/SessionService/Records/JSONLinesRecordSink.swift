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
    /// The names, pre-encoded.
    private let vocabulary: Vocabulary
    private let descriptor: Int32
    private let closesDescriptor: Bool
    /// Lines not yet written: ``flushSize`` bytes and room for one more line, allocated once.
    private let buffer: UnsafeMutablePointer<UInt8>
    private var filled = 0
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
        buffer = .allocate(capacity: Self.flushSize + vocabulary.longestLine)
    }

    deinit {
        flush()
        if closesDescriptor { close(descriptor) }
        buffer.deallocate()
    }

    private static let flushSize = 64 * 1024

    public func finished(_ session: FinishedSession) {
        var line = LineWriter(buffer + filled)
        vocabulary.write(session, &line)
        filled += line.count
        written += 1
        if filled >= Self.flushSize { flush() }
    }

    public func flush() {
        guard filled > 0 else { return }
        defer { filled = 0 }
        guard failure == nil else { return }
        var offset = 0
        while offset < filled {
            let count = write(descriptor, buffer + offset, filled - offset)
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
        Vocabulary(names).append(session, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `YYYY-MM-DDThh:mm:ss.mmmZ` (RFC 3339, UTC) of `nanoseconds` since the epoch.
    public static func timestamp(_ nanoseconds: UInt64) -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBufferPointer { buffer in
            var line = LineWriter(buffer.baseAddress!)
            line.timestamp(nanoseconds)
            return line.count
        }
        return String(decoding: bytes[..<count], as: UTF8.self)
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
        /// `"reason":"…"}` and the newline, by raw value.
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
                Array("\"reason\":\(Self.quoted(SessionRecord.CloseReason(rawValue: UInt8(raw))?.name ?? "?"))}\n".utf8)
            }
            // The longest of each part, and room for the keys, numbers (20 digits), addresses (45) and times.
            longestLine = [members, serviceSets, algs, protocols, reasons].reduce(2048) { total, part in
                total + part.map(\.count).max()!
            }
        }

        /// Appends the line of `session`.
        func append(_ session: FinishedSession, to out: inout [UInt8]) {
            let start = out.count
            out.append(contentsOf: repeatElement(0, count: longestLine))
            let written = out.withUnsafeMutableBufferPointer { buffer in
                var line = LineWriter(buffer.baseAddress! + start)
                write(session, &line)
                return line.count
            }
            out.removeLast(longestLine - written)
        }

        /// Writes the line of `session` (at most ``longestLine`` bytes).
        func write(_ session: FinishedSession, _ line: inout LineWriter) {
            let record = session.close
            line.bytes(members[min(Int(record.member), members.count - 1)])
            line.bytes(serviceSets[min(Int(record.serviceSet), serviceSets.count - 1)])
            line.text("\"session_id\":")
            line.decimal(record.id)
            line.text(",\"parent_id\":")
            if record.parentID == 0 { line.text("null") } else { line.decimal(record.parentID) }
            line.byte(UInt8(ascii: ","))
            line.bytes(algs[Int(record.alg.rawValue)])
            line.bytes(protocols[Int(record.transport.rawValue)])
            line.text("\"initiator_source\":\"")
            line.address(record.source)
            line.text("\",\"initiator_source_port\":")
            line.decimal(UInt64(record.sourcePort))
            line.text(",\"initiator_destination\":\"")
            line.address(record.destination)
            line.text("\",\"initiator_destination_port\":")
            line.decimal(UInt64(record.destinationPort))
            line.text(",\"initiator_packets\":")
            line.decimal(record.initiatorPackets)
            line.text(",\"initiator_bytes\":")
            line.decimal(record.initiatorBytes)
            line.text(",\"responder_source\":\"")
            line.address(record.destination)
            line.text("\",\"responder_source_port\":")
            line.decimal(UInt64(record.destinationPort))
            line.text(",\"responder_destination\":\"")
            line.address(record.source)
            line.text("\",\"responder_destination_port\":")
            line.decimal(UInt64(record.sourcePort))
            line.text(",\"responder_packets\":")
            line.decimal(record.responderPackets)
            line.text(",\"responder_bytes\":")
            line.decimal(record.responderBytes)
            line.text(",\"start\":")
            if let start = session.start {
                line.byte(UInt8(ascii: "\""))
                line.timestamp(start)
                line.byte(UInt8(ascii: "\""))
            } else {
                line.text("null")
            }
            line.text(",\"end\":\"")
            line.timestamp(session.end)
            line.text("\",")
            line.bytes(reasons[Int(record.reason.rawValue)])
        }

        /// `text` as a JSON string (RFC 8259 §7): quotes, backslashes and control characters escaped.
        static func quoted(_ text: String) -> String {
            var result = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": result += "\\\""
                case "\\": result += "\\\\"
                case "\u{0}"..."\u{1F}":
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: result.unicodeScalars.append(scalar)
                }
            }
            return result + "\""
        }
    }

    /// Writes a line into memory sized for it (``Vocabulary/longestLine``).
    struct LineWriter {
        private let base: UnsafeMutablePointer<UInt8>
        private(set) var count = 0

        init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }

        @inline(__always)
        mutating func byte(_ value: UInt8) {
            base[count] = value
            count &+= 1
        }

        mutating func bytes(_ part: [UInt8]) {
            part.withUnsafeBufferPointer { (base + count).update(from: $0.baseAddress!, count: $0.count) }
            count &+= part.count
        }

        mutating func text(_ text: StaticString) {
            (base + count).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
            count &+= text.utf8CodeUnitCount
        }

        /// `value` in decimal, at least `width` digits (zeros before).
        mutating func decimal(_ value: UInt64, width: Int = 1) {
            var digits = 1
            var rest = value / 10
            while rest > 0 {
                digits &+= 1
                rest /= 10
            }
            digits = max(digits, width)
            rest = value
            for index in stride(from: count &+ digits &- 1, through: count, by: -1) {
                base[index] = UInt8(truncatingIfNeeded: rest % 10) &+ 48
                rest /= 10
            }
            count &+= digits
        }

        /// A dotted quad for IPv4 (written here), RFC 5952 text for IPv6.
        mutating func address(_ address: IPAddress) {
            guard address.isIPv4 else {
                for byte in address.description.utf8 { self.byte(byte) }
                return
            }
            let value = address.ipv4Value
            decimal(UInt64(value >> 24))
            byte(UInt8(ascii: "."))
            decimal(UInt64(value >> 16 & 0xFF))
            byte(UInt8(ascii: "."))
            decimal(UInt64(value >> 8 & 0xFF))
            byte(UInt8(ascii: "."))
            decimal(UInt64(value & 0xFF))
        }

        /// `YYYY-MM-DDThh:mm:ss.mmmZ` (RFC 3339, UTC) of `nanoseconds` since the epoch.
        mutating func timestamp(_ nanoseconds: UInt64) {
            let milliseconds = nanoseconds / 1_000_000
            let seconds = milliseconds / 1000
            let (year, month, day) = JunosTime.civilDate(days: Int(seconds / 86_400))
            let second = seconds % 86_400
            decimal(UInt64(year), width: 4)
            byte(UInt8(ascii: "-"))
            decimal(UInt64(month), width: 2)
            byte(UInt8(ascii: "-"))
            decimal(UInt64(day), width: 2)
            byte(UInt8(ascii: "T"))
            decimal(second / 3600, width: 2)
            byte(UInt8(ascii: ":"))
            decimal(second / 60 % 60, width: 2)
            byte(UInt8(ascii: ":"))
            decimal(second % 60, width: 2)
            byte(UInt8(ascii: "."))
            decimal(milliseconds % 1000, width: 3)
            byte(UInt8(ascii: "Z"))
        }
    }
}
