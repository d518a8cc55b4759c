// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import SessionTable

/// Every member's sessions, as a ``PacketSink`` lends them once the members have processed every packet
/// routed to them and stopped (``PacketSink/settle(_:)``): the owner rule rebuilds its steering table from
/// them (``PacketRouter/rebuildSteering(now:from:)``).
struct MemberSessions {
    let lanes: [MemberLane]

    /// Calls `body` with each session and its member, member by member in configuration order.
    func forEach(_ body: (Session, _ member: Int) -> Void) {
        for member in lanes.indices { lanes[member].processor.forEachSession { body($0, member) } }
    }
}
