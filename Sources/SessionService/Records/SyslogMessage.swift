// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
import OperationalCommands
public import SessionEngine
import ServicesCore
import Wire

/// The Junos MS-MPC session and stateful-firewall log messages of one syslog host (SPEC.md §8), written
/// into a ``TextBuffer`` room with no string made: RFC 3164 (`<PRI>Mmm dd hh:mm:ss HOST …`) or RFC 5424
/// (`<PRI>1 TIMESTAMP HOST ams - MSGID [junos@2636.1.1.1.2.25 …] …`), the time the packet time (UTC).
///
/// The text after the header, as the card's:
/// - `{S}JSERVICES_SESSION_OPEN: application:A, IF SRC:SPORT -> DST:DPORT (PROTO)`
/// - `{S}JSERVICES_SESSION_CLOSE: …` the same, then *ours*: `IP(IB) RP(RB) REASON` — packets(bytes) from
///   the initiator, from the responder, and why it ended;
/// - `{S}JSERVICES_SFW_RULE_ACCEPT: proto N (PROTO) application: A, IF:SRC:SPORT -> DST:DPORT, Match SFW
///   accept rule-set: RS, rule: R, term: T` (`DISCARD`/`discard`, `REJECT`/`reject` alike; `rule-set:
///   (null)` when the service set names the rule itself, as the card's NAT line does).
///
/// `IF` *(ours)*: the session's member with its service set's inside unit (`mams-5/0/0.1`), as the Next Gen
/// `If:` of the show output; `A` the application the policy matches (`junos-ftp`), else `none`. Severity
/// `info` for all; the facility the host's (`user` by default: `<14>`).
public struct SyslogMessageFormat {
    /// What a message of a session says besides its record.
    public struct Context {
        /// The application's name (`none` when none matched).
        public var application: String
        public init(application: String) { self.application = application }
    }

    /// A stateful-firewall rule line's match.
    public struct RuleMatch {
        public var verdict: FlowState
        public var ruleSet: String?
        public var rule: String
        public var term: String
        public init(verdict: FlowState, ruleSet: String?, rule: String, term: String) {
            self.verdict = verdict
            self.ruleSet = ruleSet
            self.rule = rule
            self.term = term
        }
    }

    /// RFC 5424 rather than RFC 3164.
    let isStructuredData: Bool
    /// `<PRI>` (and `1 ` for RFC 5424), by service set index (each service set's facility).
    let priorities: [[UInt8]]
    /// ` HOST ` (RFC 3164) or ` HOST ams - ` (RFC 5424).
    let host: [UInt8]
    /// `PREFIX ` or nothing, by service set.
    let prefixes: [[UInt8]]
    /// ` prefix="PREFIX"` or nothing, by service set (RFC 5424).
    let prefixParameters: [[UInt8]]
    /// `{S}`, by service set; the last: an unknown index.
    let serviceSets: [[UInt8]]
    /// The service set's name as an RFC 5424 parameter value, by service set.
    let serviceSetValues: [[UInt8]]
    /// The inside interface, by member, then service set.
    let interfaces: [[[UInt8]]]

    /// The most bytes a message takes, besides its names.
    static let fixedRoom = 1024
    /// ``fixedRoom`` and the longest of each name (priority, host, prefixes, service set, interface): a
    /// message's room but for its application and rule, computed once.
    let namesRoom: Int

    /// Messages from `hostName` for the service sets and members of `names`; per service set, its facility
    /// and log prefix (`nil`: a service set that does not log here — `user`, none); `interface` names a
    /// member's interface for a service set.
    public init(
        hostName: String, structuredData: Bool, names: SessionRecordNames,
        facilities: [SyslogHost.Facility?], prefixes: [String?], interface: (_ member: String, _ serviceSet: String) -> String
    ) {
        isStructuredData = structuredData
        let count = names.serviceSets.count
        priorities = (0...count).map { index in
            let facility = index < count ? (facilities[index]?.code ?? 1) : 1
            return Array("<\(facility * 8 + 6)>\(structuredData ? "1 " : "")".utf8)
        }
        host = Array((structuredData ? " \(hostName) ams - " : " \(hostName) ").utf8)
        self.prefixes = (0...count).map { index in
            guard index < count, let prefix = prefixes[index] else { return [] }
            return Array("\(prefix) ".utf8)
        }
        prefixParameters = (0...count).map { index in
            guard index < count, let prefix = prefixes[index] else { return [] }
            return Array(" prefix=\"\(Self.parameterValue(prefix))\"".utf8)
        }
        serviceSets = (names.serviceSets + ["?"]).map { Array("{\($0)}".utf8) }
        serviceSetValues = (names.serviceSets + ["?"]).map { Array(Self.parameterValue($0).utf8) }
        interfaces = names.members.map { member in
            (names.serviceSets + ["?"]).map { Array(interface(member, $0).utf8) }
        } + [[Array("?".utf8)]]
        namesRoom = Self.fixedRoom
            + (priorities.map(\.count).max() ?? 0) + host.count + (self.prefixes.map(\.count).max() ?? 0)
            + (prefixParameters.map(\.count).max() ?? 0) + 2 * (serviceSets.map(\.count).max() ?? 0)
            + (interfaces.flatMap { $0.map(\.count) }.max() ?? 0) * 2
    }

