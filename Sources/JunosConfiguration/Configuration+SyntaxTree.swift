// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

extension Configuration {
    /// The configuration as a syntax tree (without source locations), in Junos order.
    public var statements: [ConfigurationStatement] {
        var top: [ConfigurationStatement] = []
        Self.append(&top, "interfaces", children: interfaces.map(Self.statement(for:)))
        var services: [ConfigurationStatement] = serviceSets.map(Self.statement(for:))
        let firewall = statefulFirewallRules.map(Self.statement(for:))
            + statefulFirewallRuleSets.map { set in
                S("rule-set", name: set.name, children: set.rules.map { S("rule", values: [$0]) })
            }
        Self.append(&services, "stateful-firewall", children: firewall)
        let policies = policyRules.map(Self.statement(for:))
            + policyRuleSets.map { set in
                S("stateful-firewall-rule-set", name: set.name, children: set.rules.map { S("stateful-firewall-rule", values: [$0]) })
            }
        Self.append(&services, "policies", children: policies)
        services += addressBooks.map { book in
            S("address-book", name: book.name, children: book.addresses.map { S("address", values: [$0.name, $0.prefix.description]) }
                + book.addressSets.map { set in
                    S("address-set", name: set.name, children: set.addresses.map { S("address", values: [$0]) }
                        + set.addressSets.map { S("address-set", values: [$0]) })
                })
        }
        services += Self.statements(for: jflowLog)
        Self.append(&top, "services", children: services)
        let applicationStatements = applications.map(Self.statement(for:))
            + applicationSets.map { set in
                S("application-set", name: set.name,
                  children: set.applications.map { S("application", values: [$0]) }
                    + set.applicationSets.map { S("application-set", values: [$0]) })
            }
        Self.append(&top, "applications", children: applicationStatements)
        Self.append(&top, "policy-options", children: prefixLists.map { list in
            S("prefix-list", name: list.name, children: list.prefixes.map { S($0.description) })
        })
        var system: [S] = []
        Self.leaf(&system, "host-name", hostName)
        if let netconf {
            var children: [S] = []
            if let port = netconf.port { children.append(S("ssh", children: [S("port", values: [String(port)])])) }
            if netconf.rfcCompliant { children.append(S("rfc-compliant")) }
            Self.leaf(&children, "listen-address", netconf.listenAddress)
            system.append(S("services", children: [S("netconf", children: children)]))
        }
        Self.append(&system, "login", children: loginUsers.map { user in
            var children: [S] = []
            Self.leaf(&children, "uid", user.uid)
            children.append(S("class", values: [user.loginClass.rawValue]))
            var authentication: [S] = []
            Self.leaf(&authentication, "encrypted-password", user.encryptedPassword)
            authentication += user.publicKeys.map { S($0.kind.rawValue, values: [$0.openSSH]) }
            Self.append(&children, "authentication", children: authentication)
            return S("user", name: user.name, children: children)
        })
        Self.append(&top, "system", children: system)
        return top
    }

    private typealias S = ConfigurationStatement

    /// Appends a container only when it has children.
    private static func append(_ statements: inout [S], _ keyword: String, children: [S]) {
        if !children.isEmpty { statements.append(S(keyword, children: children)) }
    }

    private static func leaf(_ statements: inout [S], _ keyword: String, _ value: (some CustomStringConvertible)?) {
        if let value { statements.append(S(keyword, values: [value.description])) }
    }

    private static func seconds(_ statements: inout [S], _ keyword: String, _ value: Duration?) {
        leaf(&statements, keyword, value.map { $0.components.seconds })
    }

    private static func list(_ statements: inout [S], _ keyword: String, _ values: [String]) {
        if !values.isEmpty { statements.append(S(keyword, values: values, isValueList: true)) }
    }

