// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Policy
import ServicesCore
import SessionTable
import Wire

/// A reload (`request system configuration reload`, SIGHUP: SPEC.md §6): the member takes the new
/// configuration and re-decides every session it holds by the new policy.
extension MemberProcessor {
    /// Takes `configuration` and keeps the sessions its policy still gives the same verdict, removing the
    /// others. `serviceSets` maps each old service set index to the new index of the service set of the
    /// same name (`nil`: gone).
    ///
    /// A session is re-decided as its flow's first packet would be now: its service set by name, then that
    /// service set's policy on its initiator flow. It is kept when the verdict is still of the same kind —
    /// accepted (`Forward`, `Watch`, or bypassed over a limit) or refused (`Drop`, `Reject`) — with its
    /// flows' state, ALG and timeouts updated; otherwise, or when its service set is gone, it ends, and its
    /// next packet is a new flow's first. An ALG child goes with its parent. Limits apply to new sessions only.
    /// A session timeout applies to sessions created after the reload; one that is gone ends no session.
    ///
    /// - Returns: the sessions kept and ended.
    mutating func reconfigure(to configuration: EngineConfiguration, serviceSets: [Int?]) -> (kept: Int, ended: Int) {
        let settings = Settings(configuration.asSeen(byMember: memberIndex))
        self.configuration = settings.timers
        classifier = settings.classifier
        serviceSetLimits = settings.serviceSetLimits
        inactivityTimeouts = settings.inactivityTimeouts
        var created = Array(repeating: UInt64(0), count: configuration.serviceSets.count)
        for (old, count) in counters.sessionsCreatedByServiceSet.enumerated() {
            if old < serviceSets.count, let new = serviceSets[old], new < created.count { created[new] &+= count }
        }
        counters.sessionsCreatedByServiceSet = created
        if expires && settings.hasSessionTimeout { shard.startTrackingEnds() }
        var kept = 0
        var ended = 0
        var endedParents = Set<UInt32>()
        // Parents first, then children, which follow their parent.
        for pass in 0..<2 {
            for slot in 0..<shard.slotCount where shard[slot].number != 0 && (shard[slot].parentNumber != 0) == (pass == 1) {
                let session = shard[slot]
                let old = Int(session.serviceSet)
                guard let new = old < serviceSets.count ? serviceSets[old] : nil,
                    pass == 1 ? !endedParents.contains(session.parentNumber) : redecide(slot, serviceSet: new)
                else {
                    endedParents.insert(session.number)
                    record(.close, reason: .reload, slot: slot, at: standsAt)
                    shard.remove(slot: slot)
                    ended += 1
                    continue
                }
                kept += 1
                if new != old { move(slot, to: new) }
                if serviceSetLimits[new].lifetime == 0 { shard.setEnd(.max, slot: slot) }
            }
        }
        if !endedParents.isEmpty { gateBook = gateBook.filter { !endedParents.contains($0.value.parentNumber) } }
        rates.deleted &+= ended
        return (kept, ended)
    }

    /// Re-decides the session in `slot` (not an ALG child) by the policy of service set `serviceSet` (the
    /// new index of its service set): `false` if the verdict changed kind; otherwise its state, ALG and
    /// timeouts are updated in place (with its count by validity).
    private mutating func redecide(_ slot: Int, serviceSet: Int) -> Bool {
        var session = shard[slot]
        let flow = SessionPacket(firstPacketOf: session)
        let decision = classifier.decide(flow, serviceSet: UInt8(truncatingIfNeeded: serviceSet))
        let wasRefused = session.initiatorState == .drop || session.initiatorState == .reject
        guard wasRefused == (decision.action != .accept) else { return false }
        let before = session.validity
        if session.initiatorState != .bypass {
            session.initiatorState = decision.state
            session.responderState = decision.state
        }
        session.alg = decision.alg
        if !session.isICMP { session.auxiliary = timeoutClass(decision.inactivityTimeout) }
        if session.phase == .established || session.phase == .active {
            session.timeout = decision.inactivityTimeout ?? configuration.inactivity(isTCP: session.transport == .tcp)
        }
        shard[slot] = session
        if session.validity != before {
            shard.revalidate(serviceSet: session.serviceSet, from: before, to: session.validity)
        }
        return true
    }

    /// Gives the session in `slot` service set index `serviceSet`: it is indexed anew (the service set is
    /// part of its flow's hash), in the same slot.
    private mutating func move(_ slot: Int, to serviceSet: Int) {
        var session = shard[slot]
        let end = shard.end(slot: slot)
        session.serviceSet = UInt8(truncatingIfNeeded: serviceSet)
        shard.remove(slot: slot)
        let hash = shard.hash(
            session.source, session.sourcePort, session.destination, session.destinationPort,
            transport: session.transport, serviceSet: session.serviceSet)
        // The slot just freed heads the free list: the session goes back where it was, so its children's
        // links, its gates and its fragments still find it.
        let again = shard.insert(session, hash: hash, end: end)
        precondition(again == slot, "a moved session changed slot")
    }
}
