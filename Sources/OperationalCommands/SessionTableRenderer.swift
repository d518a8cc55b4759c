// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore
import Wire

/// Renders `show services sessions` text in Junos format (SPEC.md §2.2).
///
/// Output goes straight into a ``TextBuffer``, session by session, so it streams without holding the
/// whole text and without a `String` per field.
public enum SessionTableRenderer {
    /// Writes the brief (default) output: an interface heading per member with sessions, then each session's
    /// header line and its two flow lines.
    public static func writeBrief(_ members: [MemberSnapshot], to output: inout TextBuffer) {
        for member in members where !member.sessions.isEmpty {
            writeHeading(member, to: &output)
            writeSessions(member.sessions, extensive: false, to: &output)
        }
    }

    /// Writes the extensive output (SPEC.md §2.3): the brief header (with `, Session timeout: N` where a
    /// session timeout applies, SPEC.md §2.12; then `  Parent session: N` for ALG children), and after each
    /// flow line its byte count, role and timeout.
    public static func writeExtensive(_ members: [MemberSnapshot], to output: inout TextBuffer) {
        for member in members where !member.sessions.isEmpty {
            writeHeading(member, to: &output)
            writeSessions(member.sessions, extensive: true, to: &output)
        }
    }

    /// The interface heading of a member's sessions: `mams-0/0/0 (ams0)`.
    public static func writeHeading(_ member: MemberSnapshot, to output: inout TextBuffer) {
        output.write(member.heading)
        output.newline()
    }

    /// Writes `sessions` in the brief or extensive form, without their member's heading: what a listing
    /// streamed in chunks writes per chunk (the heading goes before a member's first chunk).
    public static func writeSessions(_ sessions: [SessionSnapshot], extensive: Bool, to output: inout TextBuffer) {
        for session in sessions {
            writeHeader(session, to: &output)
            if extensive, let timeout = session.sessionTimeout {
                output.write(", Session timeout: ")
                output.write(decimal: UInt64(timeout))
            }
            output.newline()
            if extensive, let parent = session.parentID {
                output.write("  Parent session: ")
                output.write(decimal: parent)
                output.newline()
            }
            for flow in [session.initiator, session.responder] {
                writeFlow(flow, to: &output)
                output.newline()
                guard extensive else { continue }
                output.write("  Byte count: ")
                output.write(decimal: flow.bytes)
                output.newline()
                output.write("  Flow role: ")
                output.write(flow.role.name)
                output.write(", Timeout: ")
                output.write(decimal: UInt64(flow.timeout))
                output.newline()
            }
        }
    }

    /// Writes the terse output (SPEC.md §2.4, ours): per member and service set, a `Service Set: S` line,
    /// the column header (``writeFlowHeader(to:)``), and one flow line per flow.
    public static func writeTerse(_ members: [MemberSnapshot], to output: inout TextBuffer) {
        for member in members where !member.sessions.isEmpty {
            output.write(member.heading)
            output.newline()
            var serviceSets: [String] = member.serviceSetCounts.map(\.serviceSet)
            for session in member.sessions where !serviceSets.contains(session.serviceSet) {
                serviceSets.append(session.serviceSet)
            }
            for serviceSet in serviceSets {
                let sessions = member.sessions.filter { $0.serviceSet == serviceSet }
                if sessions.isEmpty { continue }
                output.write("Service Set: ")
                output.write(serviceSet)
                output.newline()
                writeFlowHeader(to: &output)
                output.newline()
                for session in sessions {
                    writeFlow(session.initiator, to: &output)
                    output.newline()
                    writeFlow(session.responder, to: &output)
                    output.newline()
                }
            }
        }
    }

    /// A row per member and service set with sessions: `%-20s %-32s %Ns`, N the width of `numberHeading`
    /// (at least 14), under a heading line.
    static func writeServiceSetTable(_ members: [MemberSnapshot], numberHeading: String, to output: inout TextBuffer) {
        let width = max(14, numberHeading.count)
        output.write("Interface", leftJustifiedIn: 20)
        output.write(" ")
        output.write("Service Set", leftJustifiedIn: 32)
        output.write(" ")
        output.write(numberHeading, leftJustifiedIn: width)
        output.newline()
        for member in members {
            for row in member.serviceSetCounts where row.sessions > 0 {
                output.write(member.heading, leftJustifiedIn: 20)
                output.write(" ")
                output.write(row.serviceSet, leftJustifiedIn: 32)
                output.write(" ")
                output.write(decimal: UInt64(row.sessions), rightJustifiedIn: width)
                output.newline()
            }
        }
    }

    /// The rows `clear services sessions` removed, per member and service set (SPEC.md §2.7, ours):
    /// `%-20s %-32s %16s` of interface, service set and sessions cleared.
    /// The interface is the member alone (`mams-0/0/0`), as in the XML documents.
    public static func clearedRows(_ members: [MemberSnapshot]) -> [(interface: String, serviceSet: String, removed: Int)] {
        members.flatMap { member in
            member.serviceSetCounts.filter { $0.sessions > 0 }.map { (member.name, $0.serviceSet, $0.sessions) }
        }
    }

