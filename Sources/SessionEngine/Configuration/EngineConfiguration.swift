// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
public import Policy
public import ServicesCore

/// What the engine needs from the configuration: the AMS bundles, their members, service sets and timers.
///
/// Built from a Junos ``Configuration`` (`init(configuration:)`), or the built-in SPEC.md §3 default
/// (``builtInDefault(memberCount:generation:)``): `ams0` with two members and one service set `default` that
/// accepts everything with every ALG enabled.
///
/// The engine runs every bundle the service sets use (``bundles``): their members are ``members``, bundle
/// after bundle, and a service set's sessions live only on its bundle's members (``bundleIndex(ofServiceSet:)``;
/// the owner rule chooses among them with that bundle's hash keys).
public struct EngineConfiguration: Sendable, Hashable {
    /// One AMS bundle the engine runs: an `amsN` interface, or a lone Next Gen `vms-F/P/0` (its own one
    /// member), with its members, hash keys and HA model.
    public struct Bundle: Sendable, Hashable {
        /// The bundle, e.g. `ams0`.
        public var name: String
        /// Its member interfaces in configuration order, e.g. `mams-0/0/0` (or `vms-1/0/0` on Next Gen).
        public var members: [String]
        /// Which address selects a session's member from its initiator (ingress) packets.
        public var ingressKey: HashKey
        /// Which address selects a session's member from its responder (egress) packets.
        public var egressKey: HashKey
        /// Its `high-availability-options` model, shown by `show interfaces load-balancing detail`; the
        /// engine does not act on it (no member fails in a replay).
        public var highAvailability: HighAvailabilityModel
        /// Its own timers and session limit (its interface's `services-options`, its Next Gen service sets'
        /// `service-set-options`); `nil`: the engine's, ``EngineConfiguration/timing`` (the first bundle's).
        public var timing: Timing?

        public init(
            name: String, members: [String], ingressKey: HashKey = .sourceIP, egressKey: HashKey = .destinationIP,
            highAvailability: HighAvailabilityModel = .none
        ) {
            self.name = name
            self.members = members
            self.ingressKey = ingressKey
            self.egressKey = egressKey
            self.highAvailability = highAvailability
        }

        /// The card the bundle emulates (SPEC.md §9), by its members' names: MS-MPC (`mams-`) or Next Gen
        /// (`vms-`). The output's form follows it.
        public var generation: ServicesGeneration {
            members.first.map { ServicesGeneration(memberName: $0) } ?? .msMPC
        }
    }

    /// A bundle's timers and session limit, seconds (SPEC.md §3; Next Gen §9).
    public struct Timing: Sendable, Hashable {
        public var inactivityTimeout: UInt32
        public var nonTCPInactivityTimeout: UInt32?
        public var openTimeout: UInt32
        public var closeTimeout: UInt32
        public var sessionTimeout: UInt32?
        public var sessionLimit: Int?

        public init(
            inactivityTimeout: UInt32, nonTCPInactivityTimeout: UInt32? = nil, openTimeout: UInt32,
            closeTimeout: UInt32, sessionTimeout: UInt32? = nil, sessionLimit: Int? = nil
        ) {
            self.inactivityTimeout = inactivityTimeout
            self.nonTCPInactivityTimeout = nonTCPInactivityTimeout
            self.openTimeout = openTimeout
            self.closeTimeout = closeTimeout
            self.sessionTimeout = sessionTimeout
            self.sessionLimit = sessionLimit
        }
    }

    /// The engine's timing: ``inactivityTimeout``, ``openTimeout`` … — the first bundle's, and every
    /// bundle's that sets none of its own.
    public var timing: Timing {
        get {
            Timing(
                inactivityTimeout: inactivityTimeout, nonTCPInactivityTimeout: nonTCPInactivityTimeout,
                openTimeout: openTimeout, closeTimeout: closeTimeout, sessionTimeout: sessionTimeout,
                sessionLimit: sessionLimit)
        }
        set {
            inactivityTimeout = newValue.inactivityTimeout
            nonTCPInactivityTimeout = newValue.nonTCPInactivityTimeout
            openTimeout = newValue.openTimeout
            closeTimeout = newValue.closeTimeout
            sessionTimeout = newValue.sessionTimeout
            sessionLimit = newValue.sessionLimit
        }
    }

    /// Bundle `index`'s timing: its own, else the engine's.
    public func timing(ofBundle index: Int) -> Timing { bundles[index].timing ?? timing }

    /// The configuration as member `index` runs it: the engine's timers and limit are its bundle's (each
    /// member belongs to one bundle, so a member's data path keeps reading one set of timers).
    public func asSeen(byMember index: Int) -> EngineConfiguration {
        guard bundles.count > 1, let own = bundle(ofMember: index).timing else { return self }
        var seen = self
        seen.timing = own
        return seen
    }

