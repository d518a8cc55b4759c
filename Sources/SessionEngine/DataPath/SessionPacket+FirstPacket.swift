// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Policy
import SessionTable
import Wire

extension SessionPacket {
    /// A session's first packet as far as the session keeps it: its initiator flow at its last packet's time;
    /// an ICMP session's is an echo request (the type is not kept). What a reload re-decides a session by,
    /// and what its Next Gen policy is looked up by.
    init(firstPacketOf session: Session) {
        self.init(
            session.transport, from: session.source, session.sourcePort, to: session.destination,
            session.destinationPort, time: session.lastSeen)
        if session.isICMP { icmpType = session.transport == .icmp ? 8 : 128 }
    }
}

extension FlowPacket {
    /// The fields of `packet` the policy looks at.
    @inline(__always)
    init(_ packet: SessionPacket) {
        self.init(
            source: packet.source, destination: packet.destination, sourcePort: packet.sourcePort,
            destinationPort: packet.destinationPort, transport: packet.transport, icmpType: packet.icmpType,
            icmpCode: packet.icmpCode, timeToLive: packet.timeToLive)
    }
}
