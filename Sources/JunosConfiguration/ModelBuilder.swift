// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ServicesCore
import Wire

/// Turns a syntax tree into a typed `Configuration`, range-checking every value and resolving
/// every reference. Each problem becomes a diagnostic at the offending statement or value.
struct ModelBuilder {
    /// A reference to a named object, checked once everything is built.
    private struct Reference {
        enum Kind {
            case rule, ruleSet, application, applicationSet, prefixList, serviceInterface
            /// A service set's `stateful-firewall-rules` or `-rule-sets`: resolved in `services policies`
            /// when the service set is on a Next Gen interface (by `placement`), else in
            /// `services stateful-firewall`.
            case serviceSetRule(interface: String?), serviceSetRuleSet(interface: String?)
            /// A Next Gen policy rule set's rule.
            case policyRule
            /// A Next Gen policy's address (an address-book address or address set).
            case address
            /// A Next Gen policy's application: an application or an application set.
            case applicationOrSet
            /// `services jflow-log`: a service set's template profile, a profile's or group's collector, a
            /// profile's collector group.
            case jflowTemplateProfile, jflowCollector, jflowCollectorGroup
        }

        var kind: Kind
        var name: String
        var location: SourceLocation
        var path: [String]
    }

    private let file: String
    private(set) var diagnostics: [ConfigurationDiagnostic] = []
    private var references: [Reference] = []
    private var memberOwners: [MemberInterfaceName: String] = [:]
    /// Where each interface is configured, for diagnostics found once all are built.
    private var interfaceLocations: [String: SourceLocation] = [:]
    /// The service set each Linux interface is given to, and the first `linux-interfaces` mode seen: one
    /// interface serves one service set, and `ams run` runs one mode.
    private var linuxInterfaceOwners: [String: String] = [:]
    private var linuxMode: LinuxInterfaces.Mode?

    init(file: String) {
        self.file = file
    }

    // MARK: - Top level

    mutating func build(_ statements: [ConfigurationStatement]) -> Configuration {
        var configuration = Configuration()
        for top in statements {
            let path = top.pathWords
            switch top.keyword {
            case "interfaces":
                for entry in top.children {
                    if let interface = amsInterface(entry, path: path) { configuration.interfaces.append(interface) }
                }
            case "services":
                for child in top.children {
                    switch child.keyword {
                    case "service-set":
                        configuration.serviceSets.append(serviceSet(child, path: path))
                    case "policies":
                        policies(child, path: path, into: &configuration)
                    case "address-book":
                        configuration.addressBooks.append(addressBook(child, path: path))
                    case "jflow-log":
                        jflowLog(child, path: path, into: &configuration.jflowLog)
                    case "stateful-firewall":
                        for item in child.children {
                            let itemPath = path + child.pathWords
                            if item.keyword == "rule", let rule = rule(item, path: itemPath) {
                                configuration.statefulFirewallRules.append(rule)
                            } else if item.keyword == "rule-set" {
                                configuration.statefulFirewallRuleSets.append(ruleSet(item, path: itemPath))
                            }
                        }
                    default:
                        break
                    }
                }
            case "applications":
                for child in top.children {
                    if child.keyword == "application" {
                        configuration.applications.append(application(child, path: path))
                    } else if child.keyword == "application-set" {
                        configuration.applicationSets.append(applicationSet(child, path: path))
                    }
                }
            case "policy-options":
                for child in top.children where child.keyword == "prefix-list" {
                    configuration.prefixLists.append(prefixList(child, path: path))
                }
            case "system":
                system(top, into: &configuration)
            default:
                break
            }
        }
        checkLoneInterfaces(in: configuration)
        checkReferences(in: configuration)
        return configuration
    }

    // MARK: - Interfaces

    private mutating func amsInterface(_ statement: ConfigurationStatement, path: [String]) -> AMSInterface? {
        guard AMSInterface.isServicesInterfaceName(statement.keyword) else {
            error("unsupported interface '\(statement.keyword)': only ams interfaces (amsN) and Next Gen services interfaces (vms-F/P/0) are supported",
                  at: statement, path: path)
            return nil
        }
        var interface = AMSInterface(name: statement.keyword)
        interfaceLocations[interface.name] = location(of: statement)
        let path = path + statement.pathWords
        for child in statement.children {
            let childPath = path + child.pathWords
            switch child.keyword {
            case "load-balancing-options":
                if interface.isLoneServicesInterface {
                    error("'load-balancing-options' is for ams bundles: '\(interface.name)' is a lone services interface (put it in an ams bundle as a member-interface)",
                          at: child, path: path)
                    continue
                }
                for option in child.children {
                    switch option.keyword {
                    case "member-interface":
                        guard let member = MemberInterfaceName(option.values[0]) else {
                            invalid(option, path: childPath, expected: "a services member interface name mams-F/P/0 or vms-F/P/0")
                            continue
                        }
                        if let first = interface.members.first, first.generation != member.generation {
                            error("member interface '\(member)' is \(Self.generationName(member.generation)) but '\(interface.name)' has \(Self.generationName(first.generation)) member '\(first)': the members of a bundle are of one generation",
                                  at: option, value: 0, path: childPath)
                            continue
                        }
                        if let owner = memberOwners[member], owner != interface.name {
                            error("member interface '\(member)' is already a member of '\(owner)'",
                                  at: option, value: 0, path: childPath)
                            continue
                        }
                        memberOwners[member] = interface.name
                        interface.members.append(member)
                    case "member-failure-options":
                        interface.memberFailureOptions = memberFailureOptions(option, path: childPath + ["member-failure-options"])
                    case "high-availability-options":
                        interface.highAvailabilityOptions = highAvailabilityOptions(
                            option, path: childPath + ["high-availability-options"])
                    default:
                        break
                    }
                }
            case "services-options":
                interface.servicesOptions = servicesOptions(child, path: childPath)
            case "unit":
                if let unit = unit(child, path: path) { interface.units.append(unit) }
            default:
                break
            }
        }
        if interface.members.count > AMSInterface.maximumMembers {
            error("too many member interfaces: at most \(AMSInterface.maximumMembers) are allowed", at: statement, path: path)
        }
        if let ha = interface.highAvailabilityOptions, !interface.members.contains(ha.preferredBackup) {
            let backup = statement.children.first { $0.keyword == "load-balancing-options" }?
                .children.first { $0.keyword == "high-availability-options" }?.children.first?
                .children.first { $0.keyword == "preferred-backup" }
            let haPath = path + ["load-balancing-options", "high-availability-options"]
                + (statement.children.first { $0.keyword == "load-balancing-options" }?
                    .children.first { $0.keyword == "high-availability-options" }?.children.first.map { [$0.keyword] } ?? [])
            error("preferred-backup '\(ha.preferredBackup)' is not a member interface of '\(interface.name)'",
                  at: backup ?? statement, value: 0, path: haPath)
        }
        return interface
    }