    /// The bundles the engine runs, in configuration order; never empty.
    public var bundles: [Bundle]
    /// Service set index → index in ``bundles`` of the bundle it is applied to. A service set past its end
    /// belongs to the first service set's bundle (empty: every service set is on the first bundle).
    public var serviceSetBundles: [Int] = []

    /// The first bundle's name, e.g. `ams0` (the only one of the built-in configuration).
    public var bundle: String { bundles[0].name }
    /// Every member interface of every bundle, bundle after bundle, each in configuration order: the
    /// members' indices everywhere in the engine. Set only on a configuration of one bundle (its members).
    public var members: [String] {
        get { bundles.count == 1 ? bundles[0].members : bundles.flatMap(\.members) }
        set {
            precondition(bundles.count == 1, "the members of a configuration of several bundles are set per bundle")
            bundles[0].members = newValue
        }
    }
    /// The card the router reports (`show version`, the namespaces of replies about no member, SPEC.md §9):
    /// Next Gen when every bundle is; each member's is its bundle's (``bundle(ofMember:)``).
    public var generation: ServicesGeneration {
        bundles.allSatisfy { $0.generation == .nextGen } ? .nextGen : .msMPC
    }

    /// Service sets with their compiled policy; untagged traffic goes to the first one.
    public var serviceSets: [ServiceSetPolicy]
    /// Inactivity timeout for established flows, seconds (default ``defaultInactivityTimeout``).
    public var inactivityTimeout: UInt32
    /// Inactivity timeout for established non-TCP sessions, seconds, when it differs from
    /// ``inactivityTimeout`` (Next Gen `inactivity-non-tcp-timeout`); `nil`: the same.
    public var nonTCPInactivityTimeout: UInt32?
    /// TCP handshake timeout, seconds (default ``defaultOpenTimeout``).
    public var openTimeout: UInt32
    /// TCP teardown timeout after FIN or RST, seconds (default ``defaultCloseTimeout``).
    public var closeTimeout: UInt32
    /// The interface's session timeout, seconds (`services-options session-timeout`): the most a session lives
    /// from its creation, whatever its activity; `nil` (the Junos default) for none. A service set's own
    /// wins: ``sessionTimeout(serviceSet:)``.
    public var sessionTimeout: UInt32?

    /// The timers of an interface that sets none: inactivity and open timeouts 30 s (the Junos defaults),
    /// close timeout 4 s *(ours)*. The one place they are written.
    public static let defaultInactivityTimeout: UInt32 = 30
    public static let defaultOpenTimeout: UInt32 = 30
    public static let defaultCloseTimeout: UInt32 = 4
    /// Most sessions on one member, all service sets together (the interface's `services-options
    /// session-limit maximum`); `nil` = no limit. A service set's own `max-flows` is in its policy
    /// (`ServiceSetPolicy.maxFlows`).
    public var sessionLimit: Int?
    /// Over the limit, bypass new flows instead of refusing them (`bypass-traffic-on-exceeding-flow-limits`).
    public var bypassOverLimit: Bool
    /// VLAN ID → index in ``serviceSets`` (from the units' `vlan-id`). Empty: every packet goes to the
    /// first service set. Otherwise untagged packets go to the first and packets of other VLANs to none
    /// (counted as `no-service-set`).
    public var vlanServiceSets: [UInt16: Int] = [:]
    /// The Linux interfaces `ams run` reads, in configuration order (service sets' `linux-interfaces`,
    /// inside before outside); empty when none is configured.
    public var liveInterfaces: [LiveInterface] = []
    /// How `ams run` sits on ``liveInterfaces`` (one mode for all); `nil` when none is configured.
    public var liveMode: LinuxInterfaces.Mode?

    /// The field a member is chosen by (`hash-keys { ingress-key …; egress-key …; }`).
    public enum HashKey: Sendable, Hashable {
        case sourceIP
        case destinationIP
    }

    /// A configuration of one bundle, `bundle`, of `members`, with hash keys `ingressKey` and `egressKey`.
    public init(
        bundle: String, members: [String], serviceSets: [ServiceSetPolicy],
        inactivityTimeout: UInt32 = defaultInactivityTimeout, openTimeout: UInt32 = defaultOpenTimeout,
        closeTimeout: UInt32 = defaultCloseTimeout, sessionTimeout: UInt32? = nil, sessionLimit: Int? = nil,
        bypassOverLimit: Bool = false, ingressKey: HashKey = .sourceIP, egressKey: HashKey = .destinationIP
    ) {
        bundles = [Bundle(name: bundle, members: members, ingressKey: ingressKey, egressKey: egressKey)]
        self.serviceSets = serviceSets
        self.inactivityTimeout = inactivityTimeout
        self.openTimeout = openTimeout
        self.closeTimeout = closeTimeout
        self.sessionTimeout = sessionTimeout
        self.sessionLimit = sessionLimit
        self.bypassOverLimit = bypassOverLimit
    }

