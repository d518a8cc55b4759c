// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
import ServicesCore
import Wire

extension ServiceSetPolicy {
    /// Compiles service set `serviceSet` of a validated `configuration`: its rules (rule sets expanded, in
    /// order), their terms with prefix lists, application sets and applications resolved; its limits and
    /// session timeout.
    ///
    /// A service set without rules accepts everything with every ALG enabled (SPEC.md §3); one with rules
    /// names an ALG only through the applications its terms match, except ICMP, which the ICMP ALG always
    /// tracks.
    ///
    /// On a Next Gen interface (SPEC.md §9) the rules are `services policies` rules, each policy a term
    /// (permit, deny and reject acting as accept, discard and reject), and the Next Gen
    /// `service-set-options session-limit maximum` bounds the service set's sessions as `max-flows` does.
    public init(compiling serviceSet: ServiceSet, in configuration: Configuration) {
        let rules: [PolicyRule]
        var maxFlows = serviceSet.maxFlows.flatMap { $0 == 0 ? nil : Int($0) }
        switch configuration.generation(of: serviceSet) {
        case .msMPC:
            var ruleNames = serviceSet.statefulFirewallRules
            for setName in serviceSet.statefulFirewallRuleSets {
                ruleNames += configuration.statefulFirewallRuleSets.first { $0.name == setName }?.rules ?? []
            }
            rules = ruleNames.compactMap { configuration.statefulFirewallRule(named: $0) }.map {
                PolicyRule(compiling: $0, in: configuration)
            }
        case .nextGen:
            var ruleNames = serviceSet.statefulFirewallRules
            for setName in serviceSet.statefulFirewallRuleSets {
                ruleNames += configuration.policyRuleSets.first { $0.name == setName }?.rules ?? []
            }
            rules = ruleNames.compactMap { configuration.policyRule(named: $0) }.map {
                PolicyRule(compiling: $0, in: configuration)
            }
            if let limit = serviceSet.options.sessionLimitMaximum, limit > 0 {
                maxFlows = min(maxFlows ?? Int.max, Int(limit))
            }
        }
        let implicit = rules.isEmpty
            ? PredefinedApplications.gateways
            : PredefinedApplications.gateways.filter { $0.alg == .icmp || $0.alg == .icmpv6 }
        self.init(
            name: serviceSet.name, rules: rules, implicitApplications: implicit,
            maxFlows: maxFlows,
            bypassOverLimit: serviceSet.options.bypassesTrafficOnExceedingFlowLimits,
            sessionTimeout: serviceSet.options.sessionTimeout.map { UInt32($0.components.seconds) },
            resetsNonSYN: (serviceSet.options.tcpSession?.tcpNonSYN ?? serviceSet.options.tcpNonSYN) == .dropFlowSendRST)
    }
}

extension PolicyRule {
    /// Compiles a stateful-firewall rule of `configuration`.
    init(compiling rule: StatefulFirewallRule, in configuration: Configuration) {
        self.init(
            name: rule.name, direction: MatchDirection(rule.matchDirection),
            terms: rule.terms.map { PolicyTerm(compiling: $0, in: configuration) })
    }
}

extension PolicyRule {
    /// Compiles a Next Gen stateful-firewall rule of `configuration`: each policy a term, as an MS-MPC term
    /// with the same conditions and verdict would be (``StatefulFirewallTerm``), carrying its
    /// ``PolicyReference``.
    init(compiling rule: StatefulFirewallPolicyRule, in configuration: Configuration) {
        self.init(
            name: rule.name, direction: MatchDirection(rule.matchDirection),
            terms: rule.policies.map { policy in
                var term = PolicyTerm(compiling: StatefulFirewallTerm(nextGen: policy, in: configuration), in: configuration)
                term.policy = PolicyReference(name: policy.name, id: configuration.policyID(ruleNamed: rule.name, policy: policy.name))
                return term
            })
    }
}

extension MatchDirection {
    /// A rule's `match-direction`, MS-MPC or Next Gen alike.
    init(_ direction: StatefulFirewallRule.MatchDirection) {
        switch direction {
        case .input: self = .input
        case .output: self = .output
        case .inputOutput: self = .inputOutput
        }
    }
}

