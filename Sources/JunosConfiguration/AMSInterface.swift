// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

/// `interfaces amsN { … }`: an aggregated multiservices bundle of `mams-` (MS-MPC) or `vms-` (Next Gen)
/// members; or `interfaces vms-F/P/0 { … }`, a lone Next Gen services interface, its own one member.
public struct AMSInterface: Hashable, Sendable {
    /// `member-failure-options`: what happens to a failed member's traffic.
    public enum MemberFailureOptions: Hashable, Sendable {
        /// `redistribute-all-traffic { [enable-rejoin;] }`.
        case redistributeAllTraffic(enableRejoin: Bool)
        /// `drop-member-traffic { [rejoin-timeout N;] [enable-rejoin;] }`; timeout default 120 s.
        case dropMemberTraffic(rejoinTimeout: Duration?, enableRejoin: Bool)
    }

    /// `high-availability-options`: the HA model and its preferred backup member.
    public enum HighAvailabilityOptions: Hashable, Sendable {
        /// `many-to-one { preferred-backup mams-…; }` (N:1).
        case manyToOne(preferredBackup: MemberInterfaceName)
        /// `one-to-one { preferred-backup mams-…; }` (1:1).
        case oneToOne(preferredBackup: MemberInterfaceName)

        /// The preferred backup member.
        public var preferredBackup: MemberInterfaceName {
            switch self {
            case .manyToOne(let member), .oneToOne(let member): member
            }
        }
    }

    /// `unit N { … }`: a logical unit of the bundle.
    public struct Unit: Hashable, Sendable {
        /// An address family configured on a unit.
        public enum AddressFamily: String, Hashable, Sendable, CaseIterable {
            case inet
            case inet6
        }

        /// Allowed unit numbers.
        public static let numberRange = 0...16_385
        /// Allowed VLAN identifiers.
        public static let vlanIDRange = 0...4094

        /// `service-domain`: the side of a next-hop service set the unit is.
        public enum ServiceDomain: String, Hashable, Sendable, CaseIterable {
            case inside
            case outside
        }

        /// The unit number.
        public var number: Int
        /// `service-domain inside | outside`.
        public var serviceDomain: ServiceDomain?
        /// `family inet;` / `family inet6;`.
        public var families: [AddressFamily]
        /// `vlan-id`.
        public var vlanID: Int?
        /// `load-balancing-options hash-keys`.
        public var hashKeys: HashKeys?

        /// Creates a unit.
        public init(
            number: Int, families: [AddressFamily] = [], vlanID: Int? = nil, hashKeys: HashKeys? = nil,
            serviceDomain: ServiceDomain? = nil
        ) {
            self.number = number
            self.serviceDomain = serviceDomain
            self.families = families
            self.vlanID = vlanID
            self.hashKeys = hashKeys
        }
    }

    /// Allowed `rejoin-timeout` seconds.
    public static let rejoinTimeoutRange = 0...1000
    /// The maximum number of members per bundle.
    public static let maximumMembers = 36

    /// The interface name, `amsN`.
    public var name: String
    /// `load-balancing-options member-interface`, in configuration order.
    public var members: [MemberInterfaceName]
    /// `load-balancing-options member-failure-options`.
    public var memberFailureOptions: MemberFailureOptions?
    /// `load-balancing-options high-availability-options`.
    public var highAvailabilityOptions: HighAvailabilityOptions?
    /// `services-options`.
    public var servicesOptions: ServicesOptions
    /// The logical units, in configuration order.
    public var units: [Unit]

    /// Creates an AMS interface.
    public init(
        name: String, members: [MemberInterfaceName] = [], memberFailureOptions: MemberFailureOptions? = nil,
        highAvailabilityOptions: HighAvailabilityOptions? = nil, servicesOptions: ServicesOptions = ServicesOptions(),
        units: [Unit] = []
    ) {
        self.name = name
        self.members = members
        self.memberFailureOptions = memberFailureOptions
        self.highAvailabilityOptions = highAvailabilityOptions
        self.servicesOptions = servicesOptions
        self.units = units
    }

    /// The card the interface emulates (SPEC.md §9): Next Gen when its members are `vms-` (a bundle mixing
    /// both is refused by the parser), or when it is a lone `vms-` interface; otherwise MS-MPC.
    public var generation: ServicesGeneration {
        members.first?.generation ?? ServicesGeneration(memberName: name)
    }

    /// A lone `vms-F/P/0` interface, not an `amsN` bundle: the members it runs are itself.
    public var isLoneServicesInterface: Bool { !Self.isValidName(name) }

    /// The member interfaces that carry the bundle's sessions: the `member-interface`s, or for a lone
    /// `vms-` interface the interface itself.
    public var memberInterfaces: [MemberInterfaceName] {
        isLoneServicesInterface ? MemberInterfaceName(name).map { [$0] } ?? [] : members
    }

    /// Whether `name` is an interface that may hold services units: `amsN`, or a lone `vms-F/P/0`.
    public static func isServicesInterfaceName(_ name: String) -> Bool {
        isValidName(name) || MemberInterfaceName(name)?.generation == .nextGen
    }

    /// Whether `name` is `ams` followed by a number.
    public static func isValidName(_ name: String) -> Bool {
        guard name.hasPrefix("ams") else { return false }
        let number = name.dropFirst(3)
        return !number.isEmpty && number.count <= 3 && number.allSatisfy(\.isASCIIDigitCharacter)
    }
}