    /// The built-in configuration: `ams0` with `memberCount` members (default 2) and service set `default`.
    ///
    /// Members are named `mams-F/P/0` with two PICs per FPC: `mams-0/0/0`, `mams-0/1/0`, `mams-1/0/0`, …
    /// With `generation` `.nextGen` (`ams replay --next-gen`) they are `vms-0/0/0`, `vms-0/1/0`, …: the
    /// same bundle on MX-SPC3 PICs.
    public static func builtInDefault(memberCount: Int = 2, generation: ServicesGeneration = .msMPC) -> EngineConfiguration {
        let members = (0..<max(1, memberCount)).map { "\(generation.memberPrefix)\($0 / 2)/\($0 % 2)/0" }
        let accepting = ServiceSetPolicy(
            name: "default", rules: [], implicitApplications: PredefinedApplications.gateways)
        return EngineConfiguration(bundle: "ams0", members: members, serviceSets: [accepting])
    }

    /// The index in ``bundles`` of the bundle service set `index` is applied to; for a packet of no service
    /// set (or a set past ``serviceSetBundles``), the first service set's bundle.
    public func bundleIndex(ofServiceSet index: Int) -> Int {
        serviceSetBundles.indices.contains(index) ? serviceSetBundles[index] : serviceSetBundles.first ?? 0
    }

    /// The indices in ``members`` of bundle `index`'s members.
    public func memberRange(ofBundle index: Int) -> Range<Int> {
        let start = bundles[..<index].reduce(0) { $0 + $1.members.count }
        return start..<(start + bundles[index].members.count)
    }

    /// The bundle member `index` (in ``members``) belongs to.
    public func bundle(ofMember index: Int) -> Bundle {
        var start = 0
        for bundle in bundles {
            if index < start + bundle.members.count { return bundle }
            start += bundle.members.count
        }
        return bundles[bundles.count - 1]
    }

    /// The inactivity timeout of an established session, seconds: ``inactivityTimeout`` for TCP, else
    /// ``nonTCPInactivityTimeout`` when set. The one place the two are told apart.
    public func inactivityTimeout(isTCP: Bool) -> UInt32 {
        isTCP ? inactivityTimeout : nonTCPInactivityTimeout ?? inactivityTimeout
    }

    /// The session timeout of the sessions of service set `index` (SPEC.md §2.12), seconds: the service set's
    /// `service-set-options session-timeout`, else the interface's; `nil` for none. The data path ends its
    /// sessions by it and `extensive` shows it: the one place it is decided.
    public func sessionTimeout(serviceSet index: Int) -> UInt32? {
        (serviceSets.indices.contains(index) ? serviceSets[index].sessionTimeout : nil)
            ?? timing(ofBundle: bundleIndex(ofServiceSet: index)).sessionTimeout
    }

    /// The most sessions the members can hold at once, where the limits bound it: a member holds at most
    /// ``sessionLimit`` sessions, and at most each service set's `max-flows` of that service set (the
    /// member refuses any more). `nil` when nothing bounds them: no `session-limit` and a service set
    /// without `max-flows`, or flows over a limit bypassed (their sessions kept) rather than refused.
    public var sessionCapacity: Int? {
        if bypassOverLimit || serviceSets.contains(where: \.bypassOverLimit) { return nil }
        var serviceSetsTogether: Int? = 0
        for policy in serviceSets {
            guard let maxFlows = policy.maxFlows, let sum = serviceSetsTogether else {
                serviceSetsTogether = nil
                break
            }
            let (added, overflow) = sum.addingReportingOverflow(maxFlows)
            serviceSetsTogether = overflow ? nil : added
        }
        var total = 0
        for index in bundles.indices {
            let perMember = [timing(ofBundle: index).sessionLimit, serviceSetsTogether].compactMap { $0 }.min()
            guard let perMember else { return nil }
            let (bundleTotal, overflow) = perMember.multipliedReportingOverflow(by: bundles[index].members.count)
            let (sum, overflowed) = total.addingReportingOverflow(bundleTotal)
            if overflow || overflowed { return nil }
            total = sum
        }
        return total
    }

    /// The largest timeout any flow can have, seconds: the interface's timers and every application's
    /// own inactivity and child inactivity timeouts. (The owner rule forgets a flow idle for longer than
    /// this; an application timeout left out would let a flow idle past the interface's timers move to
    /// another member while its session still lived.)
    public var longestTimeout: UInt32 {
        var longest: UInt32 = 0
        for index in bundles.indices {
            let timing = timing(ofBundle: index)
            longest = max(
                longest, timing.inactivityTimeout, timing.nonTCPInactivityTimeout ?? 0, timing.openTimeout,
                timing.closeTimeout)
        }
        for policy in serviceSets {
            for application in policy.applications {
                longest = max(longest, application.inactivityTimeout ?? 0, application.childInactivityTimeout ?? 0)
            }
        }
        return longest
    }
}