extension StatefulFirewallTerm {
    /// The MS-MPC term that acts as Next Gen `policy`: its addresses (address-book names expanded to
    /// prefixes; `any` no condition, `any-ipv4` 0.0.0.0/0, `any-ipv6` ::/0), its applications and
    /// application sets (`any`: no condition), its verdict.
    init(nextGen policy: StatefulFirewallPolicy, in configuration: Configuration) {
        func addresses(_ names: [String]) -> [StatefulFirewallMatch.AddressMatch] {
            // `any` anywhere in the list matches every address: no condition.
            if names.contains("any") { return [] }
            return names.flatMap { name -> [IPPrefix] in
                switch name {
                case "any-ipv4": [IPPrefix("0.0.0.0/0")!]
                case "any-ipv6": [IPPrefix("::/0")!]
                default: configuration.addressBooks.prefixes(named: name)
                }
            }.map { StatefulFirewallMatch.AddressMatch(prefix: $0) }
        }
        var match = StatefulFirewallMatch(
            sourceAddresses: addresses(policy.sourceAddresses), destinationAddresses: addresses(policy.destinationAddresses))
        if !policy.applications.contains(StatefulFirewallPolicy.anyApplication) {
            for name in policy.applications {
                if configuration.application(named: name) != nil {
                    match.applications.append(name)
                } else {
                    match.applicationSets.append(name)
                }
            }
        }
        self.init(name: policy.name, match: match, action: StatefulFirewallAction(verdict: policy.action.verdict))
    }
}

extension PolicyTerm {
    /// Compiles one term: every address condition, application and port range.
    init(compiling term: StatefulFirewallTerm, in configuration: Configuration) {
        let match = term.match
        func addresses(
            _ prefixes: [StatefulFirewallMatch.AddressMatch], _ ranges: [StatefulFirewallMatch.AddressRangeMatch],
            _ lists: [StatefulFirewallMatch.PrefixListMatch]
        ) -> [AddressMatch] {
            var result = prefixes.map { AddressMatch(.prefix($0.prefix), isExcept: $0.isExcept) }
            result += ranges.map {
                AddressMatch(.range(low: $0.low, high: $0.high), isExcept: $0.isExcept)
            }
            for list in lists {
                for prefix in configuration.prefixList(named: list.name)?.prefixes ?? [] {
                    result.append(AddressMatch(.prefix(prefix), isExcept: list.isExcept))
                }
            }
            return result
        }
        var names = match.applications
        var pendingSets = match.applicationSets
        var seenSets = Set<String>()
        while let setName = pendingSets.popLast() {
            guard seenSets.insert(setName).inserted, let set = configuration.applicationSet(named: setName) else {
                continue
            }
            names += set.applications
            pendingSets += set.applicationSets
        }
        let applications = names.compactMap { configuration.application(named: $0) }.map(ApplicationMatch.init)
        let action: PolicyAction =
            switch term.action.verdict {
            case .accept: .accept
            case .discard: .discard
            case .reject: .reject
            }
        self.init(
            name: term.name,
            sources: addresses(match.sourceAddresses, match.sourceAddressRanges, match.sourcePrefixLists),
            destinations: addresses(
                match.destinationAddresses, match.destinationAddressRanges, match.destinationPrefixLists),
            applications: applications,
            destinationPorts: match.destinationPort.map { $0.lowerBound...$0.upperBound }, action: action)
    }
}

extension ApplicationMatch {
    /// Compiles a configured (or predefined) application.
    init(_ application: Application) {
        let alg: ApplicationLayerProtocol =
            switch application.applicationProtocol {
            case .ftp?: .ftp
            case .tftp?: .tftp
            case .rtsp?: .rtsp
            case .pptp?: .pptp
            case .sqlnet?, .sqlnetV2?: .sqlnet
            case .traceroute?: .traceroute
            case .icmp?: .icmp
            case .icmpv6?: .icmpv6
            default: .none
            }
        self.init(
            name: application.name, transport: application.ipProtocol.map { IPProtocol(rawValue: $0.number) },
            sourcePorts: application.sourcePort.map { $0.lowerBound...$0.upperBound },
            destinationPorts: application.destinationPort.map { $0.lowerBound...$0.upperBound },
            icmpType: application.icmpType, icmpCode: application.icmpCode,
            ttlThreshold: application.ttlThreshold, alg: alg,
            inactivityTimeout: application.inactivityTimeout.map { UInt32($0.components.seconds) },
            gateTimeout: application.gateTimeout.map { UInt32($0.components.seconds) },
            childInactivityTimeout: application.childInactivityTimeout.map { UInt32($0.components.seconds) })
    }
}
