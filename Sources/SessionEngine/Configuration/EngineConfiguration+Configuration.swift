// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
import Policy
import ServicesCore

extension EngineConfiguration {
    /// What the engine runs from a validated Junos configuration (SPEC.md §3, §5).
    ///
    /// The bundle is the `amsN` interface the first service set's `interface-service` names (else the
    /// first `amsN`); its `member-interface`s are the members in configuration order, its
    /// `services-options` the timers and the interface-wide `session-limit maximum`. Service sets are those
    /// on that bundle, in configuration order, each with its `max-flows`; a unit's `vlan-id` sends that
    /// VLAN's traffic to the service set whose `service-interface` (or next-hop inside or outside interface)
    /// is the unit, and untagged traffic goes to the first. Hash keys come from the service set's
    /// `interface-service`, else from the unit (the service set's win); the first key of each list is used.
    /// The bundle's `high-availability-options` give its HA model; the service sets' `linux-interfaces`
    /// the interfaces `ams run` reads (SPEC.md §6).
    ///
    /// The bundle may be Next Gen (SPEC.md §9): `vms-` members, or a lone `vms-F/P/0` interface, its own
    /// one member. Its service sets' Next Gen options then give the timers: `tcp-session open-timeout`,
    /// `tcp-session inactivity-tcp-timeout`, `inactivity-non-tcp-timeout` (the engine's timers are
    /// bundle-wide, as the MS-MPC interface's `services-options`: the first of the bundle's service sets
    /// that sets one gives it, over the interface's). Another bundle of the configuration (of either
    /// generation) is checked but not run: the engine runs one bundle.
    /// - Throws: ``ConfigurationError`` when the configuration defines nothing to run.
    public init(configuration: Configuration) throws(ConfigurationError) {
        guard !configuration.serviceSets.isEmpty else { throw ConfigurationError("no services service-set is configured") }
        func bundleName(of serviceSet: ServiceSet) -> String? {
            switch serviceSet.placement {
            case .interfaceService(let interface, _)?: interface.interface
            case .nextHopService(let inside, _)?: inside.interface
            case nil: nil
            }
        }
        let wanted = configuration.serviceSets.lazy.compactMap(bundleName).first
        guard let bundle = configuration.interfaces.first(where: { $0.name == wanted }) ?? configuration.interfaces.first
        else { throw ConfigurationError("no interfaces amsN is configured") }
        guard !bundle.memberInterfaces.isEmpty else {
            throw ConfigurationError("interfaces \(bundle.name) load-balancing-options has no member-interface")
        }
        let serviceSets = configuration.serviceSets.filter { bundleName(of: $0) == nil || bundleName(of: $0) == bundle.name }
        // Service sets are numbered in a byte, and 255 means none (`FlowClassifier.noServiceSet`).
        guard serviceSets.count < 255 else {
            throw ConfigurationError("\(bundle.name) has \(serviceSets.count) service sets: at most 254 are supported")
        }
        var vlans: [UInt16: Int] = [:]
        var hashKeys: HashKeys?
        for (index, serviceSet) in serviceSets.enumerated() {
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
                let unit = bundle.units.first { $0.number == interface.unit }
                if let vlan = unit?.vlanID, vlans[UInt16(vlan)] == nil { vlans[UInt16(vlan)] = index }
                if hashKeys == nil { hashKeys = keys ?? unit?.hashKeys }
            }
        }
        let options = bundle.servicesOptions
        func seconds(_ duration: Duration?, _ fallback: UInt32) -> UInt32 {
            duration.map { UInt32($0.components.seconds) } ?? fallback
        }
        // Next Gen: the service sets' own timers, the first set of each.
        let serviceSetOptions = serviceSets.map(\.options)
        let tcpInactivity = serviceSetOptions.lazy.compactMap { $0.tcpSession?.inactivityTCPTimeout }.first
        let nonTCPInactivity = serviceSetOptions.lazy.compactMap(\.inactivityNonTCPTimeout).first
        let open = serviceSetOptions.lazy.compactMap { $0.tcpSession?.openTimeout }.first
        let inactivity = seconds(tcpInactivity ?? options.inactivityTimeout, Self.defaultInactivityTimeout)
        self.init(
            bundle: bundle.name, members: bundle.memberInterfaces.map(\.description),
            serviceSets: serviceSets.map { ServiceSetPolicy(compiling: $0, in: configuration) },
            inactivityTimeout: inactivity,
            openTimeout: seconds(open ?? options.openTimeout, Self.defaultOpenTimeout),
            closeTimeout: seconds(options.closeTimeout, Self.defaultCloseTimeout),
            sessionTimeout: options.sessionTimeout.map { UInt32($0.components.seconds) },
            sessionLimit: options.sessionLimitMaximum.flatMap { $0 == 0 ? nil : Int($0) },
            bypassOverLimit: false,
            ingressKey: hashKeys?.ingress.first == .destinationIP ? .destinationIP : .sourceIP,
            egressKey: hashKeys?.egress.first == .sourceIP ? .sourceIP : .destinationIP)
        if let nonTCPInactivity { nonTCPInactivityTimeout = seconds(nonTCPInactivity, inactivity) }
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
        switch bundle.highAvailabilityOptions {
        case .manyToOne?: highAvailability = .manyToOne
        case .oneToOne?: highAvailability = .oneToOne
        case nil: highAvailability = .none
        }
    }
}

/// Why a configuration cannot be run.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
