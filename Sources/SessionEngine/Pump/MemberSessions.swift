// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import SessionTable

/// Every member's sessions, as a ``PacketSink`` lends them once the members have processed every packet
/// routed to them and stopped (``PacketSink/settle(_:)``): the owner rule rebuilds its steering table from
/// them (``PacketRouter/rebuildSteering(now:from:)``).
struct MemberSessions {
    let lanes: [MemberLane]

    /// Calls `body` with each session, its member and whether a packet at `now` would find it expired,
    /// member by member in configuration order.
    func forEach(at now: UInt64, _ body: (Session, _ member: Int, _ isExpired: Bool) -> Void) {
        for member in lanes.indices {
            lanes[member].processor.forEachSession(at: now) { body($0, member, $1) }
        }
    }
}
