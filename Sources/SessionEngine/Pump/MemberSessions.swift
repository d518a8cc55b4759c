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

    /// How many flows the members have let go of so far: packets they refused or dropped without a
    /// session (limits, no service set, …) and sessions no longer held (expired, cleared, replaced). A
    /// count, read in constant time: the owner rule scans the sessions only when enough have gone since
    /// its last scan to be worth it.
    var flowsGone: UInt64 {
        lanes.reduce(0) { total, lane in
            let counters = lane.processor.counters
            let held = UInt64(lane.processor.shard.count)
            return total &+ counters.engineDrops.reduce(0, &+) &+ (counters.sessionsCreated &- held)
        }
    }
}
