// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import SessionTable

extension MemberProcessor {
    /// Puts the session `record` reports back into this member's table, as it stood when the record was
    /// written (``RestoredTables``): its number, flows, counters, phase, states, timeout and last packet;
    /// `start` (its first packet) gives the end a session timeout sets, as ``create`` does. The caller
    /// guarantees the record is this member's, names a configured service set, and that no session of
    /// this member holds its number.
    ///
    /// Restored tables are for the operational commands: they take no packets. An ICMP session's echo
    /// window and a session's inactivity-timeout class are not in the records (only a session that goes
    /// on taking packets needs them).
    mutating func restore(_ record: SessionRecord, start: UInt64?) {
        var session = Session()
        session.source = record.source
        session.destination = record.destination
        session.sourcePort = record.sourcePort
        session.destinationPort = record.destinationPort
        session.transport = record.transport
        session.serviceSet = record.serviceSet
        session.initiatorBytes = record.initiatorBytes
        session.responderBytes = record.responderBytes
        session.initiatorFrames = record.initiatorPackets
        session.responderFrames = record.responderPackets
        session.lastSeen = record.time
        session.number = SessionID.decode(record.id).number
        session.link = record.parentID == 0 || session.isICMP ? 0 : SessionID.decode(record.parentID).number
        session.timeout = record.timeout
        session.phase = record.phase
        session.initiatorState = record.initiatorState
        session.responderState = record.responderState
        session.alg = record.alg
        session.algFlags = record.algFlags
        var end = UInt64.max
        let lifetime = serviceSetLimits[Int(record.serviceSet)].lifetime
        if lifetime != 0, let start {
            let (sum, overflow) = start.addingReportingOverflow(lifetime)
            if !overflow { end = sum }
        }
        let hash = shard.hash(
            session.source, session.sourcePort, session.destination, session.destinationPort,
            transport: session.transport, serviceSet: session.serviceSet)
        shard.insert(session, hash: hash, end: end)
        if session.number >= nextNumber { nextNumber = session.number &+ 1 }
    }
}
