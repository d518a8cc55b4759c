// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore
import Wire

/// Renders `show services sessions` text in Junos format (SPEC.md §2.2).
///
/// Output is written session by session to a `TextOutputStream`, so a caller can stream it without holding
/// the whole text.
public enum SessionTableRenderer {
    /// Writes the brief (default) output: an interface heading per member with sessions, then each session's
    /// header line and its two flow lines.
    public static func writeBrief(_ members: [MemberSnapshot], to output: inout some TextOutputStream) {
        for member in members where !member.sessions.isEmpty {
            output.write(member.heading)
            output.write("\n")
            for session in member.sessions {
                output.write(headerLine(session))
                output.write("\n")
                output.write(flowLine(session.initiator))
                output.write("\n")
                output.write(flowLine(session.responder))
                output.write("\n")
            }
        }
    }

    /// `Service Set: ss1, Session: 16777217, ALG: ftp, Flags: 0x0000, IP Action: no, Offload: no, Asymmetric: no`
    public static func headerLine(_ session: SessionSnapshot) -> String {
        var flags = String(session.flags, radix: 16)
        if flags.count < 4 { flags = String(repeating: "0", count: 4 - flags.count) + flags }
        return "Service Set: \(session.serviceSet), Session: \(session.id), ALG: \(session.alg.name), "
            + "Flags: 0x\(flags), IP Action: \(yesNo(session.ipAction)), Offload: \(yesNo(session.offload)), "
            + "Asymmetric: \(yesNo(session.asymmetric))"
    }

    /// A flow line: printf `"%-6s %15s:%-5s -> %15s:%-5s %-7s %-3s %10d"`; `:port` becomes six spaces for
    /// protocols without ports.
    public static func flowLine(_ flow: FlowSnapshot) -> String {
        let source = endpoint(flow.source.description, port: flow.sourcePort, hasPorts: flow.hasPorts)
        let destination = endpoint(flow.destination.description, port: flow.destinationPort, hasPorts: flow.hasPorts)
        return flow.transport.flowName.padded(to: 6) + " " + source + " -> " + destination + " "
            + flow.state.name.padded(to: 7) + " " + flow.role.direction.padded(to: 3) + " "
            + String(flow.frames).rightAligned(to: 10)
    }

    static func endpoint(_ address: String, port: UInt16, hasPorts: Bool) -> String {
        let padded = address.rightAligned(to: 15)
        return hasPorts ? padded + ":" + String(port).padded(to: 5) : padded + "      "
    }

    static func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }
}
