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
    private var buffer: [UInt8] = []
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
        buffer.reserveCapacity(Self.flushSize + 1024)
    }

    deinit {
        flush()
        if closesDescriptor { close(descriptor) }
    }

    private static let flushSize = 64 * 1024

    public func finished(_ session: FinishedSession) {
        vocabulary.append(session, to: &buffer)
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
        Vocabulary(names).append(session, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `YYYY-MM-DDThh:mm:ss.mmmZ` (RFC 3339, UTC) of `nanoseconds` since the epoch.
    public static func timestamp(_ nanoseconds: UInt64) -> String {
        var bytes: [UInt8] = []
        Vocabulary.timestamp(nanoseconds, &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// What every line is made of, encoded once: the names of each member (with its bundle) and service
    /// set as JSON, the ALGs' and protocols' names; a line is then bytes copied and numbers written digit
    /// by digit, with no string made (the drain must keep up with the members).
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

        init(_ names: SessionRecordNames) {
            members = names.members.indices.map { index in
                Array("{\"member\":\(Self.quoted(names.members[index])),\"bundle\":\(Self.quoted(names.bundles[index])),".utf8)
            }
            serviceSets = names.serviceSets.map { Array("\"service_set\":\(Self.quoted($0)),".utf8) }
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
        }

        func append(_ session: FinishedSession, to out: inout [UInt8]) {
            let record = session.close
            let member = Int(record.member)
            if member < members.count {
                out.append(contentsOf: members[member])
            } else {
                out.append(contentsOf: "{\"member\":\"?\",\"bundle\":\"?\",".utf8)
            }
            let serviceSet = Int(record.serviceSet)
            if serviceSet < serviceSets.count {
                out.append(contentsOf: serviceSets[serviceSet])
            } else {
                out.append(contentsOf: "\"service_set\":\"?\",".utf8)
            }
            Self.key("\"session_id\":", &out)
            Self.decimal(record.id, &out)
            Self.key(",\"parent_id\":", &out)
            if record.parentID == 0 { Self.key("null", &out) } else { Self.decimal(record.parentID, &out) }
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: algs[Int(record.alg.rawValue)])
            out.append(contentsOf: protocols[Int(record.transport.rawValue)])
            Self.flow(
                Self.initiator, record.source, record.sourcePort, record.destination, record.destinationPort,
                record.initiatorPackets, record.initiatorBytes, &out)
            Self.flow(
                Self.responder, record.destination, record.destinationPort, record.source, record.sourcePort,
                record.responderPackets, record.responderBytes, &out)
            Self.key(",\"start\":", &out)
            if let start = session.start {
                out.append(UInt8(ascii: "\""))
                Self.timestamp(start, &out)
                out.append(UInt8(ascii: "\""))
            } else {
                Self.key("null", &out)
            }
            Self.key(",\"end\":\"", &out)
            Self.timestamp(session.end, &out)
            Self.key("\",", &out)
            out.append(contentsOf: reasons[Int(record.reason.rawValue)])
        }

        /// The keys of a flow, each with what stands before its value.
        struct FlowKeys {
            var source: StaticString
            var sourcePort: StaticString
            var destination: StaticString
            var destinationPort: StaticString
            var packets: StaticString
            var bytes: StaticString
        }
        static let initiator = FlowKeys(
            source: "\"initiator_source\":\"", sourcePort: "\",\"initiator_source_port\":",
            destination: ",\"initiator_destination\":\"", destinationPort: "\",\"initiator_destination_port\":",
            packets: ",\"initiator_packets\":", bytes: ",\"initiator_bytes\":")
        static let responder = FlowKeys(
            source: ",\"responder_source\":\"", sourcePort: "\",\"responder_source_port\":",
            destination: ",\"responder_destination\":\"", destinationPort: "\",\"responder_destination_port\":",
            packets: ",\"responder_packets\":", bytes: ",\"responder_bytes\":")

        private static func flow(
            _ keys: FlowKeys, _ source: IPAddress, _ sourcePort: UInt16, _ destination: IPAddress,
            _ destinationPort: UInt16, _ packets: UInt64, _ bytes: UInt64, _ out: inout [UInt8]
        ) {
            key(keys.source, &out)
            address(source, &out)
            key(keys.sourcePort, &out)
            decimal(UInt64(sourcePort), &out)
            key(keys.destination, &out)
            address(destination, &out)
            key(keys.destinationPort, &out)
            decimal(UInt64(destinationPort), &out)
            key(keys.packets, &out)
            decimal(packets, &out)
            key(keys.bytes, &out)
            decimal(bytes, &out)
        }

        @inline(__always)
        static func key(_ text: StaticString, _ out: inout [UInt8]) {
            text.withUTF8Buffer { out.append(contentsOf: $0) }
        }

        /// `value` in decimal.
        static func decimal(_ value: UInt64, _ out: inout [UInt8]) {
            var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 20 digits at most, in 24 bytes
            var count = 0
            var rest = value
            withUnsafeMutableBytes(of: &digits) { buffer in
                repeat {
                    buffer[23 - count] = UInt8(truncatingIfNeeded: rest % 10) &+ 48
                    rest /= 10
                    count += 1
                } while rest > 0
                out.append(contentsOf: buffer[(24 - count)...])
            }
        }

        /// `value` in decimal, padded with zeros to `width` digits.
        static func padded(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 1 && value < divisor {
                out.append(UInt8(ascii: "0"))
                divisor /= 10
            }
            decimal(UInt64(value), &out)
        }

        /// A dotted quad for IPv4 (written here), RFC 5952 text for IPv6.
        static func address(_ address: IPAddress, _ out: inout [UInt8]) {
            guard address.isIPv4 else {
                out.append(contentsOf: address.description.utf8)
                return
            }
            let value = address.ipv4Value
            decimal(UInt64(value >> 24), &out)
            out.append(UInt8(ascii: "."))
            decimal(UInt64(value >> 16 & 0xFF), &out)
            out.append(UInt8(ascii: "."))
            decimal(UInt64(value >> 8 & 0xFF), &out)
            out.append(UInt8(ascii: "."))
            decimal(UInt64(value & 0xFF), &out)
        }

        /// `YYYY-MM-DDThh:mm:ss.mmmZ` of `nanoseconds` since the epoch.
        static func timestamp(_ nanoseconds: UInt64, _ out: inout [UInt8]) {
            let milliseconds = Int(nanoseconds / 1_000_000)
            let seconds = milliseconds / 1000
            let (year, month, day) = JunosTime.civilDate(days: seconds / 86_400)
            let second = seconds % 86_400
            padded(year, 4, &out)
            out.append(UInt8(ascii: "-"))
            padded(month, 2, &out)
            out.append(UInt8(ascii: "-"))
            padded(day, 2, &out)
            out.append(UInt8(ascii: "T"))
            padded(second / 3600, 2, &out)
            out.append(UInt8(ascii: ":"))
            padded(second / 60 % 60, 2, &out)
            out.append(UInt8(ascii: ":"))
            padded(second % 60, 2, &out)
            out.append(UInt8(ascii: "."))
            padded(milliseconds % 1000, 3, &out)
            out.append(UInt8(ascii: "Z"))
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
}
