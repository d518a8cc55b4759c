// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore
import Wire

/// Builds the reply documents of `show services sessions` and `clear services sessions` (SPEC.md §2.5–2.7)
/// as ``JunosElement`` trees; ``JunosReply`` and the element's serialisers turn them into XML or JSON.
///
/// Element names: `count` and `clear` replies are verbatim from captures; the children of
/// `<msp-session-table>` are ours (SPEC.md §2.6). `<interface-name>` holds the
/// member interface alone (`mams-5/0/0`), as the captured replies do (`ms-4/0/0`), not the text heading.
public enum SessionDocuments {
    /// `<msp-session-table>`: per member and service set a `<msp-per-service-set-session-table>`, per session
    /// a `<msp-session>`, per flow an `<sfw-flow-entry>`; `extensive` adds byte count, role and timeout.
    ///
    /// Members without sessions are left out. Within a member, service sets follow configuration order
    /// (``MemberSnapshot/serviceSetCounts``; sets missing there follow in order of first appearance), and
    /// sessions keep their snapshot order (ascending session ID).
    public static func sessionTable(
        _ members: [MemberSnapshot], extensive: Bool, release: String = JunosReply.release
    ) -> JunosElement {
        var root = JunosElement(
            "msp-session-table",
            attributes: [JunosAttribute("xmlns", JunosReply.adaptiveServicesNamespace(release: release))]
        )
        for member in members where !member.sessions.isEmpty {
            for serviceSet in serviceSetOrder(member) {
                var table = JunosElement("msp-per-service-set-session-table")
                table.appendLeaf("interface-name", member.name)
                table.appendLeaf("service-set-name", serviceSet)
                for session in member.sessions where session.serviceSet == serviceSet {
                    table.append(sessionElement(session, extensive: extensive))
                }
                root.append(table)
            }
        }
        return root
    }

    /// `<msp-session>` of one session: header fields as the text prints them (`extensive` adds
    /// `<session-timeout>` where one applies), then its two flows.
    public static func sessionElement(_ session: SessionSnapshot, extensive: Bool) -> JunosElement {
        var tree = JunosTreeBuilder()
        buildSession(session, extensive: extensive, into: &tree)
        return tree.root!
    }

    /// Produces ``sessionElement(_:extensive:)`` into `builder`: the one definition of a session's element,
    /// built as a tree or written straight out (``SessionListingWriter``).
    public static func buildSession<Builder: JunosElementBuilder>(
        _ session: SessionSnapshot, extensive: Bool, into builder: inout Builder
    ) {
        builder.open("msp-session")
        builder.leaf("session-id", decimal: session.id)
        builder.leaf("session-alg", session.alg.name)
        builder.leaf("session-flags", hexadecimal: UInt64(session.flags), minimumDigits: flagsDigits)
        builder.leaf("session-ip-action", session.ipAction ? "yes" : "no")
        builder.leaf("session-offload", session.offload ? "yes" : "no")
        builder.leaf("session-asymmetric", session.asymmetric ? "yes" : "no")
        if extensive, let timeout = session.sessionTimeout {
            builder.leaf("session-timeout", decimal: UInt64(timeout))
        }
        if let parent = session.parentID {
            builder.leaf("session-parent-id", decimal: parent)
        }
        buildFlow(session.initiator, extensive: extensive, into: &builder)
        buildFlow(session.responder, extensive: extensive, into: &builder)
        builder.close()
    }

    /// `<sfw-flow-entry>` of one flow; ports only for protocols that have them.
    public static func flowElement(_ flow: FlowSnapshot, extensive: Bool) -> JunosElement {
        var tree = JunosTreeBuilder()
        buildFlow(flow, extensive: extensive, into: &tree)
        return tree.root!
    }

