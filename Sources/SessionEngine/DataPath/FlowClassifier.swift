// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Policy
import ServicesCore
import Wire

/// Decides, for the first packet of a flow, its service set (by VLAN) and the policy's verdict: action,
/// ALG and timeouts. Members use it to create sessions; the ``GatewayDirector`` uses it to recognise ALG
/// control channels ahead of them, so both classify alike.
struct FlowClassifier {
    /// The compiled policy of each service set, by index.
    let policies: [ServiceSetPolicy]
    /// For each service set without rules (the common case), where its implicit application matchers
    /// start in ``implicitMatchers``; `nil` for one with rules. New sessions of rule-less service sets are
    /// classified from these plain values, without touching (and reference counting) the policy.
    let ruleFreePolicies: [Range<Int>?]
    let implicitMatchers: [ApplicationMatcher]
    /// VLAN ID → service set index (0xFF: none); empty when every packet belongs to the first service set.
    let vlanServiceSets: [UInt8]

    init(_ configuration: EngineConfiguration) {
        policies = configuration.serviceSets
        var ranges: [Range<Int>?] = []
        var matchers: [ApplicationMatcher] = []
        for policy in configuration.serviceSets {
            if policy.rules.isEmpty {
                ranges.append(matchers.count..<(matchers.count + policy.implicitMatchers.count))
                matchers += policy.implicitMatchers
            } else {
                ranges.append(nil)
            }
        }
        ruleFreePolicies = ranges
        implicitMatchers = matchers
        if configuration.vlanServiceSets.isEmpty {
            vlanServiceSets = []
        } else {
            var table = [UInt8](repeating: 0xFF, count: 4096)
            for (vlan, index) in configuration.vlanServiceSets where vlan < 4096 { table[Int(vlan)] = UInt8(index) }
            vlanServiceSets = table
        }
    }

    /// The service set index of a packet that belongs to none (its VLAN selects no logical unit).
    static let noServiceSet: UInt8 = 0xFF

    /// The service set a packet's outer VLAN ID selects (SPEC.md §5: untagged traffic goes to the first);
    /// ``noServiceSet`` for none. Decided once per packet, by the ``FramePump``.
    @inline(__always)
    func serviceSet(vlan: UInt16) -> UInt8 {
        if vlanServiceSets.isEmpty || vlan == DecodedPacket.untagged { return 0 }
        return vlan < 4096 ? vlanServiceSets[Int(vlan)] : Self.noServiceSet
    }

    /// The policy's verdict on a new flow of service set `serviceSet` whose first packet is `packet`.
    @inline(__always)
    func decide(_ packet: SessionPacket, serviceSet: UInt8) -> PolicyDecision {
        let flow = FlowPacket(packet)
        let index = Int(serviceSet)
        guard index < policies.count else { return PolicyDecision(action: .discard, profile: nil) }
        guard let range = ruleFreePolicies[index] else { return policies[index].decide(flow) }
        return ServiceSetPolicy.ruleFreeDecision(flow, matchers: implicitMatchers, range: range)
    }
}