    /// The most bytes of a message of `context` (and `match`).
    func room(_ context: Context, _ match: RuleMatch? = nil) -> Int {
        namesRoom + 3 * context.application.utf8.count
            + (match.map { 3 * ($0.ruleSet?.utf8.count ?? 6) + 3 * $0.rule.utf8.count + 3 * $0.term.utf8.count } ?? 0)
    }

    /// `JSERVICES_SESSION_OPEN` of `record`.
    public func open(_ record: SessionRecord, _ context: Context, _ line: inout TextBuffer.Room) {
        header(record, time: record.time, tag: "JSERVICES_SESSION_OPEN", line: &line)
        if isStructuredData {
            parameters(record, context, &line)
            line.bytes("] ")
        }
        sessionText(record, tag: "JSERVICES_SESSION_OPEN", context, &line)
    }

    /// `JSERVICES_SESSION_CLOSE` of `session`.
    public func close(_ session: FinishedSession, _ context: Context, _ line: inout TextBuffer.Room) {
        let record = session.close
        header(record, time: session.end, tag: "JSERVICES_SESSION_CLOSE", line: &line)
        if isStructuredData {
            parameters(record, context, &line)
            line.bytes(" packets-from-client=\"")
            line.decimal(record.initiatorPackets)
            line.bytes("\" bytes-from-client=\"")
            line.decimal(record.initiatorBytes)
            line.bytes("\" packets-from-server=\"")
            line.decimal(record.responderPackets)
            line.bytes("\" bytes-from-server=\"")
            line.decimal(record.responderBytes)
            line.bytes("\" reason=\"")
            TextBuffer.withUTF8(record.reason.name) { line.bytes($0) }
            line.bytes("\"] ")
        }
        sessionText(record, tag: "JSERVICES_SESSION_CLOSE", context, &line)
        line.byte(UInt8(ascii: " "))
        line.decimal(record.initiatorPackets)
        line.byte(UInt8(ascii: "("))
        line.decimal(record.initiatorBytes)
        line.bytes(") ")
        line.decimal(record.responderPackets)
        line.byte(UInt8(ascii: "("))
        line.decimal(record.responderBytes)
        line.bytes(") ")
        TextBuffer.withUTF8(record.reason.name) { line.bytes($0) }
    }

    /// `JSERVICES_SFW_RULE_ACCEPT` (`DISCARD`, `REJECT`) of `record`'s first packet.
    public func rule(_ record: SessionRecord, _ match: RuleMatch, _ context: Context, _ line: inout TextBuffer.Room) {
        let (tag, word): (StaticString, StaticString) = switch match.verdict {
        case .drop: ("JSERVICES_SFW_RULE_DISCARD", "discard")
        case .reject: ("JSERVICES_SFW_RULE_REJECT", "reject")
        default: ("JSERVICES_SFW_RULE_ACCEPT", "accept")
        }
        header(record, time: record.time, tag: tag, line: &line)
        if isStructuredData {
            parameters(record, context, &line)
            line.bytes(" rule-set-name=\"")
            TextBuffer.withUTF8(Self.parameterValue(match.ruleSet ?? "(null)")) { line.bytes($0) }
            line.bytes("\" rule-name=\"")
            TextBuffer.withUTF8(Self.parameterValue(match.rule)) { line.bytes($0) }
            line.bytes("\" term-name=\"")
            TextBuffer.withUTF8(Self.parameterValue(match.term)) { line.bytes($0) }
            line.bytes("\"] ")
        }
        let index = serviceSetIndex(record)
        line.bytes(prefixes[index])
        line.bytes(serviceSets[index])
        line.bytes(tag)
        line.bytes(": proto ")
        line.decimal(UInt64(record.transport.rawValue))
        line.bytes(" (")
        TextBuffer.withUTF8(record.transport.flowName) { line.bytes($0) }
        line.bytes(") application: ")
        TextBuffer.withUTF8(context.application) { line.bytes($0) }
        line.bytes(", ")
        line.bytes(interface(record))
        line.byte(UInt8(ascii: ":"))
        endpoints(record, &line)
        line.bytes(", Match SFW ")
        line.bytes(word)
        line.bytes(" rule-set: ")
        TextBuffer.withUTF8(match.ruleSet ?? "(null)") { line.bytes($0) }
        line.bytes(", rule: ")
        TextBuffer.withUTF8(match.rule) { line.bytes($0) }
        line.bytes(", term: ")
        TextBuffer.withUTF8(match.term) { line.bytes($0) }
    }