    /// Produces ``flowElement(_:extensive:)`` into `builder`.
    static func buildFlow<Builder: JunosElementBuilder>(_ flow: FlowSnapshot, extensive: Bool, into builder: inout Builder) {
        builder.open("sfw-flow-entry")
        builder.leaf("sfw-flow-protocol", flow.transport.flowName)
        builder.leaf("sfw-flow-source-ip", address: flow.source)
        if flow.hasPorts { builder.leaf("sfw-flow-source-port", decimal: UInt64(flow.sourcePort)) }
        builder.leaf("sfw-flow-destination-ip", address: flow.destination)
        if flow.hasPorts { builder.leaf("sfw-flow-destination-port", decimal: UInt64(flow.destinationPort)) }
        builder.leaf("sfw-flow-state", flow.state.name)
        builder.leaf("sfw-flow-direction", flow.role.direction)
        builder.leaf("sfw-flow-frame-counter", decimal: flow.frames)
        if extensive {
            builder.leaf("sfw-flow-table-byte-count", decimal: flow.bytes)
            builder.leaf("sfw-flow-table-role", flow.role.name)
            builder.leaf("sfw-flow-table-timeout", decimal: UInt64(flow.timeout))
        }
        builder.close()
    }

    /// `<service-msp-sess-count-information>`: a `<service-msp-sess-count>` per row of the text (zero counts
    /// included), its `<sess-count>` the sum of the row's four counts.
    public static func sessionCount(_ rows: [SessionCountRow]) -> JunosElement {
        var root = JunosElement("service-msp-sess-count-information")
        for row in rows {
            var count = JunosElement("service-msp-sess-count")
            count.appendLeaf("interface-name", row.member)
            count.appendLeaf("service-set-name", row.serviceSet)
            count.appendLeaf("sess-count", row.total)
            root.append(count)
        }
        return root
    }

    /// `<service-msp-sess-drain-information>`: a `<service-msp-sess-drain>` per row, in the given order.
    public static func sessionsCleared(
        rows: [(interface: String, serviceSet: String, removed: Int)]
    ) -> JunosElement {
        var root = JunosElement("service-msp-sess-drain-information")
        for row in rows {
            var drain = JunosElement("service-msp-sess-drain")
            drain.appendLeaf("interface-name", row.interface)
            drain.appendLeaf("service-set-name", row.serviceSet)
            drain.appendLeaf("sess-removed", row.removed)
            root.append(drain)
        }
        return root
    }

    /// `Flags:` as the header prints it, and `<session-flags>`: `0x` and at least four lower-case hex digits
    /// (`0x0000`, `0x200000`).
    static let flagsDigits = 4

    /// The member's service sets that have sessions: configuration order first, then first appearance.
    static func serviceSetOrder(_ member: MemberSnapshot) -> [String] {
        var present: [String] = []
        var seen: Set<String> = []
        for session in member.sessions where seen.insert(session.serviceSet).inserted {
            present.append(session.serviceSet)
        }
        var ordered = member.serviceSetCounts.map(\.serviceSet).filter { seen.contains($0) }
        let configured = Set(ordered)
        ordered += present.filter { !configured.contains($0) }
        return ordered
    }