    private mutating func memberFailureOptions(
        _ statement: ConfigurationStatement, path: [String]
    ) -> AMSInterface.MemberFailureOptions? {
        guard exclusive(statement.children, path: path) else { return nil }
        guard let choice = statement.children.first else { return nil }
        let enableRejoin = choice.children.contains { $0.keyword == "enable-rejoin" }
        if choice.keyword == "redistribute-all-traffic" {
            return .redistributeAllTraffic(enableRejoin: enableRejoin)
        }
        var timeout: Duration?
        if let leaf = choice.children.first(where: { $0.keyword == "rejoin-timeout" }) {
            timeout = seconds(leaf, path: path + choice.pathWords, range: AMSInterface.rejoinTimeoutRange)
        }
        return .dropMemberTraffic(rejoinTimeout: timeout, enableRejoin: enableRejoin)
    }

    private mutating func highAvailabilityOptions(
        _ statement: ConfigurationStatement, path: [String]
    ) -> AMSInterface.HighAvailabilityOptions? {
        guard exclusive(statement.children, path: path), let choice = statement.children.first else { return nil }
        guard let leaf = choice.children.first(where: { $0.keyword == "preferred-backup" }) else {
            error("missing mandatory statement 'preferred-backup'", at: choice, path: path + choice.pathWords)
            return nil
        }
        guard let member = MemberInterfaceName(leaf.values[0]) else {
            invalid(leaf, path: path + choice.pathWords, expected: "a services member interface name mams-F/P/0 or vms-F/P/0")
            return nil
        }
        return choice.keyword == "many-to-one" ? .manyToOne(preferredBackup: member) : .oneToOne(preferredBackup: member)
    }

    private mutating func servicesOptions(_ statement: ConfigurationStatement, path: [String]) -> ServicesOptions {
        var options = ServicesOptions()
        for child in statement.children {
            switch child.keyword {
            case "inactivity-timeout":
                options.inactivityTimeout = seconds(child, path: path, range: ServicesOptions.inactivityTimeoutRange)
            case "open-timeout":
                options.openTimeout = seconds(child, path: path, range: ServicesOptions.openTimeoutRange)
            case "close-timeout":
                options.closeTimeout = seconds(child, path: path, range: ServicesOptions.closeTimeoutRange)
            case "tcp-tickles":
                options.tcpTickles = integer(child, path: path, range: ServicesOptions.tcpTicklesRange)
            case "session-timeout":
                options.sessionTimeout = seconds(child, path: path, range: ServicesOptions.sessionTimeoutRange)
            case "session-limit":
                if let maximum = child.children.first(where: { $0.keyword == "maximum" }) {
                    options.sessionLimitMaximum = integer(maximum, path: path + child.pathWords, range: 0...Int(UInt32.max))
                        .map { UInt32($0) }
                }
            case "syslog":
                options.syslogHosts = child.children.filter { $0.keyword == "host" }
                    .compactMap { syslogHost($0, path: path + child.pathWords) }
            default:
                break
            }
        }
        return options
    }

    private mutating func unit(_ statement: ConfigurationStatement, path: [String]) -> AMSInterface.Unit? {
        guard let text = statement.name, let number = Self.number(text), AMSInterface.Unit.numberRange.contains(number) else {
            error("invalid value '\(statement.name ?? "")' for 'unit': expected a number from 0 to \(AMSInterface.Unit.numberRange.upperBound)",
                  at: statement, path: path)
            return nil
        }
        var unit = AMSInterface.Unit(number: number)
        let path = path + statement.pathWords
        for child in statement.children {
            switch child.keyword {
            case "family":
                guard let family = AMSInterface.Unit.AddressFamily(rawValue: child.values[0]) else {
                    invalid(child, path: path, expected: "'inet' or 'inet6'")
                    continue
                }
                unit.families.append(family)
            case "vlan-id":
                unit.vlanID = integer(child, path: path, range: AMSInterface.Unit.vlanIDRange)
            case "service-domain":
                unit.serviceDomain = AMSInterface.Unit.ServiceDomain(rawValue: child.values[0])
                if unit.serviceDomain == nil { invalid(child, path: path, expected: "'inside' or 'outside'") }
            case "load-balancing-options":
                if let keys = child.children.first(where: { $0.keyword == "hash-keys" }) {
                    unit.hashKeys = hashKeys(keys, path: path + child.pathWords)
                }
            default:
                break
            }
        }
        return unit
    }

    private mutating func hashKeys(_ statement: ConfigurationStatement, path: [String]) -> HashKeys {
        var keys = HashKeys()
        let path = path + statement.pathWords
        for child in statement.children {
            switch child.keyword {
            case "resource-triggered":
                keys.isResourceTriggered = true
            case "ingress-key", "egress-key":
                let isIngress = child.keyword == "ingress-key"
                for (index, value) in child.values.enumerated() {
                    guard let key = HashKeys.Key(rawValue: value), key != (isIngress ? .oif : .iif) else {
                        let allowed = isIngress ? "source-ip, destination-ip, protocol or iif" : "source-ip, destination-ip, protocol or oif"
                        invalid(child, value: index, path: path, expected: allowed)
                        continue
                    }
                    if isIngress { keys.ingress.append(key) } else { keys.egress.append(key) }
                }
            default:
                break
            }
        }
        return keys
    }

    // MARK: - Services

