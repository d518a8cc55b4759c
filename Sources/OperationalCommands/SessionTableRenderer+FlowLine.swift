// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore
import Wire

/// The columns of a flow line (SPEC.md §2.2, fitted to the real lines of junos-research.md §1.6), printf
/// `"%-6s  %15s%-6s  -> %15s%-6s  %-7s  %-3s%14d"`: the one place their widths are written, for the flow
/// lines and for the terse header above them.
enum FlowColumns {
    static let protocolName = 6
    static let address = 15
    /// `:` and the port left-justified in 5, or six spaces for protocols without ports.
    static let port = 6
    static let state = 7
    static let direction = 3
    static let frames = 14
    /// Between the protocol and the source, the destination and the state, the state and the direction.
    static let gap: StaticString = "  "
    /// Between the source and the destination.
    static let arrow: StaticString = "  -> "
}

extension SessionTableRenderer {
    /// A flow line, e.g. `ICMP            4.1.1.2        ->   161.161.161.1        Forward  O              28`:
    /// protocol, source address and `:port`, `->`, destination address and `:port`, state, direction, frames.
    /// A longer address (IPv6) widens its field; the line ends with the frame count.
    public static func writeFlow(_ flow: FlowSnapshot, to output: inout TextBuffer) {
        output.write(flow.transport.flowName, leftJustifiedIn: FlowColumns.protocolName)
        output.write(FlowColumns.gap)
        writeEndpoint(flow.source, port: flow.sourcePort, hasPorts: flow.hasPorts, to: &output)
        output.write(FlowColumns.arrow)
        writeEndpoint(flow.destination, port: flow.destinationPort, hasPorts: flow.hasPorts, to: &output)
        output.write(FlowColumns.gap)
        output.write(flow.state.name, leftJustifiedIn: FlowColumns.state)
        output.write(FlowColumns.gap)
        output.write(flow.role.direction, leftJustifiedIn: FlowColumns.direction)
        output.write(decimal: flow.frames, rightJustifiedIn: FlowColumns.frames)
    }

    /// A flow line as a string.
    public static func flowLine(_ flow: FlowSnapshot) -> String {
        TextBuffer.text { writeFlow(flow, to: &$0) }
    }

    /// The terse column header (SPEC.md §2.4): each word where its column starts, `Frm count` ending where
    /// the frame count ends.
    static func writeFlowHeader(to output: inout TextBuffer) {
        let gap = FlowColumns.gap.utf8CodeUnitCount
        let endpoint = FlowColumns.address + FlowColumns.port
        output.write("Prot", leftJustifiedIn: FlowColumns.protocolName + gap)
        output.write("Source", leftJustifiedIn: endpoint + FlowColumns.arrow.utf8CodeUnitCount)
        output.write("Dest", leftJustifiedIn: endpoint + gap)
        output.write("State", leftJustifiedIn: FlowColumns.state + gap)
        output.write("Dir", leftJustifiedIn: FlowColumns.direction)
        output.write("Frm count".rightAligned(FlowColumns.frames))
    }

    static func writeEndpoint(_ address: IPAddress, port: UInt16, hasPorts: Bool, to output: inout TextBuffer) {
        output.write(address, rightJustifiedIn: FlowColumns.address)
        if hasPorts {
            output.write(":")
            output.write(decimal: UInt64(port), leftJustifiedIn: FlowColumns.port - 1)
        } else {
            output.spaces(FlowColumns.port)
        }
    }
}