    private static func statement(for interface: AMSInterface) -> S {
        var balancing: [S] = interface.members.map { S("member-interface", values: [$0.description]) }
        switch interface.memberFailureOptions {
        case .redistributeAllTraffic(let enableRejoin):
            balancing.append(S("member-failure-options", children: [
                S("redistribute-all-traffic", children: enableRejoin ? [S("enable-rejoin")] : []),
            ]))
        case .dropMemberTraffic(let timeout, let enableRejoin):
            var children: [S] = []
            seconds(&children, "rejoin-timeout", timeout)
            if enableRejoin { children.append(S("enable-rejoin")) }
            balancing.append(S("member-failure-options", children: [S("drop-member-traffic", children: children)]))
        case nil:
            break
        }
        if let ha = interface.highAvailabilityOptions {
            let keyword = if case .manyToOne = ha { "many-to-one" } else { "one-to-one" }
            balancing.append(S("high-availability-options", children: [
                S(keyword, children: [S("preferred-backup", values: [ha.preferredBackup.description])]),
            ]))
        }
        var children: [S] = []
        append(&children, "load-balancing-options", children: balancing)
        var options: [S] = []
        let servicesOptions = interface.servicesOptions
        seconds(&options, "inactivity-timeout", servicesOptions.inactivityTimeout)
        seconds(&options, "open-timeout", servicesOptions.openTimeout)
        seconds(&options, "close-timeout", servicesOptions.closeTimeout)
        seconds(&options, "session-timeout", servicesOptions.sessionTimeout)
        leaf(&options, "tcp-tickles", servicesOptions.tcpTickles)
        if let maximum = servicesOptions.sessionLimitMaximum {
            options.append(S("session-limit", children: [S("maximum", values: [String(maximum)])]))
        }
        if !servicesOptions.syslogHosts.isEmpty {
            options.append(S("syslog", children: servicesOptions.syslogHosts.map(statement(for:))))
        }
        append(&children, "services-options", children: options)
        for unit in interface.units {
            var unitChildren: [S] = unit.families.map { S("family", values: [$0.rawValue]) }
            leaf(&unitChildren, "vlan-id", unit.vlanID)
            leaf(&unitChildren, "service-domain", unit.serviceDomain?.rawValue)
            if let keys = unit.hashKeys {
                unitChildren.append(S("load-balancing-options", children: [statement(for: keys)]))
            }
            children.append(S("unit", name: String(unit.number), children: unitChildren))
        }
        return S(interface.name, children: children)
    }

    private static func statement(for keys: HashKeys) -> S {
        var children: [S] = keys.isResourceTriggered ? [S("resource-triggered")] : []
        list(&children, "ingress-key", keys.ingress.map(\.rawValue))
        list(&children, "egress-key", keys.egress.map(\.rawValue))
        return S("hash-keys", children: children)
    }