    /// `show services sessions analysis` (verbatim element names of Junos's reply):
    /// `<service-session-analysis-information>` with one `<service-session-analysis-entry>` per member.
    ///
    /// `ams run`'s Linux interfaces follow the members as `ams-linux-interface-statistics` elements *(ours)*.
    public static func sessionAnalysis(
        _ members: [MemberSnapshot], interfaces: [LiveInterfaceSnapshot] = [], forwarding: LiveForwardingCounters? = nil
    ) -> JunosElement {
        var root = JunosElement("service-session-analysis-information")
        for member in members {
            let a = member.analysis
            var entry = JunosElement("service-session-analysis-entry")
            entry.append(JunosElement("session-analysis-statistics-pic-info", children: [.leaf("pic-name", member.name)]))
            var statistics = JunosElement("session-analysis-statistics-entry")
            let fields: [(String, Int)] = [
                ("num-total-session-active", a.total),
                ("num-total-tcp-session-active", a.tcp),
                ("num-total-tcp-gated-session-active", 0),
                ("num-total-tcp-tunneled-session-active", 0),
                ("num-total-tcp-regular-session-active", a.tcp),
                ("num-total-tcp-ipv4-session-active", a.tcpIPv4),
                ("num-total-tcp-ipv6-session-active", a.tcpIPv6),
                ("num-total-udp-session-active", a.udp),
                ("num-total-udp-gated-session-active", 0),
                ("num-total-udp-tunneled-session-active", 0),
                ("num-total-udp-regular-session-active", a.udp),
                ("num-total-udp-ipv4-session-active", a.udpIPv4),
                ("num-total-udp-ipv6-session-active", a.udpIPv6),
                ("num-total-other-session-active", a.other),
                ("num-total-other-ipv4-session-active", a.otherIPv4),
                ("num-total-other-ipv6-session-active", a.otherIPv6),
                ("num-created-session-per-sec", a.createdPerSecond),
                ("num-deleted-session-per-sec", a.deletedPerSecond),
                ("peak-total-session-active", a.peakTotal),
                ("peak-total-tcp-session-active", a.peakTCP),
                ("peak-total-udp-session-active", a.peakUDP),
                ("peak-total-other-session-active", a.peakOther),
                ("peak-created-session-per-second", a.peakCreatedPerSecond),
                ("peak-deleted-session-per-second", a.peakDeletedPerSecond),
            ]
            for (name, value) in fields { statistics.appendLeaf(name, value) }
            statistics.appendLeaf("session-pkts-received", a.packetsReceived)
            statistics.appendLeaf("session-pkts-transmitted", a.packetsTransmitted)
            statistics.appendLeaf("session-slow-path-forward", a.slowPathForward)
            statistics.appendLeaf("session-slow-path-discard", a.slowPathDiscard)
            // Ours, like the text's row: only on a member whose packets a shard's replay left out.
            if a.packetsOfOtherShard > 0 { statistics.appendLeaf("ams-pkts-of-other-shard", a.packetsOfOtherShard) }
            entry.append(statistics)
            root.append(entry)
        }
        for interface in interfaces {
            var entry = JunosElement("ams-linux-interface-statistics")
            entry.appendLeaf("interface-name", interface.name)
            entry.appendLeaf("interface-side", interface.side)
            for row in LiveStatisticsRows.capture(interface) { entry.appendLeaf(row.element, row.value) }
            root.append(entry)
        }
        if let forwarding {
            var entry = JunosElement("ams-inline-forwarding-statistics")
            for row in LiveStatisticsRows.forwarding(forwarding) { entry.appendLeaf(row.element, row.value) }
            root.append(entry)
        }
        return root
    }

    /// `show services service-sets summary`: the MS-MPC reply, verbatim element names and no session-bytes
    /// element (junos-research.md §2.2, SPEC.md §2.9); a Next Gen member's entry adds its session bytes.
    public static func serviceSetsSummary(_ members: [MemberSnapshot], memory: Int) -> JunosElement {
        var root = JunosElement("service-set-summary-information", attributes: [JunosAttribute("junos:style", "summary")])
        func percent(_ bytes: Int) -> String { String(fixed: percentage(Double(bytes), of: Double(memory)), digits: 2) }
        for member in members {
            var entry = JunosElement("service-set-summary-information-entry")
            entry.appendLeaf("interface-name", member.name)
            var type = JunosElement("service-set-service-type-entry")
            type.appendLeaf("service-sets-configured", member.serviceSetCounts.count)
            type.appendLeaf("service-set-bytes-used", member.sessionBytes + member.policyBytes)
            type.appendLeaf("service-set-percent-bytes-used", percent(member.sessionBytes + member.policyBytes))
            if member.generation == .nextGen {
                // The Next Gen column (SPEC.md §9; element names ours).
                type.appendLeaf("service-set-session-bytes-used", member.sessionBytes)
                type.appendLeaf("service-set-percent-session-bytes-used", percent(member.sessionBytes))
            }
            type.appendLeaf("service-set-policy-bytes-used", member.policyBytes)
            type.appendLeaf("service-set-percent-policy-bytes-used", percent(member.policyBytes))
            type.appendLeaf("service-set-cpu-utilization", String(fixed: member.cpuUtilization, digits: 2) + " %")
            entry.append(type)
            root.append(entry)
        }
        return root
    }
}
