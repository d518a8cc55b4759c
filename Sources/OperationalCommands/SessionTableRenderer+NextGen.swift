// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

/// The Next Gen Services (MX-SPC3) form of `show services sessions` (SPEC.md §9), for `vms-` members: verbatim
/// where the real 21.2R3 capture shows it (junos-research.md §1.4) —
///
/// ```
/// Session ID: 98784248804, Service-set: PIC2_0, Policy name: ACCEPT/131089, State: Stand-alone, Timeout: 286, Valid
///   In: 172.17.13.13/2329 --> 192.168.8.13/80;tcp, Conn Tag: 0x0, If: vms-2/0/0.1, Pkts: 7, Bytes: 523, 
///   Out: 192.168.8.13/80 --> 192.168.34.107/48766;tcp, Conn Tag: 0x0, If: vms-2/0/0.2, Pkts: 54, Bytes: 78044, 
/// ```
///
/// — sessions one after another, an empty line between two, no member heading (`If:` names the member). The
/// `Timeout` is the seconds the session has left, `State` is always `Stand-alone` (no high availability acts),
/// the last word its class in `count` (``SessionValidity``). *Ours*: ports of protocols without them are what
/// the session is keyed by (an ICMP echo's identifier, a GRE call ID, else 0); `extensive` adds, after the
/// header, `  ALG: A` with `, Session timeout: N` and `, Parent session: ID` where they apply, and after each
/// flow `    Flow state: S, Flow role: R, Timeout: N` (the labels of the MS-MPC extensive); `terse` prints the
/// header lines alone.
extension SessionTableRenderer {
    /// Writes `sessions` of `member` in the Next Gen form. `written` says whether a session of the listing was
    /// written before (the empty line between two), and is set.
    public static func writeNextGenSessions(
        _ sessions: [SessionSnapshot], member: String, level: DetailLevel, units: ServiceSetUnits,
        written: inout Bool, to output: inout TextBuffer
    ) {
        for session in sessions {
            if level == .terse {
                writeNextGenHeader(session, to: &output)
                output.newline()
                continue
            }
            if written { output.newline() }
            written = true
            writeNextGenHeader(session, to: &output)
            output.newline()
            let extensive = level == .extensive
            if extensive {
                output.write("  ALG: ")
                output.write(session.alg.name)
                if let timeout = session.sessionTimeout {
                    output.write(", Session timeout: ")
                    output.write(decimal: UInt64(timeout))
                }
                if let parent = session.parentID {
                    output.write(", Parent session: ")
                    output.write(decimal: parent)
                }
                output.newline()
            }
            for flow in [session.initiator, session.responder] {
                writeNextGenFlow(
                    flow, member: member, unit: units.unit(serviceSet: session.serviceSet, role: flow.role), to: &output)
                output.newline()
                guard extensive else { continue }
                output.write("    Flow state: ")
                output.write(flow.state.name)
                output.write(", Flow role: ")
                output.write(flow.role.name)
                output.write(", Timeout: ")
                output.write(decimal: UInt64(flow.timeout))
                output.newline()
            }
        }
    }

    /// `Session ID: N, Service-set: S, Policy name: P/ID, State: Stand-alone, Timeout: T, Valid`
    public static func writeNextGenHeader(_ session: SessionSnapshot, to output: inout TextBuffer) {
        output.write("Session ID: ")
        output.write(decimal: session.id)
        output.write(", Service-set: ")
        output.write(session.serviceSet)
        output.write(", Policy name: ")
        output.write(session.displayedPolicy.text)
        output.write(", State: Stand-alone, Timeout: ")
        output.write(decimal: UInt64(session.secondsLeft))
        output.write(", ")
        output.write(session.validity.name)
    }

    /// `  In: SRC/SPORT --> DST/DPORT;tcp, Conn Tag: 0x0, If: vms-2/0/0.1, Pkts: 7, Bytes: 523, ` (the trailing
    /// space is the capture's): the flow through `unit` of `member`.
    public static func writeNextGenFlow(_ flow: FlowSnapshot, member: String, unit: Int, to output: inout TextBuffer) {
        output.write(flow.role == .initiator ? "  In: " : "  Out: ")
        output.write(flow.source, rightJustifiedIn: 0)
        output.write("/")
        output.write(decimal: UInt64(flow.sourcePort))
        output.write(" --> ")
        output.write(flow.destination, rightJustifiedIn: 0)
        output.write("/")
        output.write(decimal: UInt64(flow.destinationPort))
        output.write(";")
        output.write(flow.transport.nextGenFlowName)
        output.write(", Conn Tag: 0x0, If: ")
        output.write(member)
        output.write(".")
        output.write(decimal: UInt64(unit))
        output.write(", Pkts: ")
        output.write(decimal: flow.frames)
        output.write(", Bytes: ")
        output.write(decimal: flow.bytes)
        output.write(", ")
    }

    /// The Next Gen listing of `members` as one string (tests and small tables).
    public static func nextGen(
        _ members: [MemberSnapshot], level: DetailLevel = .brief, units: ServiceSetUnits = ServiceSetUnits()
    ) -> String {
        TextBuffer.text { output in
            var written = false
            for member in members {
                writeNextGenSessions(member.sessions, member: member.name, level: level, units: units, written: &written, to: &output)
            }
        }
    }
}

extension SessionSnapshot {
    /// The policy a Next Gen header names: the session's, else the default policy's
    /// (``PolicyReference/defaultPolicy``).
    public var displayedPolicy: PolicyReference { policy ?? .defaultPolicy }
}