    /// Writes the `clear services sessions` table.
    public static func writeCleared(_ members: [MemberSnapshot], to output: inout TextBuffer) {
        writeServiceSetTable(members, numberHeading: "Sessions cleared", to: &output)
    }

    /// The `show services sessions analysis` rows: the Junos field names and their values.
    /// A replay of a shard of the members (`--member-shard`) adds `Packets of another shard` *(ours)* to the
    /// members that had some.
    static func analysisRows(_ analysis: SessionAnalysis) -> [(String, UInt64)] {
        let shardRow = analysis.packetsOfOtherShard > 0 ? [("Packets of another shard", analysis.packetsOfOtherShard)] : []
        return [
            ("Total Sessions Active", UInt64(analysis.total)),
            ("Total TCP Sessions Active", UInt64(analysis.tcp)),
            ("Total UDP Sessions Active", UInt64(analysis.udp)),
            ("Total Other Sessions Active", UInt64(analysis.other)),
            ("Total Predicted Sessions Active", UInt64(analysis.predicted)),
            ("Created Sessions per Second", UInt64(analysis.createdPerSecond)),
            ("Deleted Sessions per Second", UInt64(analysis.deletedPerSecond)),
            ("Peak Total Sessions Active", UInt64(analysis.peakTotal)),
            ("Peak Total TCP Sessions Active", UInt64(analysis.peakTCP)),
            ("Peak Total UDP Sessions Active", UInt64(analysis.peakUDP)),
            ("Peak Total Other Sessions Active", UInt64(analysis.peakOther)),
            ("Peak Created Sessions per Second", UInt64(analysis.peakCreatedPerSecond)),
            ("Peak Deleted Sessions per Second", UInt64(analysis.peakDeletedPerSecond)),
            ("Packets received", analysis.packetsReceived),
            ("Packets transmitted", analysis.packetsTransmitted),
            ("Slow path forward", analysis.slowPathForward),
            ("Slow path discard", analysis.slowPathDiscard),
        ] + shardRow
    }

    /// Writes `show services sessions analysis` (SPEC.md §2.8; field names from the Junos documentation,
    /// layout after the captured Next Gen output): per member, its name, then `%-40s:%d` rows.
    ///
    /// `ams run` adds a block per Linux interface it reads, after the members, in the same layout, and
    /// inline the frames by verdict *(ours)*.
    public static func writeAnalysis(
        _ members: [MemberSnapshot], interfaces: [LiveInterfaceSnapshot] = [], forwarding: LiveForwardingCounters? = nil,
        to output: inout TextBuffer
    ) {
        for (index, member) in members.enumerated() {
            if index > 0 { output.newline() }
            if member.generation == .nextGen {
                writeNextGenAnalysis(member, to: &output)
                continue
            }
            output.write("  Services PIC Name:   ")
            output.write(member.name)
            output.newline()
            output.newline()
            output.write("Session Analysis Statistics:")
            output.newline()
            writeRows(analysisRows(member.analysis), to: &output)
        }
        for interface in interfaces {
            output.newline()
            output.write("  Linux interface:     ")
            output.write(interface.name)
            output.write(" (")
            output.write(interface.side)
            output.write(")")
            output.newline()
            output.newline()
            output.write("Capture Statistics:")
            output.newline()
            writeRows(LiveStatisticsRows.capture(interface).map { ($0.label, $0.value) }, to: &output)
        }
        if let forwarding {
            output.newline()
            output.write("Inline Forwarding Statistics:")
            output.newline()
            writeRows(LiveStatisticsRows.forwarding(forwarding).map { ($0.label, $0.value) }, to: &output)
        }
    }

    /// `%-40s:%d` rows, each indented by two spaces: the analysis layout.
    private static func writeRows(_ rows: [(String, UInt64)], to output: inout TextBuffer) {
        for (name, value) in rows {
            output.write("  ")
            output.write(name, leftJustifiedIn: 40)
            output.write(":")
            output.write(decimal: value)
            output.newline()
        }
    }

    /// The brief output as one string (for tests and small tables).
    public static func brief(_ members: [MemberSnapshot]) -> String {
        TextBuffer.text { writeBrief(members, to: &$0) }
    }

    /// `Service Set: ss1, Session: 16777217, ALG: ftp, Flags: 0x0000, IP Action: no, Offload: no, Asymmetric: no`
    public static func writeHeader(_ session: SessionSnapshot, to output: inout TextBuffer) {
        output.write("Service Set: ")
        output.write(session.serviceSet)
        output.write(", Session: ")
        output.write(decimal: session.id)
        output.write(", ALG: ")
        output.write(session.alg.name)
        output.write(", Flags: ")
        output.write(hexadecimal: UInt64(session.flags), minimumDigits: SessionDocuments.flagsDigits)
        output.write(", IP Action: ")
        output.write(session.ipAction ? "yes" : "no")
        output.write(", Offload: ")
        output.write(session.offload ? "yes" : "no")
        output.write(", Asymmetric: ")
        output.write(session.asymmetric ? "yes" : "no")
    }
}