    private mutating func serviceSet(_ statement: ConfigurationStatement, path: [String]) -> ServiceSet {
        var serviceSet = ServiceSet(name: statement.name ?? "")
        let path = path + statement.pathWords
        exclusiveKeywords(statement.children, ["stateful-firewall-rules", "stateful-firewall-rule-sets"], path: path)
        exclusiveKeywords(statement.children, ["interface-service", "next-hop-service"], path: path)
        // The interface the service set is bound to decides where its rules are looked up (SPEC.md §9).
        let placementInterface = statement.children.lazy
            .filter { $0.keyword == "interface-service" || $0.keyword == "next-hop-service" }
            .flatMap(\.children)
            .first { ["service-interface", "inside-service-interface"].contains($0.keyword) }
            .flatMap { ServiceInterfaceName($0.values[0])?.interface }
        for child in statement.children {
            switch child.keyword {
            case "stateful-firewall-rules":
                serviceSet.statefulFirewallRules = child.values
                reference(.serviceSetRule(interface: placementInterface), child, path: path)
            case "stateful-firewall-rule-sets":
                serviceSet.statefulFirewallRuleSets = child.values
                reference(.serviceSetRuleSet(interface: placementInterface), child, path: path)
            case "max-flows":
                serviceSet.maxFlows = integer(child, path: path, range: 0...Int(UInt32.max)).map { UInt32($0) }
            case "service-set-options":
                for option in child.children {
                    if option.keyword == "bypass-traffic-on-exceeding-flow-limits" {
                        serviceSet.options.bypassesTrafficOnExceedingFlowLimits = true
                    } else if option.keyword == "disable-session-open-syslog" {
                        serviceSet.options.disablesSessionOpenSyslog = true
                    } else if option.keyword == "tcp-non-syn" {
                        serviceSet.options.tcpNonSYN = ServiceSet.Options.TCPNonSYN(rawValue: option.values[0])
                        if serviceSet.options.tcpNonSYN == nil {
                            invalid(option, path: path + child.pathWords, expected: "'drop-flow' or 'drop-flow-send-rst'")
                        }
                    } else if option.keyword == "session-timeout" {
                        serviceSet.options.sessionTimeout = seconds(
                            option, path: path + child.pathWords, range: ServiceSet.Options.sessionTimeoutRange)
                    } else if option.keyword == "inactivity-non-tcp-timeout" {
                        serviceSet.options.inactivityNonTCPTimeout = seconds(
                            option, path: path + child.pathWords, range: ServiceSet.Options.inactivityTimeoutRange)
                    } else if option.keyword == "session-limit",
                        let maximum = option.children.first(where: { $0.keyword == "maximum" })
                    {
                        serviceSet.options.sessionLimitMaximum = integer(
                            maximum, path: path + child.pathWords + option.pathWords, range: 0...Int(UInt32.max)
                        ).map { UInt32($0) }
                    } else if option.keyword == "tcp-session" {
                        serviceSet.options.tcpSession = tcpSession(option, path: path + child.pathWords + option.pathWords)
                    }
                }
            case "interface-service":
                let childPath = path + child.pathWords
                guard let leaf = child.children.first(where: { $0.keyword == "service-interface" }) else {
                    error("missing mandatory statement 'service-interface'", at: child, path: childPath)
                    continue
                }
                var keys: HashKeys?
                if let options = child.children.first(where: { $0.keyword == "load-balancing-options" }),
                    let hash = options.children.first(where: { $0.keyword == "hash-keys" })
                {
                    keys = hashKeys(hash, path: childPath + options.pathWords)
                }
                if let name = serviceInterface(leaf, path: childPath) {
                    serviceSet.placement = .interfaceService(serviceInterface: name, hashKeys: keys)
                }
            case "next-hop-service":
                let childPath = path + child.pathWords
                var sides: [ServiceInterfaceName] = []
                for keyword in ["inside-service-interface", "outside-service-interface"] {
                    guard let leaf = child.children.first(where: { $0.keyword == keyword }) else {
                        error("missing mandatory statement '\(keyword)'", at: child, path: childPath)
                        continue
                    }
                    if let name = serviceInterface(leaf, path: childPath) { sides.append(name) }
                }
                if sides.count == 2 {
                    serviceSet.placement = .nextHopService(inside: sides[0], outside: sides[1])
                }
            case "linux-interfaces":
                serviceSet.linuxInterfaces = linuxInterfaces(child, serviceSet: serviceSet.name, path: path + child.pathWords)
            case "syslog":
                serviceSet.syslogHosts = child.children.filter { $0.keyword == "host" }
                    .compactMap { syslogHost($0, path: path + child.pathWords) }
            case "jflow-log":
                if let profile = child.children.first(where: { $0.keyword == "template-profile" }) {
                    serviceSet.jflowLogTemplateProfile = profile.values[0]
                    reference(.jflowTemplateProfile, profile, path: path + child.pathWords)
                }
            default:
                break
            }
        }
        return serviceSet
    }

    /// `linux-interfaces { inside IF; outside IF; mode M; }`: names Linux can take; inline needs both sides.
    private mutating func linuxInterfaces(
        _ statement: ConfigurationStatement, serviceSet: String, path: [String]
    ) -> LinuxInterfaces? {
        var interfaces = LinuxInterfaces()
        for child in statement.children {
            let value = child.values[0]
            switch child.keyword {
            case "inside", "outside":
                guard LinuxInterfaces.isValidName(value) else {
                    invalid(child, path: path, expected: "a Linux interface name (1 to 15 characters, no '/', ':' or space)")
                    continue
                }
                if let owner = linuxInterfaceOwners[value], owner != serviceSet {
                    error("Linux interface '\(value)' is already used by service-set \(owner)", at: child, path: path)
                    continue
                }
                linuxInterfaceOwners[value] = serviceSet
                if child.keyword == "inside" { interfaces.inside = value } else { interfaces.outside = value }
            case "mode":
                guard let mode = LinuxInterfaces.Mode(rawValue: value) else {
                    invalid(child, path: path, expected: "'monitor' or 'inline'")
                    continue
                }
                interfaces.mode = mode
                if let first = linuxMode, first != mode {
                    error("'mode \(mode.rawValue)' differs from 'mode \(first.rawValue)' of another service set: ams run runs one mode", at: child, path: path)
                    continue
                }
            default:
                break
            }
        }
        if interfaces.inside == nil && interfaces.outside == nil {
            // A side written but refused above has been reported already.
            if !statement.children.contains(where: { $0.keyword == "inside" || $0.keyword == "outside" }) {
                error("missing mandatory statement 'inside' or 'outside'", at: statement, path: path)
            }
            return nil
        }
        if interfaces.mode == .inline, interfaces.inside == nil || interfaces.outside == nil {
            error("'mode inline' needs both 'inside' and 'outside'", at: statement, path: path)
            return nil
        }
        if interfaces.inside != nil, interfaces.inside == interfaces.outside {
            error("'inside' and 'outside' name the same interface '\(interfaces.inside!)'", at: statement, path: path)
            return nil
        }
        if let first = linuxMode, first != interfaces.mode {
            if !statement.children.contains(where: { $0.keyword == "mode" }) {
                error("'mode monitor' (the default) differs from 'mode \(first.rawValue)' of another service set: ams run runs one mode", at: statement, path: path)
            }
            return nil
        }
        linuxMode = interfaces.mode
        return interfaces
    }