    private static func statement(for serviceSet: ServiceSet) -> S {
        var children: [S] = []
        list(&children, "stateful-firewall-rules", serviceSet.statefulFirewallRules)
        list(&children, "stateful-firewall-rule-sets", serviceSet.statefulFirewallRuleSets)
        leaf(&children, "max-flows", serviceSet.maxFlows)
        var options: [S] = []
        leaf(&options, "tcp-non-syn", serviceSet.options.tcpNonSYN?.rawValue)
        if serviceSet.options.bypassesTrafficOnExceedingFlowLimits {
            options.append(S("bypass-traffic-on-exceeding-flow-limits"))
        }
        if serviceSet.options.disablesSessionOpenSyslog { options.append(S("disable-session-open-syslog")) }
        seconds(&options, "session-timeout", serviceSet.options.sessionTimeout)
        seconds(&options, "inactivity-non-tcp-timeout", serviceSet.options.inactivityNonTCPTimeout)
        if let maximum = serviceSet.options.sessionLimitMaximum {
            options.append(S("session-limit", children: [S("maximum", values: [String(maximum)])]))
        }
        if let tcp = serviceSet.options.tcpSession {
            var tcpChildren: [S] = []
            seconds(&tcpChildren, "open-timeout", tcp.openTimeout)
            seconds(&tcpChildren, "inactivity-tcp-timeout", tcp.inactivityTCPTimeout)
            leaf(&tcpChildren, "tcp-non-syn", tcp.tcpNonSYN?.rawValue)
            options.append(S("tcp-session", children: tcpChildren))
        }
        append(&children, "service-set-options", children: options)
        switch serviceSet.placement {
        case .interfaceService(let serviceInterface, let hashKeys):
            var service = [S("service-interface", values: [serviceInterface.description])]
            if let hashKeys {
                service.append(S("load-balancing-options", children: [statement(for: hashKeys)]))
            }
            children.append(S("interface-service", children: service))
        case .nextHopService(let inside, let outside):
            children.append(S("next-hop-service", children: [
                S("inside-service-interface", values: [inside.description]),
                S("outside-service-interface", values: [outside.description]),
            ]))
        case nil:
            break
        }
        if let linux = serviceSet.linuxInterfaces {
            var statements: [S] = []
            leaf(&statements, "inside", linux.inside)
            leaf(&statements, "outside", linux.outside)
            leaf(&statements, "mode", linux.mode == .monitor ? nil : linux.mode.rawValue)
            children.append(S("linux-interfaces", children: statements))
        }
        if !serviceSet.syslogHosts.isEmpty {
            children.append(S("syslog", children: serviceSet.syslogHosts.map(statement(for:))))
        }
        if let profile = serviceSet.jflowLogTemplateProfile {
            children.append(S("jflow-log", children: [S("template-profile", values: [profile])]))
        }
        return S("service-set", name: serviceSet.name, children: children)
    }

    private static func statement(for host: SyslogHost) -> S {
        var children: [S] = []
        leaf(&children, "services", host.severity?.rawValue)
        let classes = SyslogHost.LogClass.allCases.filter { host.classes.contains($0) }.map { logClass in
            logClass == .sessionLogs && host.sessionEvents != .both
                ? S(logClass.rawValue, values: [host.sessionEvents.rawValue]) : S(logClass.rawValue)
        }
        if !classes.isEmpty { children.append(S("class", children: classes)) }
        leaf(&children, "port", host.port == SyslogHost.defaultPort ? nil : String(host.port))
        leaf(&children, "source-address", host.sourceAddress.map { "\($0)" })
        leaf(&children, "facility-override", host.facility == .user ? nil : host.facility.rawValue)
        leaf(&children, "log-prefix", host.logPrefix)
        if host.isStructuredData { children.append(S("structured-data")) }
        leaf(&children, "transport", host.transport == .udp ? nil : host.transport.rawValue)
        leaf(&children, "file", host.file)
        let name: String
        switch host.destination {
        case .address(let address): name = address
        case .local: name = "local"
        }
        return S("host", name: name, children: children)
    }

    /// `jflow-log { … }`, or nothing when none is configured.
    private static func statements(for log: JflowLog) -> [S] {
        var children: [S] = log.collectors.map { collector in
            var statements = [
                S("destination-address", values: [collector.destinationAddress.description]),
                S("destination-port", values: [String(collector.destinationPort)]),
            ]
            leaf(&statements, "source-ip", collector.sourceIP)
            return S("collector", name: collector.name, children: statements)
        }
        children += log.collectorGroups.map { group in
            S("collector-group", name: group.name, children: group.collectors.map { S("collector", values: [$0]) })
        }
        children += log.templateProfiles.map { profile in
            var statements: [S] = []
            leaf(&statements, "collector", profile.collector)
            leaf(&statements, "collector-group", profile.collectorGroup)
            statements.append(S("template-type", values: [profile.templateType.rawValue]))
            statements.append(S("version", values: [profile.version.rawValue]))
            var rate: [S] = []
            leaf(&rate, "packets", profile.refreshPackets)
            leaf(&rate, "seconds", profile.refreshSeconds)
            append(&statements, "refresh-rate", children: rate)
            return S("template-profile", name: profile.name, children: statements)
        }
        return children.isEmpty ? [] : [S("jflow-log", children: children)]
    }

