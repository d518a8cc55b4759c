// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import OperationalCommands
import ServicesCore
import SessionEngine
import SessionService
import Testing
import Wire

/// The regular expressions that real parsers of `show services sessions` apply (junos-research.md §1.1),
/// run the way those parsers run them on `ams`'s output of every real-traffic capture, at every level:
/// each reads exactly the lines it is meant to, and its groups give the fields of the sessions the tables
/// hold. `Tests/Integration/cli.sh` checks the `awk` fields with the real `awk`.
@Suite("Real parsers read ams's output")
struct RealParserTests {
    /// Juniper's own Toby library (`NITA/lib/jnpr/toby/services/cgnat.py`, `get_sessions_extensive`):
    /// `re.search` with `re.IGNORECASE`, tried in this order on each line, the first match wins.
    enum Toby {
        /// `utils.get_regex_ip()`: an IPv4 or IPv6 address.
        static let ip: String = {
            let ipv4 = #"(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})"#
            let hex4 = #"[A-Fa-f\d]{0,4}"#
            let ipv6 = "(?:(?:" + hex4 + ":{1,2}?){2,7}(?:" + ipv4 + "|" + hex4 + ")?)"
            return "(?:" + ipv6 + "|" + ipv4 + ")"
        }()
        static let patterns: [(name: String, pattern: String)] = [
            ("interface", #"(^.*-\d+\/\d+\/\d+)"#),
            ("header", #"Service Set:\s*(.*),\s*Session:\s*(\d+),\s*ALG:\s*(.*),\s*Flags:\s*(.*),\s*"#
                + #"IP Action:\s*(.*),\s*Offload:\s*(.*),\s*Asymmetric:\s*(.*)"#),
            ("nat action", #"NAT Action:\s*Translation Type\s*-\s*(.*)"#),
            ("nat ported", #"^\s*NAT (\w+)\s+("# + ip + #"):(\d+)\s*->\s*("# + ip + #"):\s*(\d+)"#),
            ("nat", #"^\s*NAT (\w+)\s+("# + ip + #")\s*->\s*("# + ip + ")"),
            ("flow ported", #"(\w+)\s+("# + ip + #"):(\d+)\s*->\s*("# + ip + #"):(\d+)\s* (\w+) \s*([I|O])\s*(\d+)"#),
            ("flow", #"(\w+)\s+("# + ip + #")\s*->\s*("# + ip + #")\s* (\w+) \s*([I|O])\s*(\d+)"#),
            ("byte count", #"Byte count:\s*(\d+)"#),
            ("flow role", #"Flow role:\s*(.*),\s*Timeout:\s*(\d+)"#),
        ]
    }

    /// A third-party parser for `show services sessions | no-more` (`mx240_parsers.py`,
    /// `parse_show_services_sessions`): case-sensitive; the interface is matched at the start of the
    /// stripped line, the rest searched, in this order.
    enum MX240 {
        static let patterns: [(name: String, pattern: String)] = [
            ("interface", #"^(ms-\S+)\s*$"#),
            ("header", #"Service Set:\s*(\S+),\s*Session:\s*(\d+),\s*ALG:\s*(\S+),\s*"#
                + #"Flags:\s*(\S+),\s*IP Action:\s*(\S+),\s*Offload:\s*(\S+),\s*Asymmetric:\s*(\S+)"#),
            ("flow", #"(TCP|UDP|ICMP|GRE)\s+([\d.]+):(\d+)\s*->\s*([\d.]+):(\d+)\s+(Forward|Reverse)\s+([IO])\s+(\d+)"#),
        ]
    }

    /// What a parser read from a line: the first of its patterns that matched, and the groups.
    struct Reading: Equatable, CustomStringConvertible {
        var pattern: String
        var groups: [String]
        var description: String { "\(pattern) \(groups)" }
    }

    /// Each line of `text` as the parser with `patterns` reads it (`nil`: no pattern matched).
    static func read(
        _ text: String, _ patterns: [(name: String, pattern: String)], ignoringCase: Bool, stripped: Bool = false
    ) throws -> [Reading?] {
        let compiled = try patterns.map { entry in
            let regex = try Regex(entry.pattern)
            return (entry.name, ignoringCase ? regex.ignoresCase() : regex)
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            for (name, regex) in compiled {
                // Python's `line.strip()`: without the spaces at either end.
                var subject = line
                if stripped && name == "interface" {
                    subject = subject.drop { $0 == " " }
                    while subject.last == " " { subject = subject.dropLast() }
                }
                if let match = subject.firstMatch(of: regex) {
                    let groups = (1..<match.output.count).map { match.output[$0].substring.map(String.init) ?? "" }
                    return Reading(pattern: name, groups: groups)
                }
            }
            return nil
        }
    }

    /// What `ams replay CAPTURE LINE` prints, and the members' tables the command was answered from.
    static func run(_ capture: String, _ line: String) throws -> (text: String, members: [MemberSnapshot]) {
        guard case .command(let parsed) = try CommandParser.parse(line) else { return ("", []) }
        var source = ReplaySource(
            path: ReplayHarness.capture(capture), configuration: nil,
            options: ReplayOptions(configuration: .builtInDefault(memberCount: 2), seed: 42))
        var out: [UInt8] = []
        try CommandExecutor(version: "test") { out += $0 }.execute(parsed, on: &source)
        return (String(decoding: out, as: UTF8.self), try source.tables().snapshot())
    }

    static let levels = ["brief", "extensive", "terse"]

    /// Toby's readings of the lines of a session listing, from the tables — for each line the readings it
    /// may have: its heading, header lines and flow lines; with `extensive` the byte count and role lines
    /// (the parent line matches nothing).
    static func tobyReadings(_ members: [MemberSnapshot], level: String) -> [[Reading?]] {
        var lines: [[Reading?]] = []
        for member in members where !member.sessions.isEmpty {
            lines.append([Reading(pattern: "interface", groups: [member.name])])
            if level == "terse" { lines += [[nil], [nil]] }  // `Service Set: S`, the column header
            for session in member.sessions {
                if level != "terse" {
                    // `Asymmetric: (.*)` takes the rest of the line, `, Session timeout: N` if printed.
                    let timeout = level == "extensive" ? session.sessionTimeout.map { ", Session timeout: \($0)" } ?? "" : ""
                    lines.append([Reading(pattern: "header", groups: [
                        session.serviceSet, String(session.id), session.alg.name, flagsText(session.flags),
                        yesNo(session.ipAction), yesNo(session.offload), yesNo(session.asymmetric) + timeout,
                    ])])
                    if level == "extensive" && session.parentID != nil { lines.append([nil]) }
                }
                for flow in [session.initiator, session.responder] {
                    lines.append(tobyFlowReadings(flow))
                    if level == "extensive" {
                        lines.append([Reading(pattern: "byte count", groups: [String(flow.bytes)])])
                        lines.append([Reading(pattern: "flow role", groups: [flow.role.name, String(flow.timeout)])])
                    }
                }
            }
        }
        return lines
    }

    /// Toby's readings of a flow line. A line without ports and with IPv6 addresses may be taken by the
    /// ported pattern, tried first, which then reads each address up to its last colon and the rest as the
    /// port, depending on the address: it does so on Junos's layout too
    /// (``tobyReadsJunosOwnIPv6LinesAlike()``).
    static func tobyFlowReadings(_ flow: FlowSnapshot) -> [Reading?] {
        let tail = [flow.state.name, flow.role.direction, String(flow.frames)]
        if flow.hasPorts {
            return [Reading(pattern: "flow ported", groups: [
                flow.transport.flowName, flow.source.description, String(flow.sourcePort),
                flow.destination.description, String(flow.destinationPort),
            ] + tail)]
        }
        let portless = Reading(
            pattern: "flow", groups: [flow.transport.flowName, flow.source.description, flow.destination.description] + tail)
        guard !flow.source.isIPv4 else { return [portless] }
        let split = { (address: String) -> [String] in
            let colon = address.lastIndex(of: ":")!
            return [String(address[..<colon]), String(address[address.index(after: colon)...])]
        }
        let misread = Reading(
            pattern: "flow ported",
            groups: [flow.transport.flowName] + split(flow.source.description) + split(flow.destination.description) + tail)
        return [portless, misread]
    }

    /// `true` if each reading is one of the readings its line may have.
    static func matches(_ readings: [Reading?], _ expected: [[Reading?]]) -> Bool {
        readings.count == expected.count && zip(readings, expected).allSatisfy { $1.contains($0) }
    }

    static func flagsText(_ flags: UInt32) -> String {
        let hex = String(flags, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    static func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }

    @Test(arguments: RealCaptureTests.captures)
    func tobyReadsEveryLevel(capture: String) throws {
        for level in Self.levels {
            let (text, members) = try Self.run(capture, "show services sessions \(level)")
            #expect(!members.flatMap(\.sessions).isEmpty)
            let readings = try Self.read(text, Toby.patterns, ignoringCase: true)
            #expect(Self.matches(readings, Self.tobyReadings(members, level: level)), "\(capture) \(level): \(readings)")
        }
        // Count: the interface pattern reads each row's member, nothing else matches.
        let (text, members) = try Self.run(capture, "show services sessions count")
        let rows = members.flatMap { member in member.serviceSetCounts.map { _ in Reading(pattern: "interface", groups: [member.name]) } }
        #expect(try Self.read(text, Toby.patterns, ignoringCase: true) == [nil, nil, nil] + rows)
    }

    /// Toby reads Junos's own IPv6 line without ports right; with an address of two groups before its
    /// `::` (`fd00:99::1`) in the same place, the ported pattern takes the line as ams's.
    @Test func tobyReadsJunosOwnIPv6LinesAlike() throws {
        let junos = "ICMPV6          3001::1        ->   1001::401:102        Forward  I              29\n"
        #expect(try Self.read(junos, Toby.patterns, ignoringCase: true) == [
            Reading(pattern: "flow", groups: ["ICMPV6", "3001::1", "1001::401:102", "Forward", "I", "29"])
        ])
        let other = junos.replacingOccurrences(of: "        3001::1", with: "     fd00:99::1")
        #expect(try Self.read(other, Toby.patterns, ignoringCase: true) == [
            Reading(pattern: "flow ported", groups: ["ICMPV6", "fd00:99:", "1", "1001::401", "102", "Forward", "I", "29"])
        ])
    }

    /// The MX240 parser reads every header line, and the flow lines its pattern is written for — IPv4,
    /// with ports, `Forward` — and nothing else; its `ms-` interface pattern does not take AMS members.
    @Test(arguments: RealCaptureTests.captures)
    func mx240ParserReadsHeadersAndIPv4ForwardFlows(capture: String) throws {
        for level in Self.levels {
            let (text, members) = try Self.run(capture, "show services sessions \(level)")
            var expected: [Reading?] = []
            for member in members where !member.sessions.isEmpty {
                expected.append(nil)
                if level == "terse" { expected += [nil, nil] }
                for session in member.sessions {
                    if level != "terse" {
                        // `Asymmetric: (\S+)` takes the comma before `Session timeout: N` too, where one is printed.
                        let comma = level == "extensive" && session.sessionTimeout != nil ? "," : ""
                        expected.append(Reading(pattern: "header", groups: [
                            session.serviceSet, String(session.id), session.alg.name, Self.flagsText(session.flags),
                            Self.yesNo(session.ipAction), Self.yesNo(session.offload), Self.yesNo(session.asymmetric) + comma,
                        ]))
                        if level == "extensive" && session.parentID != nil { expected.append(nil) }
                    }
                    for flow in [session.initiator, session.responder] {
                        let isRead = flow.hasPorts && flow.source.isIPv4 && flow.state == .forward
                            && ["TCP", "UDP", "ICMP", "GRE"].contains(flow.transport.flowName)
                        expected.append(isRead ? Reading(pattern: "flow", groups: [
                            flow.transport.flowName, flow.source.description, String(flow.sourcePort),
                            flow.destination.description, String(flow.destinationPort), flow.state.name,
                            flow.role.direction, String(flow.frames),
                        ]) : nil)
                        if level == "extensive" { expected += [nil, nil] }
                    }
                }
            }
            #expect(try Self.read(text, MX240.patterns, ignoringCase: false, stripped: true) == expected, "\(capture) \(level)")
        }
        let (count, _) = try Self.run(capture, "show services sessions count")
        #expect(try Self.read(count, MX240.patterns, ignoringCase: false, stripped: true).allSatisfy { $0 == nil })
    }
}