    /// `syslog host H { services L; class { session-logs [open | close]; stateful-firewall-logs; } port P;
    /// source-address A; facility-override F; log-prefix X; structured-data; transport T; file PATH; }`
    /// (SPEC.md §8).
    private mutating func syslogHost(_ statement: ConfigurationStatement, path: [String]) -> SyslogHost? {
        let path = path + statement.pathWords
        let name = statement.name ?? ""
        let destination: SyslogHost.Destination
        if name == "local" {
            destination = .local
        } else if IPAddress(name) != nil {
            destination = .address(name)
        } else {
            error("invalid value '\(name)' for 'host': expected an IPv4 or IPv6 address, or 'local'", at: statement, path: path)
            return nil
        }
        var host = SyslogHost(destination: destination)
        for child in statement.children {
            let value = child.values.first ?? ""
            switch child.keyword {
            case "services":
                guard let severity = SyslogHost.Severity(rawValue: value) else {
                    invalid(child, path: path, expected: Self.choices(SyslogHost.Severity.allCases.map(\.rawValue)))
                    return nil
                }
                host.severity = severity
            case "class":
                host.classes = Set(child.children.compactMap { SyslogHost.LogClass(rawValue: $0.keyword) })
                if let sessionLogs = child.children.first(where: { $0.keyword == "session-logs" }), let event = sessionLogs.values.first {
                    guard let events = SyslogHost.SessionEvents(rawValue: event), events != .both else {
                        invalid(sessionLogs, path: path + child.pathWords, expected: "'open' or 'close'")
                        return nil
                    }
                    host.sessionEvents = events
                }
            case "source-address":
                guard let address = address(child, path: path) else { return nil }
                host.sourceAddress = address
            case "port":
                guard let port = integer(child, path: path, range: 1...65_535) else { return nil }
                host.port = port
            case "facility-override":
                guard let facility = SyslogHost.Facility(rawValue: value) else {
                    invalid(child, path: path, expected: Self.choices(SyslogHost.Facility.allCases.map(\.rawValue)))
                    return nil
                }
                host.facility = facility
            case "log-prefix":
                // Printed in the message and in an RFC 5424 parameter value: no space, quote or control.
                guard !value.isEmpty, value.utf8.count <= 64,
                    value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F && !"\"\\]".unicodeScalars.contains($0) })
                else {
                    invalid(child, path: path, expected: "1 to 64 printable ASCII characters without space, '\"', '\\' or ']'")
                    return nil
                }
                host.logPrefix = value
            case "structured-data":
                host.isStructuredData = true
            case "transport":
                guard let transport = SyslogHost.Transport(rawValue: value) else {
                    invalid(child, path: path, expected: "'udp' or 'tcp'")
                    return nil
                }
                host.transport = transport
            case "file":
                guard destination == .local else {
                    error("'file' is for 'host local' only", at: child, path: path)
                    return nil
                }
                guard !value.isEmpty else {
                    invalid(child, path: path, expected: "a file path")
                    return nil
                }
                host.file = value
            default:
                break
            }
        }
        let remoteOnly = ["port", "transport", "source-address"]
        if destination == .local, let child = statement.children.first(where: { remoteOnly.contains($0.keyword) }) {
            error("'\(child.keyword)' is for a remote host, not 'host local'", at: child, path: path)
            return nil
        }
        return host
    }

    /// `'a', 'b' or 'c'`.
    private static func choices(_ words: [String]) -> String {
        let quoted = words.map { "'\($0)'" }
        return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    }

    private mutating func serviceInterface(_ statement: ConfigurationStatement, path: [String]) -> ServiceInterfaceName? {
        guard let name = ServiceInterfaceName(statement.values[0]) else {
            invalid(statement, path: path, expected: "a services logical interface name amsN.U or vms-F/P/0.U")
            return nil
        }
        reference(.serviceInterface, statement, path: path)
        return name
    }

    private mutating func rule(_ statement: ConfigurationStatement, path: [String]) -> StatefulFirewallRule? {
        let path = path + statement.pathWords
        var direction: StatefulFirewallRule.MatchDirection?
        var terms: [StatefulFirewallTerm] = []
        for child in statement.children {
            if child.keyword == "match-direction" {
                direction = StatefulFirewallRule.MatchDirection(rawValue: child.values[0])
                if direction == nil { invalid(child, path: path, expected: "'input', 'output' or 'input-output'") }
            } else if child.keyword == "term", let term = term(child, path: path) {
                terms.append(term)
            }
        }
        guard let direction else {
            if !statement.children.contains(where: { $0.keyword == "match-direction" }) {
                error("missing mandatory statement 'match-direction'", at: statement, path: path)
            }
            return nil
        }
        return StatefulFirewallRule(name: statement.name ?? "", matchDirection: direction, terms: terms)
    }

    private mutating func term(_ statement: ConfigurationStatement, path: [String]) -> StatefulFirewallTerm? {
        let path = path + statement.pathWords
        var match = StatefulFirewallMatch()
        if let from = statement.children.first(where: { $0.keyword == "from" }) {
            match = self.match(from, path: path + from.pathWords)
        }
        let then = statement.children.first { $0.keyword == "then" }
        let verdicts = then?.children.filter { StatefulFirewallAction.Verdict(rawValue: $0.keyword) != nil } ?? []
        if verdicts.count > 1 {
            error("'\(verdicts[0].keyword)' and '\(verdicts[1].keyword)' are mutually exclusive",
                  at: verdicts[1], path: path + ["then"])
            return nil
        }
        guard let verdict = verdicts.first.flatMap({ StatefulFirewallAction.Verdict(rawValue: $0.keyword) }) else {
            error("missing mandatory action in 'then': 'accept', 'discard' or 'reject'", at: then ?? statement,
                  path: then == nil ? path : path + ["then"])
            return nil
        }
        let syslog = then?.children.contains { $0.keyword == "syslog" } ?? false
        return StatefulFirewallTerm(
            name: statement.name ?? "", match: match, action: StatefulFirewallAction(verdict: verdict, isSyslogEnabled: syslog))
    }

    private mutating func match(_ statement: ConfigurationStatement, path: [String]) -> StatefulFirewallMatch {
        var match = StatefulFirewallMatch()
        for child in statement.children {
            switch child.keyword {
            case "source-address", "destination-address":
                guard let prefix = IPPrefix(child.values[0]) else {
                    invalid(child, path: path, expected: "an IPv4 or IPv6 prefix")
                    continue
                }
                guard let isExcept = exceptFlag(child, at: 1, path: path) else { continue }
                let entry = StatefulFirewallMatch.AddressMatch(prefix: prefix, isExcept: isExcept)
                if child.keyword == "source-address" { match.sourceAddresses.append(entry) } else { match.destinationAddresses.append(entry) }
            case "source-address-range", "destination-address-range":
                guard keywordValue(child, index: 0, "low", path: path), keywordValue(child, index: 2, "high", path: path) else { continue }
                guard let low = Self.rangeAddress(child.values[1]) else {
                    invalid(child, value: 1, path: path, expected: "an IPv4 or IPv6 address")
                    continue
                }
                guard let high = Self.rangeAddress(child.values[3]) else {
                    invalid(child, value: 3, path: path, expected: "an IPv4 or IPv6 address")
                    continue
                }
                if low.isIPv4 != high.isIPv4 {
                    let lowText = low.address.description(dottedQuad: low.isIPv4)
                    invalid(child, value: 3, path: path, expected: "an address of the same family as '\(lowText)'")
                    continue
                }
                guard let isExcept = exceptFlag(child, at: 4, path: path) else { continue }
                let entry = StatefulFirewallMatch.AddressRangeMatch(
                    low: low.address, high: high.address, isIPv4: low.isIPv4, isExcept: isExcept)
                if child.keyword == "source-address-range" { match.sourceAddressRanges.append(entry) } else { match.destinationAddressRanges.append(entry) }
            case "source-prefix-list", "destination-prefix-list":
                guard let isExcept = exceptFlag(child, at: 1, path: path) else { continue }
                reference(.prefixList, child, path: path, count: 1)
                let entry = StatefulFirewallMatch.PrefixListMatch(name: child.values[0], isExcept: isExcept)
                if child.keyword == "source-prefix-list" { match.sourcePrefixLists.append(entry) } else { match.destinationPrefixLists.append(entry) }
            case "applications":
                match.applications = child.values
                reference(.application, child, path: path)
            case "application-sets":
                match.applicationSets = child.values
                reference(.applicationSet, child, path: path)
            case "destination-port":
                guard keywordValue(child, index: 0, "range", path: path), keywordValue(child, index: 1, "low", path: path),
                    keywordValue(child, index: 3, "high", path: path)
                else { continue }
                let range = StatefulFirewallMatch.destinationPortRange
                guard let low = integer(child, value: 2, path: path, range: range),
                    let high = integer(child, value: 4, path: path, range: range)
                else { continue }
                guard let ports = PortRange(UInt16(low), UInt16(high)) else {
                    invalid(child, value: 4, path: path, expected: "a number from \(low) to 65535")
                    continue
                }
                match.destinationPort = ports
            default:
                break
            }
        }
        return match
    }

    /// Next Gen `service-set-options tcp-session { open-timeout; inactivity-tcp-timeout; tcp-non-syn; }`.
    private mutating func tcpSession(_ statement: ConfigurationStatement, path: [String]) -> ServiceSet.Options.TCPSession {
        var session = ServiceSet.Options.TCPSession()
        for child in statement.children {
            switch child.keyword {
            case "open-timeout":
                session.openTimeout = seconds(child, path: path, range: ServiceSet.Options.openTimeoutRange)
            case "inactivity-tcp-timeout":
                session.inactivityTCPTimeout = seconds(child, path: path, range: ServiceSet.Options.inactivityTimeoutRange)
            case "tcp-non-syn":
                session.tcpNonSYN = ServiceSet.Options.TCPNonSYN(rawValue: child.values[0])
                if session.tcpNonSYN == nil { invalid(child, path: path, expected: "'drop-flow' or 'drop-flow-send-rst'") }
            default:
                break
            }
        }
        return session
    }

    // MARK: - Next Gen policies (SPEC.md §9)

    private mutating func policies(_ statement: ConfigurationStatement, path: [String], into configuration: inout Configuration) {
        let path = path + statement.pathWords
        for child in statement.children {
            if child.keyword == "stateful-firewall-rule", let rule = policyRule(child, path: path) {
                configuration.policyRules.append(rule)
            } else if child.keyword == "stateful-firewall-rule-set" {
                var set = StatefulFirewallPolicyRuleSet(name: child.name ?? "")
                for item in child.children where item.keyword == "stateful-firewall-rule" {
                    set.rules.append(item.values[0])
                    reference(.policyRule, item, path: path + child.pathWords)
                }
                configuration.policyRuleSets.append(set)
            }
        }
    }

    private mutating func policyRule(_ statement: ConfigurationStatement, path: [String]) -> StatefulFirewallPolicyRule? {
        let path = path + statement.pathWords
        var direction: StatefulFirewallRule.MatchDirection?
        var policies: [StatefulFirewallPolicy] = []
        for child in statement.children {
            if child.keyword == "match-direction" {
                direction = StatefulFirewallRule.MatchDirection(rawValue: child.values[0])
                if direction == nil { invalid(child, path: path, expected: "'input', 'output' or 'input-output'") }
            } else if child.keyword == "policy", let policy = policy(child, path: path) {
                policies.append(policy)
            }
        }
        guard let direction else {
            if !statement.children.contains(where: { $0.keyword == "match-direction" }) {
                error("missing mandatory statement 'match-direction'", at: statement, path: path)
            }
            return nil
        }
        return StatefulFirewallPolicyRule(name: statement.name ?? "", matchDirection: direction, policies: policies)
    }

    private mutating func policy(_ statement: ConfigurationStatement, path: [String]) -> StatefulFirewallPolicy? {
        let path = path + statement.pathWords
        var isComplete = true
        var lists: [String: [String]] = [:]
        if let match = statement.children.first(where: { $0.keyword == "match" }) {
            let matchPath = path + match.pathWords
            for keyword in ["source-address", "destination-address", "application"] {
                guard match.children.contains(where: { $0.keyword == keyword }) else {
                    error("missing mandatory statement '\(keyword)'", at: match, path: matchPath)
                    isComplete = false
                    continue
                }
                // Every leaf-list statement of the keyword, in order (`set` lines add one value each).
                let all = match.children.filter { $0.keyword == keyword }
                for item in all {
                    let kind: Reference.Kind = keyword == "application" ? .applicationOrSet : .address
                    for (index, value) in item.values.enumerated() {
                        let isAny = keyword == "application"
                            ? value == StatefulFirewallPolicy.anyApplication : StatefulFirewallPolicy.anyAddresses.contains(value)
                        if !isAny {
                            references.append(Reference(kind: kind, name: value, location: location(of: item, value: index), path: matchPath))
                        }
                    }
                    lists[keyword, default: []] += item.values
                }
            }
        } else {
            error("missing mandatory statement 'match'", at: statement, path: path)
            isComplete = false
        }
        let then = statement.children.first { $0.keyword == "then" }
        let verdicts = then?.children.filter { StatefulFirewallPolicy.Action(rawValue: $0.keyword) != nil } ?? []
        if verdicts.count > 1 {
            error("'\(verdicts[0].keyword)' and '\(verdicts[1].keyword)' are mutually exclusive",
                  at: verdicts[1], path: path + ["then"])
            return nil
        }
        guard let action = verdicts.first.flatMap({ StatefulFirewallPolicy.Action(rawValue: $0.keyword) }) else {
            error("missing mandatory action in 'then': 'permit', 'deny' or 'reject'", at: then ?? statement,
                  path: then == nil ? path : path + ["then"])
            return nil
        }
        guard isComplete else { return nil }
        return StatefulFirewallPolicy(
            name: statement.name ?? "", sourceAddresses: lists["source-address"] ?? [],
            destinationAddresses: lists["destination-address"] ?? [], applications: lists["application"] ?? [],
            action: action, isCounted: then?.children.contains { $0.keyword == "count" } ?? false)
    }

    private mutating func addressBook(_ statement: ConfigurationStatement, path: [String]) -> AddressBook {
        let path = path + statement.pathWords
        var book = AddressBook(name: statement.name ?? "")
        for child in statement.children {
            if child.keyword == "address" {
                guard let prefix = IPPrefix(child.values[1]) else {
                    invalid(child, value: 1, path: path, expected: "an IPv4 or IPv6 prefix")
                    continue
                }
                book.addresses.append(AddressBook.Address(name: child.values[0], prefix: prefix))
            } else if child.keyword == "address-set" {
                var set = AddressBook.AddressSet(name: child.name ?? "")
                for item in child.children {
                    if item.keyword == "address" { set.addresses.append(item.values[0]) } else { set.addressSets.append(item.values[0]) }
                    reference(.address, item, path: path + child.pathWords)
                }
                book.addressSets.append(set)
            }
        }
        return book
    }

    /// A lone `vms-` interface may not also be another bundle's member.
    private mutating func checkLoneInterfaces(in configuration: Configuration) {
        for interface in configuration.interfaces where interface.isLoneServicesInterface {
            guard let member = MemberInterfaceName(interface.name), let owner = memberOwners[member] else { continue }
            diagnostics.append(ConfigurationDiagnostic(
                location: interfaceLocations[interface.name] ?? SourceLocation(file: file, line: 1, column: 1),
                statementPath: ["interfaces", interface.name],
                message: "interface '\(interface.name)' is a member of '\(owner)': it cannot also be configured as a lone services interface"))
        }
    }

    private static func generationName(_ generation: ServicesGeneration) -> String {
        switch generation {
        case .msMPC: "MS-MPC (mams-)"
        case .nextGen: "Next Gen (vms-)"
        }
    }

    private mutating func ruleSet(_ statement: ConfigurationStatement, path: [String]) -> StatefulFirewallRuleSet {
        let path = path + statement.pathWords
        var ruleSet = StatefulFirewallRuleSet(name: statement.name ?? "")
        for child in statement.children where child.keyword == "rule" {
            ruleSet.rules.append(child.values[0])
            reference(.rule, child, path: path)
        }
        return ruleSet
    }

    // MARK: - Applications and prefix lists

    private mutating func application(_ statement: ConfigurationStatement, path: [String]) -> Application {
        var application = Application(name: statement.name ?? "")
        let path = path + statement.pathWords
        for child in statement.children {
            let value = child.values.first ?? ""
            switch child.keyword {
            case "application-protocol":
                application.applicationProtocol = Application.ProtocolName(rawValue: value)
                if application.applicationProtocol == nil { invalid(child, path: path, expected: "an application protocol name") }
            case "protocol":
                application.ipProtocol = Application.IPProtocol(value)
                if application.ipProtocol == nil { invalid(child, path: path, expected: "a protocol name or a number from 0 to 255") }
            case "source-port", "destination-port":
                guard let ports = PortRange(value) else {
                    invalid(child, path: path, expected: "a number from 0 to 65535")
                    continue
                }
                if child.keyword == "source-port" { application.sourcePort = ports } else { application.destinationPort = ports }
            case "icmp-type":
                if let named = Application.icmpTypeNames[value] {
                    application.icmpType = named
                } else {
                    application.icmpType = integer(child, path: path, range: 0...255).map { UInt8($0) }
                }
            case "icmp-code":
                application.icmpCode = integer(child, path: path, range: 0...255).map { UInt8($0) }
            case "ttl-threshold":
                application.ttlThreshold = integer(child, path: path, range: 0...255).map { UInt8($0) }
            case "inactivity-timeout":
                application.inactivityTimeout = seconds(child, path: path, range: Application.inactivityTimeoutRange)
            case "gate-timeout":
                application.gateTimeout = seconds(child, path: path, range: Application.gateTimeoutRange)
            case "child-inactivity-timeout":
                application.childInactivityTimeout = seconds(child, path: path, range: Application.childInactivityTimeoutRange)
            default:
                break
            }
        }
        return application
    }

    private mutating func applicationSet(_ statement: ConfigurationStatement, path: [String]) -> ApplicationSet {
        var set = ApplicationSet(name: statement.name ?? "")
        let path = path + statement.pathWords
        for child in statement.children {
            if child.keyword == "application" {
                set.applications.append(child.values[0])
                reference(.application, child, path: path)
            } else if child.keyword == "application-set" {
                set.applicationSets.append(child.values[0])
                reference(.applicationSet, child, path: path)
            }
        }
        return set
    }

    private mutating func prefixList(_ statement: ConfigurationStatement, path: [String]) -> PrefixList {
        var list = PrefixList(name: statement.name ?? "")
        for entry in statement.children {
            guard let prefix = IPPrefix(entry.keyword) else {
                error("invalid prefix '\(entry.keyword)': expected an IPv4 or IPv6 prefix", at: entry,
                      path: path + statement.pathWords)
                continue
            }
            list.prefixes.append(prefix)
        }
        return list
    }

    // MARK: - References

    private mutating func reference(_ kind: Reference.Kind, _ statement: ConfigurationStatement, path: [String], count: Int? = nil) {
        for (index, name) in statement.values.prefix(count ?? statement.values.count).enumerated() {
            references.append(Reference(kind: kind, name: name, location: location(of: statement, value: index), path: path))
        }
    }

    private mutating func checkReferences(in configuration: Configuration) {
        for reference in references {
            let message: String?
            switch reference.kind {
            case .rule:
                message = configuration.statefulFirewallRule(named: reference.name) == nil
                    ? "stateful-firewall rule '\(reference.name)' is not defined" : nil
            case .ruleSet:
                message = configuration.statefulFirewallRuleSets.contains { $0.name == reference.name }
                    ? nil : "stateful-firewall rule-set '\(reference.name)' is not defined"
            case .application:
                message = configuration.application(named: reference.name) == nil
                    ? "application '\(reference.name)' is not defined" : nil
            case .applicationSet:
                message = configuration.applicationSet(named: reference.name) == nil
                    ? "application-set '\(reference.name)' is not defined" : nil
            case .prefixList:
                message = configuration.prefixList(named: reference.name) == nil
                    ? "prefix-list '\(reference.name)' is not defined" : nil
            case .serviceSetRule(let interface), .serviceSetRuleSet(let interface):
                let isSet = if case .serviceSetRuleSet = reference.kind { true } else { false }
                let generation = interface.map { name in
                    configuration.interfaces.first { $0.name == name }?.generation ?? ServicesGeneration(memberName: name)
                } ?? .msMPC
                switch (generation, isSet) {
                case (.msMPC, false):
                    message = configuration.statefulFirewallRule(named: reference.name) == nil
                        ? "stateful-firewall rule '\(reference.name)' is not defined" : nil
                case (.msMPC, true):
                    message = configuration.statefulFirewallRuleSets.contains { $0.name == reference.name }
                        ? nil : "stateful-firewall rule-set '\(reference.name)' is not defined"
                case (.nextGen, false):
                    message = configuration.policyRule(named: reference.name) == nil
                        ? "stateful-firewall-rule '\(reference.name)' is not defined in services policies (the service set is on Next Gen interface \(interface ?? ""))" : nil
                case (.nextGen, true):
                    message = configuration.policyRuleSets.contains { $0.name == reference.name }
                        ? nil : "stateful-firewall-rule-set '\(reference.name)' is not defined in services policies (the service set is on Next Gen interface \(interface ?? ""))"
                }
            case .policyRule:
                message = configuration.policyRule(named: reference.name) == nil
                    ? "stateful-firewall-rule '\(reference.name)' is not defined in services policies" : nil
            case .address:
                let hint = IPPrefix(reference.name) == nil ? "" : " (a policy names addresses: define it as 'address NAME \(reference.name);')"
                message = configuration.addressBooks.defines(reference.name)
                    ? nil : "address '\(reference.name)' is not defined in services address-book\(hint)"
            case .applicationOrSet:
                message = configuration.application(named: reference.name) == nil
                    && configuration.applicationSet(named: reference.name) == nil
                    ? "application or application-set '\(reference.name)' is not defined" : nil
            case .jflowTemplateProfile:
                message = configuration.jflowLog.templateProfile(named: reference.name) == nil
                    ? "jflow-log template-profile '\(reference.name)' is not defined" : nil
            case .jflowCollector:
                message = configuration.jflowLog.collectors.contains { $0.name == reference.name }
                    ? nil : "jflow-log collector '\(reference.name)' is not defined"
            case .jflowCollectorGroup:
                message = configuration.jflowLog.collectorGroups.contains { $0.name == reference.name }
                    ? nil : "jflow-log collector-group '\(reference.name)' is not defined"
            case .serviceInterface:
                if let name = ServiceInterfaceName(reference.name) {
                    if let interface = configuration.interfaces.first(where: { $0.name == name.interface }) {
                        // A bundle's units carry its sessions; a lone vms- interface's too.
                        message = interface.units.contains { $0.number == name.unit }
                            ? nil : "service interface '\(name)' is not defined: '\(name.interface)' has no unit \(name.unit)"
                    } else {
                        message = "service interface '\(name)' is not defined: interface '\(name.interface)' is not configured"
                    }
                } else {
                    message = nil
                }
            }
            if let message {
                diagnostics.append(ConfigurationDiagnostic(location: reference.location, statementPath: reference.path, message: message))
            }
        }
    }

    // MARK: - Flow records (SPEC.md §8)

    /// `services jflow-log { collector …; collector-group …; template-profile …; }`.
    private mutating func jflowLog(_ statement: ConfigurationStatement, path: [String], into log: inout JflowLog) {
        let path = path + statement.pathWords
        for child in statement.children {
            let childPath = path + child.pathWords
            let name = child.name ?? ""
            switch child.keyword {
            case "collector":
                var address: IPAddress?
                var port: UInt16?
                var source: IPAddress?
                for item in child.children {
                    switch item.keyword {
                    case "destination-address", "source-ip":
                        guard let value = self.address(item, path: childPath) else { continue }
                        if item.keyword == "source-ip" { source = value } else { address = value }
                    case "destination-port":
                        port = integer(item, path: childPath, range: 1...65_535).map { UInt16($0) }
                    default:
                        break
                    }
                }
                guard let address else {
                    if !child.children.contains(where: { $0.keyword == "destination-address" }) {
                        error("missing mandatory statement 'destination-address'", at: child, path: childPath)
                    }
                    continue
                }
                guard let port else {
                    if !child.children.contains(where: { $0.keyword == "destination-port" }) {
                        error("missing mandatory statement 'destination-port'", at: child, path: childPath)
                    }
                    continue
                }
                if let source, source.isIPv4 != address.isIPv4,
                    let statement = child.children.first(where: { $0.keyword == "source-ip" })
                {
                    error("source-ip \(source) and destination-address \(address) are of different address families",
                          at: statement, value: 0, path: childPath)
                    continue
                }
                log.collectors.append(JflowLog.Collector(name: name, destinationAddress: address, destinationPort: port, sourceIP: source))
            case "collector-group":
                let members = child.children.filter { $0.keyword == "collector" }
                for member in members { reference(.jflowCollector, member, path: childPath) }
                log.collectorGroups.append(JflowLog.CollectorGroup(name: name, collectors: members.map { $0.values[0] }))
            case "template-profile":
                var profile = JflowLog.TemplateProfile(name: name)
                exclusiveKeywords(child.children, ["collector", "collector-group"], path: childPath)
                for item in child.children {
                    switch item.keyword {
                    case "collector":
                        profile.collector = item.values[0]
                        reference(.jflowCollector, item, path: childPath)
                    case "collector-group":
                        profile.collectorGroup = item.values[0]
                        reference(.jflowCollectorGroup, item, path: childPath)
                    case "template-type":
                        guard let type = JflowLog.TemplateProfile.TemplateType(rawValue: item.values[0]) else {
                            let note = item.values[0] == "nat" ? " (ams translates no addresses: it exports sessions)" : ""
                            invalid(item, path: childPath, expected: "'session'\(note)")
                            continue
                        }
                        profile.templateType = type
                    case "version":
                        guard let version = JflowLog.TemplateProfile.Version(rawValue: item.values[0]) else {
                            invalid(item, path: childPath, expected: "'ipfix'")
                            continue
                        }
                        profile.version = version
                    case "refresh-rate":
                        for rate in item.children {
                            if rate.keyword == "packets" {
                                profile.refreshPackets = integer(
                                    rate, path: childPath + item.pathWords, range: JflowLog.TemplateProfile.refreshPacketsRange)
                            } else if rate.keyword == "seconds" {
                                profile.refreshSeconds = integer(
                                    rate, path: childPath + item.pathWords, range: JflowLog.TemplateProfile.refreshSecondsRange)
                            }
                        }
                    default:
                        break
                    }
                }
                if profile.collector == nil && profile.collectorGroup == nil
                    && !child.children.contains(where: { $0.keyword == "collector" || $0.keyword == "collector-group" })
                {
                    error("missing mandatory statement 'collector' or 'collector-group'", at: child, path: childPath)
                }
                log.templateProfiles.append(profile)
            default:
                break
            }
        }
    }

    // MARK: - System (SPEC.md §7)

    private mutating func system(_ statement: ConfigurationStatement, into configuration: inout Configuration) {
        let path = statement.pathWords
        for child in statement.children {
            switch child.keyword {
            case "host-name":
                // Junos: a DNS label sequence of letters, digits, '-' and '.', at most 255 characters.
                let name = child.values[0]
                if name.isEmpty || name.utf8.count > 255 || name.hasPrefix("-") || name.hasPrefix(".")
                    || !name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == ".") })
                {
                    invalid(child, path: path, expected: "a host name: letters, digits, '-' and '.', at most 255 characters")
                } else {
                    configuration.hostName = name
                }
            case "services":
                for service in child.children where service.keyword == "netconf" {
                    configuration.netconf = netconf(service, path: path + child.pathWords)
                }
            case "login":
                for user in child.children where user.keyword == "user" {
                    if let user = loginUser(user, path: path + child.pathWords) { configuration.loginUsers.append(user) }
                }
            default:
                break
            }
        }
    }

    private mutating func netconf(_ statement: ConfigurationStatement, path: [String]) -> NetconfService {
        var service = NetconfService()
        let path = path + statement.pathWords
        for child in statement.children {
            switch child.keyword {
            case "ssh":
                if let port = child.children.first(where: { $0.keyword == "port" }) {
                    service.port = integer(port, path: path + child.pathWords, range: 1...65_535)
                }
            case "rfc-compliant":
                service.rfcCompliant = true
            case "listen-address":
                if address(child, path: path) != nil { service.listenAddress = child.values[0] }
            default:
                break
            }
        }
        return service
    }

    private mutating func loginUser(_ statement: ConfigurationStatement, path: [String]) -> LoginUser? {
        let path = path + statement.pathWords
        let name = statement.name ?? ""
        var uid: Int?
        var loginClass: LoginUser.LoginClass?
        var password: String?
        var keys: [LoginUser.PublicKey] = []
        for child in statement.children {
            switch child.keyword {
            case "uid":
                uid = integer(child, path: path, range: LoginUser.uidRange)
            case "class":
                loginClass = LoginUser.LoginClass(rawValue: child.values[0])
                if loginClass == nil {
                    invalid(child, path: path, expected: LoginUser.LoginClass.allCases.map { "'\($0.rawValue)'" }
                        .joined(separator: ", "))
                    return nil
                }
            case "authentication":
                let authenticationPath = path + child.pathWords
                for item in child.children {
                    switch item.keyword {
                    case "encrypted-password":
                        if LoginUser.isCryptHash(item.values[0]) {
                            password = item.values[0]
                        } else {
                            invalid(item, path: authenticationPath, expected: "a crypt hash: $6$salt$hash (or $5$, $1$)")
                        }
                    case "ssh-ed25519", "ssh-ecdsa":
                        let kind = LoginUser.PublicKey.Kind(rawValue: item.keyword)!
                        let prefix = kind == .ed25519 ? "ssh-ed25519" : "ecdsa-sha2-nistp"
                        let fields = item.values[0].split(separator: " ")
                        if fields.count >= 2, fields[0].hasPrefix(prefix) {
                            keys.append(LoginUser.PublicKey(kind: kind, openSSH: item.values[0]))
                        } else {
                            invalid(item, path: authenticationPath,
                                    expected: "a public key as OpenSSH writes it: \"\(prefix)… AAAA… [comment]\"")
                        }
                    default:
                        break
                    }
                }
            default:
                break
            }
        }
        guard let loginClass else {
            error("user '\(name)' has no class: give it class super-user, operator or read-only", at: statement, path: path)
            return nil
        }
        return LoginUser(name: name, uid: uid, loginClass: loginClass, encryptedPassword: password, publicKeys: keys)
    }

    // MARK: - Values

    private static func number(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 10, text.allSatisfy(\.isASCIIDigitCharacter) else { return nil }
        return Int(text)
    }

    private mutating func integer(
        _ statement: ConfigurationStatement, value index: Int = 0, path: [String], range: ClosedRange<Int>
    ) -> Int? {
        let text = index < statement.values.count ? statement.values[index] : ""
        guard let number = Self.number(text), range.contains(number) else {
            invalid(statement, value: index, path: path,
                    expected: "a number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }

    /// The IPv4 or IPv6 address that is `statement`'s value, or `nil` with an error at it.
    private mutating func address(_ statement: ConfigurationStatement, path: [String]) -> IPAddress? {
        guard let address = IPAddress(statement.values.first ?? "") else {
            invalid(statement, path: path, expected: "an IPv4 or IPv6 address")
            return nil
        }
        return address
    }

    private mutating func seconds(_ statement: ConfigurationStatement, path: [String], range: ClosedRange<Int>) -> Duration? {
        integer(statement, path: path, range: range).map { .seconds($0) }
    }

    /// Checks that `values[index]` is the fixed keyword `word`.
    private mutating func keywordValue(_ statement: ConfigurationStatement, index: Int, _ word: String, path: [String]) -> Bool {
        if index < statement.values.count, statement.values[index] == word { return true }
        invalid(statement, value: index, path: path, expected: "'\(word)'")
        return false
    }

    /// Reads an optional trailing `except`; `nil` after reporting anything else.
    private mutating func exceptFlag(_ statement: ConfigurationStatement, at index: Int, path: [String]) -> Bool? {
        guard index < statement.values.count else { return false }
        return keywordValue(statement, index: index, "except", path: path) ? true : nil
    }

    /// Reports that at most one of the statements may be present.
    private mutating func exclusive(_ statements: [ConfigurationStatement], path: [String]) -> Bool {
        guard statements.count > 1 else { return true }
        error("'\(statements[0].keyword)' and '\(statements[1].keyword)' are mutually exclusive", at: statements[1], path: path)
        return false
    }

    private mutating func exclusiveKeywords(_ statements: [ConfigurationStatement], _ keywords: [String], path: [String]) {
        let present = statements.filter { keywords.contains($0.keyword) }
        _ = exclusive(present, path: path)
    }

    // MARK: - Diagnostics

    private func location(of statement: ConfigurationStatement, value index: Int? = nil) -> SourceLocation {
        if let index, index < statement.valueLocations.count { return statement.valueLocations[index] }
        return statement.location ?? SourceLocation(file: file, line: 1, column: 1)
    }

    private mutating func error(_ message: String, at statement: ConfigurationStatement, value: Int? = nil, path: [String]) {
        diagnostics.append(ConfigurationDiagnostic(location: location(of: statement, value: value), statementPath: path, message: message))
    }

    /// An address of an address range, read as a host prefix so that its family is that of its notation
    /// (`::ffff:192.0.2.1` is IPv6), as for prefixes; `nil` if malformed or written with a length.
    private static func rangeAddress(_ text: String) -> IPPrefix? {
        text.contains("/") ? nil : IPPrefix(text)
    }

    private mutating func invalid(_ statement: ConfigurationStatement, value index: Int = 0, path: [String], expected: String) {
        let text = index < statement.values.count ? statement.values[index] : ""
        error("invalid value '\(text)' for '\(statement.keyword)': expected \(expected)", at: statement, value: index, path: path)
    }
}