    private static func statement(for rule: StatefulFirewallRule) -> S {
        var children = [S("match-direction", values: [rule.matchDirection.rawValue])]
        for term in rule.terms {
            let match = term.match
            var from: [S] = []
            for (keyword, entries) in [("source-address", match.sourceAddresses), ("destination-address", match.destinationAddresses)] {
                from += entries.map { S(keyword, values: [$0.prefix.description] + ($0.isExcept ? ["except"] : [])) }
            }
            for (keyword, entries) in [
                ("source-address-range", match.sourceAddressRanges), ("destination-address-range", match.destinationAddressRanges),
            ] {
                from += entries.map { range in
                    let low = range.low.description(dottedQuad: range.isIPv4)
                    let high = range.high.description(dottedQuad: range.isIPv4)
                    return S(keyword, values: ["low", low, "high", high] + (range.isExcept ? ["except"] : []))
                }
            }
            for (keyword, entries) in [
                ("source-prefix-list", match.sourcePrefixLists), ("destination-prefix-list", match.destinationPrefixLists),
            ] {
                from += entries.map { S(keyword, values: [$0.name] + ($0.isExcept ? ["except"] : [])) }
            }
            list(&from, "applications", match.applications)
            list(&from, "application-sets", match.applicationSets)
            if let ports = match.destinationPort {
                from.append(S("destination-port", values: ["range", "low", String(ports.lowerBound), "high", String(ports.upperBound)]))
            }
            var termChildren: [S] = []
            append(&termChildren, "from", children: from)
            var then = [S(term.action.verdict.rawValue)]
            if term.action.isSyslogEnabled { then.append(S("syslog")) }
            termChildren.append(S("then", children: then))
            children.append(S("term", name: term.name, children: termChildren))
        }
        return S("rule", name: rule.name, children: children)
    }

    private static func statement(for rule: StatefulFirewallPolicyRule) -> S {
        var children = [S("match-direction", values: [rule.matchDirection.rawValue])]
        for policy in rule.policies {
            var match: [S] = []
            list(&match, "source-address", policy.sourceAddresses)
            list(&match, "destination-address", policy.destinationAddresses)
            list(&match, "application", policy.applications)
            var then = [S(policy.action.rawValue)]
            if policy.isCounted { then.append(S("count")) }
            children.append(S("policy", name: policy.name, children: [S("match", children: match), S("then", children: then)]))
        }
        return S("stateful-firewall-rule", name: rule.name, children: children)
    }

    private static func statement(for application: Application) -> S {
        var children: [S] = []
        leaf(&children, "application-protocol", application.applicationProtocol?.rawValue)
        leaf(&children, "protocol", application.ipProtocol)
        leaf(&children, "source-port", application.sourcePort)
        leaf(&children, "destination-port", application.destinationPort)
        leaf(&children, "icmp-type", application.icmpType)
        leaf(&children, "icmp-code", application.icmpCode)
        leaf(&children, "ttl-threshold", application.ttlThreshold)
        seconds(&children, "inactivity-timeout", application.inactivityTimeout)
        seconds(&children, "gate-timeout", application.gateTimeout)
        seconds(&children, "child-inactivity-timeout", application.childInactivityTimeout)
        return S("application", name: application.name, children: children)
    }
}

extension ConfigurationStatement {
    /// Shorthand used when building statements from a model.
    fileprivate init(_ keyword: String, name: String? = nil, values: [String] = [], isValueList: Bool = false, children: [ConfigurationStatement] = []) {
        self.init(keyword: keyword, name: name, values: values, isValueList: isValueList, children: children)
    }
}
