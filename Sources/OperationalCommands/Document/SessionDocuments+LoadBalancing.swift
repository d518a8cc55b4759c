// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

extension SessionDocuments {
    /// `show interfaces load-balancing detail` (SPEC.md §2.10): `<interface-load-balancing-detail>` with an
    /// `<interface-load-balancing-member-detail>` per bundle — `<interface-name>`, `<state>`,
    /// `<member-count>`, `<ha-model>` — and a `<member-interface>` per member with `<member-name>`,
    /// `<member-weight>`, `<member-state>`. The path `interface-load-balancing-member-detail/member-interface/
    /// {member-name,member-state}` is verbatim from a real health check (junos-research.md §1.8); the other
    /// names are ours.
    public static func loadBalancingDetail(_ bundle: BundleSnapshot) -> JunosElement {
        loadBalancingDetail([bundle])
    }

    /// `show interfaces load-balancing detail` of several bundles: one
    /// `<interface-load-balancing-member-detail>` per bundle, in order.
    public static func loadBalancingDetail(_ bundles: [BundleSnapshot]) -> JunosElement {
        JunosElement("interface-load-balancing-detail", children: bundles.map(memberDetail))
    }

    /// A bundle's `<interface-load-balancing-member-detail>`.
    private static func memberDetail(_ bundle: BundleSnapshot) -> JunosElement {
        var detail = JunosElement("interface-load-balancing-member-detail")
        detail.appendLeaf("interface-name", bundle.name)
        detail.appendLeaf("state", bundle.state)
        detail.appendLeaf("member-count", bundle.members.count)
        detail.appendLeaf("ha-model", bundle.highAvailability.name)
        for member in bundle.members {
            var element = JunosElement("member-interface")
            element.appendLeaf("member-name", member.name)
            element.appendLeaf("member-weight", BundleSnapshot.memberWeight)
            element.appendLeaf("member-state", member.state.name)
            detail.append(element)
        }
        return detail
    }
}
