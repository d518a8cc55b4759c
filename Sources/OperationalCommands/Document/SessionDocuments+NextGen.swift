// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

/// The Next Gen (MX-SPC3) reply documents (SPEC.md §9), in the `junos-flow` namespace of the release Next Gen
/// emulates (``JunosReply/nextGenRelease``).
///
/// - `count`: `<usf-session-count-information>` / `<usf-session-count>` with `<interface-name>`,
///   `<service-set-name>`, `<valid-session-count>`, `<pending-session-count>`, `<invalid-session-count>`,
///   `<other-session-count>` — verbatim from a real Next Gen reply (junos-research.md §1.3).
/// - The listing: the element names of Junos's flow session reply (`show security flow session | display xml`,
///   real replies in Juniper's test fixtures, whose flow code Next Gen Services runs): `<flow-session-information>`
///   with a `<flow-session>` per session (`<session-identifier>`, `<session-state>`, `<policy>`,
///   `<configured-timeout>`, `<timeout>`, `<sess-state>`) and a `<flow-information>` per flow (`<direction>`,
///   `<source-address>`, `<source-port>`, `<destination-address>`, `<destination-port>`, `<protocol>`,
///   `<conn-tag>`, `<interface-name>`, `<pkt-cnt>`, `<byte-cnt>`), then `<displayed-session-count>`. *Ours*: using
///   them for Next Gen (no Next Gen listing reply was found), `<service-set-name>` in each session, and with
///   `extensive` the MS-MPC document's `<session-alg>`, `<session-timeout>` and `<session-parent-id>` in the
///   session (`<session-parent-id>` always, as there) and `<flow-state>`, `<flow-role>` in each flow.
/// - `service-sets summary`: the MS-MPC elements and, *ours*, `<service-set-session-bytes-used>` and
///   `<service-set-percent-session-bytes-used>` for the Next Gen column (``serviceSetsSummary(_:memory:)``).
extension SessionDocuments {
    /// `<flow-session-information>` of `members`' sessions in the Next Gen form (members without sessions left
    /// out), as ``SessionListingWriter`` streams it.
    public static func nextGenSessionTable(
        _ members: [MemberSnapshot], extensive: Bool, units: ServiceSetUnits = ServiceSetUnits()
    ) -> JunosElement {
        var tree = JunosTreeBuilder()
        tree.open("flow-session-information", attributes: [JunosAttribute("xmlns", JunosReply.flowNamespace())])
        var count: UInt64 = 0
        for member in members {
            for session in member.sessions {
                buildNextGenSession(session, member: member.name, extensive: extensive, units: units, into: &tree)
                count += 1
            }
        }
        tree.leaf("displayed-session-count", decimal: count)
        tree.close()
        return tree.root!
    }

    /// Produces the `<flow-session>` of one session of `member` into `builder`: the one definition of a Next Gen
    /// session's element.
    public static func buildNextGenSession<Builder: JunosElementBuilder>(
        _ session: SessionSnapshot, member: String, extensive: Bool, units: ServiceSetUnits, into builder: inout Builder
    ) {
        let style = [JunosAttribute("junos:style", extensive ? "extensive" : "brief")]
        builder.open("flow-session", attributes: style)
        builder.leaf("session-identifier", decimal: session.id)
        builder.leaf("service-set-name", session.serviceSet)
        builder.leaf("session-state", "Stand-alone")
        builder.leaf("policy", session.displayedPolicy.text)
        builder.leaf("configured-timeout", decimal: UInt64(session.initiator.timeout))
        builder.leaf("timeout", decimal: UInt64(session.secondsLeft))
        builder.leaf("sess-state", session.validity.name)
        if extensive {
            builder.leaf("session-alg", session.alg.name)
            if let timeout = session.sessionTimeout { builder.leaf("session-timeout", decimal: UInt64(timeout)) }
        }
        if let parent = session.parentID { builder.leaf("session-parent-id", decimal: parent) }
        for flow in [session.initiator, session.responder] {
            builder.open("flow-information", attributes: style)
            builder.leaf("direction", flow.role == .initiator ? "In" : "Out")
            builder.leaf("source-address", address: flow.source)
            builder.leaf("source-port", decimal: UInt64(flow.sourcePort))
            builder.leaf("destination-address", address: flow.destination)
            builder.leaf("destination-port", decimal: UInt64(flow.destinationPort))
            builder.leaf("protocol", flow.transport.nextGenFlowName)
            builder.leaf("conn-tag", "0x0")
            builder.leaf("interface-name", units.interface(member: member, serviceSet: session.serviceSet, role: flow.role))
            builder.leaf("pkt-cnt", decimal: flow.frames)
            builder.leaf("byte-cnt", decimal: flow.bytes)
            if extensive {
                builder.leaf("flow-state", flow.state.name)
                builder.leaf("flow-role", flow.role.name)
            }
            builder.close()
        }
        builder.close()
    }

    /// `<usf-session-count-information>`: a `<usf-session-count>` per row of the text (zero counts included).
    public static func nextGenSessionCount(_ rows: [SessionCountRow]) -> JunosElement {
        var root = JunosElement(
            "usf-session-count-information", attributes: [JunosAttribute("xmlns", JunosReply.flowNamespace())])
        for row in rows {
            var count = JunosElement("usf-session-count")
            count.appendLeaf("interface-name", row.member)
            count.appendLeaf("service-set-name", row.serviceSet)
            count.appendLeaf("valid-session-count", row.valid)
            count.appendLeaf("pending-session-count", row.pending)
            count.appendLeaf("invalid-session-count", row.invalid)
            count.appendLeaf("other-session-count", row.other)
            root.append(count)
        }
        return root
    }
}
