// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

/// The units a Next Gen session's flows go through, for its `If:` (junos-research.md §1.4: `If: vms-2/0/0.1` on
/// the `In:` flow, `vms-2/0/0.2` on the `Out:` flow): per service set, the unit numbers of its inside and outside
/// service interfaces (`next-hop-service`; `interface-service` has one unit for both).
///
/// *(Ours)* The interface printed is the session's member with that unit (`vms-0/1/0.1`), also in a bundle
/// (whose units are `ams0.1`, …): it names the member, as the capture's lone `vms-` interface does. A capture
/// does not say which side a packet came from, so the initiator's flow is the inside one (SPEC.md §5). A service
/// set with no units known (the built-in bundle) has units 1 (inside) and 2 (outside), as in the capture.
public struct ServiceSetUnits: Sendable, Hashable {
    /// Inside and outside unit numbers.
    public struct Units: Sendable, Hashable {
        public var inside: Int
        public var outside: Int

        public init(inside: Int, outside: Int) {
            self.inside = inside
            self.outside = outside
        }
    }

    /// Units by service set name.
    public var units: [String: Units]

    /// The units of a service set not in ``units``.
    public static let defaultUnits = Units(inside: 1, outside: 2)

    public init(_ units: [String: Units] = [:]) {
        self.units = units
    }

    /// The unit of `role`'s flow of a session of `serviceSet`: the inside unit for the initiator's flow.
    public func unit(serviceSet: String, role: FlowRole) -> Int {
        let units = units[serviceSet] ?? Self.defaultUnits
        return role == .initiator ? units.inside : units.outside
    }

    /// The interface of `role`'s flow of a session of `serviceSet` on `member`: `vms-0/1/0.1`.
    public func interface(member: String, serviceSet: String, role: FlowRole) -> String {
        "\(member).\(unit(serviceSet: serviceSet, role: role))"
    }
}
