// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
import Policy
import ServicesCore

extension EngineConfiguration {
    /// What the engine runs from a validated Junos configuration (SPEC.md §3, §5).
    ///
    /// The bundles are the `amsN` interfaces (or lone `vms-F/P/0` interfaces) the service sets'
    /// `interface-service` or `next-hop-service` name, in configuration order (none named: the first
    /// interface); each bundle's `member-interface`s are its members in configuration order, and the members
    /// of all bundles are the engine's, bundle after bundle. A service set without a placement goes with the
    /// first service set's bundle. Service sets are every one of a bundle run, in configuration order, each
    /// with its `max-flows`; a unit's `vlan-id` sends that VLAN's traffic to the service set whose
    /// `service-interface` (or next-hop inside or outside interface) is the unit, and untagged traffic goes to
    /// the first. A bundle's hash keys come from its first service set that has some: its `interface-service`'s,
    /// else its unit's (the service set's win); the first key of each list is used. A bundle's
    /// `high-availability-options` give its HA model; the service sets' `linux-interfaces` the interfaces
    /// `ams run` reads (SPEC.md §6).
    ///
    /// A bundle may be Next Gen (SPEC.md §9): `vms-` members, or a lone `vms-F/P/0` interface, its own one
    /// member; both generations may run side by side. The timers and the interface-wide
    /// `session-limit maximum` are each bundle's own (``Bundle/timing``; its members run by them): on MS-MPC
    /// its `services-options`; on Next Gen its service sets' options `tcp-session open-timeout`,
    /// `tcp-session inactivity-tcp-timeout`, `inactivity-non-tcp-timeout` (the first of its service sets that
    /// sets one gives it, over the interface's). The first service set's bundle's are the engine's.
    /// - Throws: ``ConfigurationError`` when the configuration defines nothing to run, a bundle has no
    ///   member or more than 32, a member is in two bundles, or the bundles have more than 63 members.
    public init(configuration: Configuration) throws(ConfigurationError) {
        guard !configuration.serviceSets.isEmpty else { throw ConfigurationError("no services service-set is configured") }
        let named = configuration.serviceSets.compactMap { $0.placement?.interface }
        // The bundle of service sets without a placement, and of untagged traffic: the first service set's.
        guard let first = configuration.interfaces.first(where: { $0.name == named.first }) ?? configuration.interfaces.first
        else { throw ConfigurationError("no interfaces amsN is configured") }
        let used = configuration.interfaces.filter { $0.name == first.name || named.contains($0.name) }
        var members: Set<String> = []
        for bundle in used {
            guard !bundle.memberInterfaces.isEmpty else {
                throw ConfigurationError("interfaces \(bundle.name) load-balancing-options has no member-interface")
            }
            // `MemberSelector`'s bound.
            guard bundle.memberInterfaces.count <= 32 else {
                throw ConfigurationError("interfaces \(bundle.name) has \(bundle.memberInterfaces.count) members: at most 32 are supported")
            }
            for member in bundle.memberInterfaces {
                guard members.insert(member.description).inserted else {
                    throw ConfigurationError("\(member) is a member of two interfaces: a member belongs to one bundle")
                }
            }
        }
        // A member's index travels in 6 bits of a routed packet (`SessionPacket.designatedMember`).
        guard members.count <= 63 else {
            throw ConfigurationError("the bundles have \(members.count) members: at most 63 are supported")
        }
        func bundleIndex(of serviceSet: ServiceSet) -> Int? {
            used.firstIndex { $0.name == (serviceSet.placement?.interface ?? first.name) }
        }
        let serviceSets = configuration.serviceSets.filter { bundleIndex(of: $0) != nil }
        // Service sets are numbered in a byte, and 255 means none (`FlowClassifier.noServiceSet`).
        guard serviceSets.count < 255 else {
            throw ConfigurationError("the bundles have \(serviceSets.count) service sets: at most 254 are supported")
        }
        let serviceSetBundles = serviceSets.map { bundleIndex(of: $0)! }
        var vlans: [UInt16: Int] = [:]
        var hashKeys = [HashKeys?](repeating: nil, count: used.count)
        for (index, serviceSet) in serviceSets.enumerated() {
            let bundle = serviceSetBundles[index]
            // The units a service set is applied to: its service interface, or both next-hop interfaces.
            let interfaces: [ServiceInterfaceName]
            var keys: HashKeys?
            switch serviceSet.placement {
            case .interfaceService(let interface, let serviceSetKeys)?:
                interfaces = [interface]
                keys = serviceSetKeys
            case .nextHopService(let inside, let outside)?:
                interfaces = [inside, outside]
            case nil:
                interfaces = []
            }
            for interface in interfaces {
                let unit = used[bundle].units.first { $0.number == interface.unit }
                if let vlan = unit?.vlanID, vlans[UInt16(vlan)] == nil { vlans[UInt16(vlan)] = index }
                if hashKeys[bundle] == nil { hashKeys[bundle] = keys ?? unit?.hashKeys }
            }
        }
        // The timers: each bundle's own — its interface's `services-options`, its Next Gen service sets'
        // `service-set-options` (the first set of the bundle that gives each); the first service set's
        // bundle's are the engine's (``timing``).
        func seconds(_ duration: Duration?, _ fallback: UInt32) -> UInt32 {
            duration.map { UInt32($0.components.seconds) } ?? fallback
        }
        func timing(ofBundle bundle: Int) -> Timing {
            let options = used[bundle].servicesOptions
            let serviceSetOptions = zip(serviceSets, serviceSetBundles).filter { $0.1 == bundle }.map(\.0.options)
            let tcpInactivity = serviceSetOptions.lazy.compactMap { $0.tcpSession?.inactivityTCPTimeout }.first
            let nonTCPInactivity = serviceSetOptions.lazy.compactMap(\.inactivityNonTCPTimeout).first
            let open = serviceSetOptions.lazy.compactMap { $0.tcpSession?.openTimeout }.first
            let inactivity = seconds(tcpInactivity ?? options.inactivityTimeout, Self.defaultInactivityTimeout)
            return Timing(
                inactivityTimeout: inactivity, nonTCPInactivityTimeout: nonTCPInactivity.map { seconds($0, inactivity) },
                openTimeout: seconds(open ?? options.openTimeout, Self.defaultOpenTimeout),
                closeTimeout: seconds(options.closeTimeout, Self.defaultCloseTimeout),
                sessionTimeout: options.sessionTimeout.map { UInt32($0.components.seconds) },
                sessionLimit: options.sessionLimitMaximum.flatMap { $0 == 0 ? nil : Int($0) })
        }
        let timingBundle = used.firstIndex { $0.name == first.name }!
        let engineTiming = timing(ofBundle: timingBundle)
        self.init(
            bundle: first.name, members: first.memberInterfaces.map(\.description),
            serviceSets: serviceSets.map { ServiceSetPolicy(compiling: $0, in: configuration) },
            inactivityTimeout: engineTiming.inactivityTimeout, openTimeout: engineTiming.openTimeout,
            closeTimeout: engineTiming.closeTimeout, sessionTimeout: engineTiming.sessionTimeout,
            sessionLimit: engineTiming.sessionLimit, bypassOverLimit: false)
        nonTCPInactivityTimeout = engineTiming.nonTCPInactivityTimeout
        bundles = zip(used.indices, zip(used, hashKeys)).map { index, pair in
            let (bundle, keys) = pair
            let highAvailability: HighAvailabilityModel =
                switch bundle.highAvailabilityOptions {
                case .manyToOne?: .manyToOne
                case .oneToOne?: .oneToOne
                case nil: .none
                }
            var made = Bundle(
                name: bundle.name, members: bundle.memberInterfaces.map(\.description),
                ingressKey: keys?.ingress.first == .destinationIP ? .destinationIP : .sourceIP,
                egressKey: keys?.egress.first == .sourceIP ? .sourceIP : .destinationIP,
                highAvailability: highAvailability)
            let own = timing(ofBundle: index)
            if own != engineTiming { made.timing = own }
            return made
        }
        self.serviceSetBundles = serviceSetBundles
        vlanServiceSets = vlans
        for (index, serviceSet) in serviceSets.enumerated() {
            guard let linux = serviceSet.linuxInterfaces else { continue }
            liveMode = linux.mode
            if let inside = linux.inside {
                liveInterfaces.append(LiveInterface(name: inside, side: .inside, serviceSet: UInt8(index)))
            }
            if let outside = linux.outside {
                liveInterfaces.append(LiveInterface(name: outside, side: .outside, serviceSet: UInt8(index)))
            }
        }
    }
}

/// Why a configuration cannot be run.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
