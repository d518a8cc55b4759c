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
        let session = record.session
        let lifetime = serviceSetLimits[Int(record.serviceSet)].lifetime
        let end = start.map { Self.end(createdAt: $0, lifetime: lifetime) } ?? .max
        let hash = shard.hash(
            session.source, session.sourcePort, session.destination, session.destinationPort,
            transport: session.transport, serviceSet: session.serviceSet)
        shard.insert(session, hash: hash, end: end, start: start ?? .max)
        if session.number >= nextNumber { nextNumber = session.number &+ 1 }
    }
}