    // MARK: - Parts

    private func serviceSetIndex(_ record: SessionRecord) -> Int { min(Int(record.serviceSet), serviceSets.count - 1) }

    private func interface(_ record: SessionRecord) -> [UInt8] {
        let member = min(Int(record.member), interfaces.count - 1)
        let row = interfaces[member]
        return row[min(Int(record.serviceSet), row.count - 1)]
    }

    /// `<PRI>Mmm dd hh:mm:ss HOST ` or `<PRI>1 YYYY-MM-DDThh:mm:ss.mmmZ HOST ams - TAG [junos@… `.
    private func header(_ record: SessionRecord, time: UInt64, tag: StaticString, line: inout TextBuffer.Room) {
        line.bytes(priorities[serviceSetIndex(record)])
        if isStructuredData {
            JSONLinesRecordSink.Vocabulary.timestamp(time, &line)
            line.bytes(host)
            line.bytes(tag)
            line.bytes(" [junos@2636.1.1.1.2.25")
            line.bytes(prefixParameters[serviceSetIndex(record)])
        } else {
            Self.bsdTimestamp(time, &line)
            line.bytes(host)
        }
    }

    /// The RFC 5424 parameters every message has.
    private func parameters(_ record: SessionRecord, _ context: Context, _ line: inout TextBuffer.Room) {
        line.bytes(" service-set-name=\"")
        line.bytes(serviceSetValues[serviceSetIndex(record)])
        line.bytes("\" source-address=\"")
        JSONLinesRecordSink.Vocabulary.address(record.source, &line)
        line.bytes("\" source-port=\"")
        line.decimal(UInt64(record.sourcePort))
        line.bytes("\" destination-address=\"")
        JSONLinesRecordSink.Vocabulary.address(record.destination, &line)
        line.bytes("\" destination-port=\"")
        line.decimal(UInt64(record.destinationPort))
        line.bytes("\" protocol-id=\"")
        line.decimal(UInt64(record.transport.rawValue))
        line.bytes("\" application=\"")
        TextBuffer.withUTF8(Self.parameterValue(context.application)) { line.bytes($0) }
        line.bytes("\" packet-incoming-interface=\"")
        line.bytes(interface(record))
        line.byte(UInt8(ascii: "\""))
    }

    /// `[PREFIX ]{S}TAG: application:A, IF SRC:SPORT -> DST:DPORT (PROTO)`.
    private func sessionText(_ record: SessionRecord, tag: StaticString, _ context: Context, _ line: inout TextBuffer.Room) {
        let index = serviceSetIndex(record)
        line.bytes(prefixes[index])
        line.bytes(serviceSets[index])
        line.bytes(tag)
        line.bytes(": application:")
        TextBuffer.withUTF8(context.application) { line.bytes($0) }
        line.bytes(", ")
        line.bytes(interface(record))
        line.byte(UInt8(ascii: " "))
        endpoints(record, &line)
        line.bytes(" (")
        TextBuffer.withUTF8(record.transport.flowName) { line.bytes($0) }
        line.byte(UInt8(ascii: ")"))
    }

    /// `SRC:SPORT -> DST:DPORT`.
    private func endpoints(_ record: SessionRecord, _ line: inout TextBuffer.Room) {
        JSONLinesRecordSink.Vocabulary.address(record.source, &line)
        line.byte(UInt8(ascii: ":"))
        line.decimal(UInt64(record.sourcePort))
        line.bytes(" -> ")
        JSONLinesRecordSink.Vocabulary.address(record.destination, &line)
        line.byte(UInt8(ascii: ":"))
        line.decimal(UInt64(record.destinationPort))
    }

    private static let months: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Mmm dd hh:mm:ss` (RFC 3164 §4.1.2: the day space-padded), UTC, of `nanoseconds` since the epoch.
    static func bsdTimestamp(_ nanoseconds: UInt64, _ line: inout TextBuffer.Room) {
        let seconds = nanoseconds / 1_000_000_000
        let (_, month, day) = JunosTime.civilDate(days: Int(seconds / 86_400))
        let second = seconds % 86_400
        line.bytes(months[month - 1])
        line.byte(UInt8(ascii: " "))
        if day < 10 { line.byte(UInt8(ascii: " ")) }
        line.decimal(UInt64(day))
        line.byte(UInt8(ascii: " "))
        JSONLinesRecordSink.Vocabulary.timeOfDay(second, &line)
    }

    /// `text` as an RFC 5424 PARAM-VALUE: `"`, `\` and `]` escaped with a backslash (§6.3.3).
    static func parameterValue(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar == "\"" || scalar == "\\" || scalar == "]" { result.unicodeScalars.append("\\") }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
