// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Which services card a bundle emulates, told by its members' names (SPEC.md §9): `mams-F/P/0` members are
/// an MS-MPC (AMS), `vms-F/P/0` members Next Gen Services on an MX-SPC3.
public enum ServicesGeneration: String, Sendable, Hashable, CaseIterable, BitwiseCopyable {
    /// MS-MPC / AMS: `mams-` members, `services stateful-firewall` rules.
    case msMPC = "mams"
    /// Next Gen Services (MX-SPC3): `vms-` members, `services policies` stateful-firewall rules.
    case nextGen = "vms"

    /// The prefix of a member's name, before `F/P/0`: `mams-` or `vms-`.
    public var memberPrefix: String { rawValue + "-" }

    /// The generation a member interface name (`vms-2/0/0`, `mams-0/1/0`, or a unit of one) belongs to:
    /// `vms-` is Next Gen, anything else MS-MPC. The one place a name tells the generation.
    public init(memberName: some StringProtocol) {
        self = memberName.hasPrefix(Self.nextGen.memberPrefix) ? .nextGen : .msMPC
    }
}
