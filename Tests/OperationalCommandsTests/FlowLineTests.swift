// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import ServicesCore
import Testing
import Wire

/// The flow lines and the terse header (SPEC.md §2.2, §2.4) against real Junos lines (junos-research.md §1.6).
@Suite("Flow lines")
struct FlowLineTests {
    static func flow(
        _ transport: IPProtocol, _ source: String, _ sourcePort: UInt16, _ destination: String,
        _ destinationPort: UInt16, _ state: FlowState, _ role: FlowRole, frames: UInt64
    ) -> FlowSnapshot {
        FlowSnapshot(
            transport: transport, source: IPAddress(source)!, sourcePort: sourcePort,
            destination: IPAddress(destination)!, destinationPort: destinationPort, hasPorts: transport.hasPorts,
            state: state, role: role, frames: frames, bytes: 0, timeout: 0)
    }

    /// The two flow lines of a real NAT64 session (Juniper's Toby fixture `SRV_SESS_EXT_1`), byte for byte.
    @Test func realJunosLinesAreReproducedByteForByte() {
        let initiator = Self.flow(.icmpv6, "3001::1", 0, "1001::401:102", 0, .forward, .initiator, frames: 29)
        let responder = Self.flow(.icmp, "4.1.1.2", 0, "161.161.161.1", 0, .forward, .responder, frames: 28)
        #expect(
            SessionTableRenderer.flowLine(initiator)
                == "ICMPV6          3001::1        ->   1001::401:102        Forward  I              29")
        #expect(
            SessionTableRenderer.flowLine(responder)
                == "ICMP            4.1.1.2        ->   161.161.161.1        Forward  O              28")
    }

    /// The second real paste (junos-research.md §1.6) has sanitised addresses, so only its port parts and its
    /// tail are real: five spaces after `:63` before `->` and before `Forward`, two between the state and the
    /// direction, fifteen between `I` and a one-digit count.
    @Test func realPortsAndTailAreReproduced() {
        let line = SessionTableRenderer.flowLine(Self.flow(.udp, "1.1.1.1", 63, "1.1.1.1", 63, .forward, .initiator, frames: 9))
        #expect(line.hasSuffix(":63     Forward  I               9"))
        #expect(line.contains("1.1.1.1:63     ->  "))
    }

    /// The columns where the real lines put them (1-based: source ends at 23, `->` at 32, destination ends at
    /// 49, state at 58, direction at 67, count ends at 83), whatever the values' lengths, and every line
    /// splits on white space into the seven fields operators' `awk` reads.
    @Test(arguments: [
        FlowLineTests.flow(.tcp, "10.99.0.1", 50866, "10.99.0.2", 8080, .watch, .initiator, frames: 7),
        FlowLineTests.flow(.udp, "255.255.255.255", 65535, "1.2.3.4", 0, .reject, .responder, frames: 12_345_678_901_234),
        FlowLineTests.flow(.gre, "10.0.0.1", 0, "10.0.0.2", 0, .bypass, .initiator, frames: 0),
        FlowLineTests.flow(.init(rawValue: 115), "192.0.2.1", 0, "192.0.2.2", 0, .drop, .responder, frames: 1),
    ])
    func columnsAreFixed(flow: FlowSnapshot) {
        let line = Array(SessionTableRenderer.flowLine(flow))
        func text(_ range: Range<Int>) -> String { String(line[range]).split(separator: " ").joined(separator: " ") }
        #expect(text(0..<6) == flow.transport.flowName)
        #expect(text(8..<23) == flow.source.description && line[22] != " ")
        #expect(String(line[31..<33]) == "->")
        #expect(text(34..<49) == flow.destination.description && line[48] != " ")
        #expect(text(57..<64) == flow.state.name && line[56] == " ")
        #expect(String(line[66]) == flow.role.direction)
        #expect(line.count == 83 && text(69..<83) == String(flow.frames))
        let fields = String(line).split(separator: " ").map(String.init)
        #expect(fields.count == 7)
        #expect(fields[2] == "->" && fields[4] == flow.state.name && fields[6] == String(flow.frames))
    }

    /// Longer (IPv6) addresses widen their field and push the rest right; nothing is cut.
    @Test func longAddressesWidenTheirField() {
        let flow = Self.flow(
            .tcp, "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", 40806, "fd00:99::2", 8080, .forward, .initiator, frames: 7)
        let line = SessionTableRenderer.flowLine(flow)
        #expect(line == "TCP     2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff:40806  ->      fd00:99::2:8080   Forward  I               7")
        #expect(line.split(separator: " ")[1] == "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff:40806")
    }

    /// Each word of the terse header starts where its column starts; `Frm count` ends where the count ends.
    @Test func terseHeaderStandsAboveTheColumns() throws {
        let session = SessionSnapshot(
            id: 16_777_217, serviceSet: "ss1", alg: .none, flags: 0, ipAction: false, offload: false, asymmetric: false,
            parentID: nil, sessionTimeout: nil,
            initiator: Self.flow(.tcp, "255.255.255.255", 65535, "255.255.255.254", 21, .forward, .initiator, frames: 1),
            responder: Self.flow(.tcp, "255.255.255.254", 21, "255.255.255.255", 65535, .forward, .responder, frames: 2))
        let member = MemberSnapshot(name: "mams-0/0/0", bundle: "ams0", sessions: [session], serviceSetCounts: [("ss1", 1)])
        let lines = TextBuffer.text { SessionTableRenderer.writeTerse([member], to: &$0) }.split(separator: "\n")
        #expect(lines.count == 5 && lines[0] == "mams-0/0/0 (ams0)" && lines[1] == "Service Set: ss1")
        let header = String(lines[2])
        let flowLine = String(lines[3])
        #expect(header == "Prot    Source                    Dest                   State    Dir     Frm count")
        /// The column where each white-space-separated word of `text` starts.
        func starts(_ text: String) -> [Int] {
            let characters = Array(text)
            return characters.indices.filter { characters[$0] != " " && ($0 == 0 || characters[$0 - 1] == " ") }
        }
        // Apart from `Frm count` (right-aligned) and the flow line's `->` (no header word), the starts agree.
        var headerStarts = starts(header)
        headerStarts.removeLast(2)
        var flowStarts = starts(flowLine)
        flowStarts.remove(at: 2)
        flowStarts.removeLast()
        #expect(headerStarts == flowStarts)
        #expect(header.count == flowLine.count)
    }
}
