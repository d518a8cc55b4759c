// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
import OperationalCommands
import Policy
public import SessionEngine
import ServicesCore
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// The Junos session and stateful-firewall logs (SPEC.md §8, README *Syslog*) of one syslog endpoint — a
/// collector's address, port, transport and format, or `host local`'s file — for every service set whose
/// `syslog host` names it, built on the drain thread (``SyslogMessageFormat``) and sent without waiting
/// (``SyslogTransport``).
///
/// `session-logs`: a `JSERVICES_SESSION_OPEN` line per session opened, a `JSERVICES_SESSION_CLOSE` line per
/// session ended. `stateful-firewall-logs`: a `JSERVICES_SFW_RULE_ACCEPT` (`DISCARD`, `REJECT`) line per
/// session whose deciding term says `then syslog`: the drain looks the term up again in the compiled policy
/// for the session's first packet (``ServiceSetPolicy/firstMatch(_:as:)``), so the data path carries no
/// rule; a line is written only when the session's state is the term's verdict (not for a `tcp-non-syn`
/// drop, a bypass over a limit or an ALG child, which no term decided).
public final class SyslogRecordSink: SessionRecordSink {
    /// The endpoint (the first `syslog host` that names it).
    public let endpoint: SyslogHost
    /// Each service set's `syslog host` for this endpoint, by service set index; `nil`: not logged here.
    private let hosts: [SyslogHost?]
    private let policies: [ServiceSetPolicy]
    /// Per service set: whether its sessions' openings are logged (not `disable-session-open-syslog`).
    private let logsOpens: [Bool]
    /// Per service set: the terms that say `syslog` (`rule/term`), and each rule's rule set.
    private let syslogTerms: [Set<String>]
    private let ruleSets: [[String: String]]
    private let format: SyslogMessageFormat
    private let transport: SyslogTransport
    private var output = TextBuffer { _ in }
    /// Where each message in `output` ends.
    private var ends: [Int] = []

    /// A sink for `endpoint`, for the service sets whose host it is in `hosts` (by service set index, as
    /// `engine`'s), messages from `hostName`; `configuration` gives the terms' `syslog` and the rule sets.
    public init(
        endpoint: SyslogHost, hosts: [SyslogHost?], hostName: String, configuration: Configuration,
        engine: EngineConfiguration
    ) throws(CommandFailure) {
        self.endpoint = endpoint
        self.hosts = hosts
        policies = engine.serviceSets
        // Each engine service set's own, in the configuration.
        let serviceSets = engine.serviceSets.map { policy in configuration.serviceSets.first { $0.name == policy.name } }
        logsOpens = serviceSets.map { !($0?.options.disablesSessionOpenSyslog ?? false) }
        let units = ServiceSetUnits(configuration)
        format = SyslogMessageFormat(
            hostName: hostName, structuredData: endpoint.isStructuredData, names: SessionRecordNames(engine),
            facilities: hosts.map { $0?.facility }, prefixes: hosts.map { $0?.logPrefix },
            interface: { units.interface(member: $0, serviceSet: $1, role: .initiator) })
        var syslogTerms: [Set<String>] = []
        var ruleSets: [[String: String]] = []
        for serviceSet in serviceSets {
            var terms = Set<String>()
            var sets: [String: String] = [:]
            if let serviceSet, configuration.generation(of: serviceSet) == .msMPC {
                for rule in configuration.statefulFirewallRules {
                    for term in rule.terms where term.action.isSyslogEnabled { terms.insert("\(rule.name)/\(term.name)") }
                }
                for setName in serviceSet.statefulFirewallRuleSets.reversed() {
                    for rule in configuration.statefulFirewallRuleSets.first(where: { $0.name == setName })?.rules ?? [] {
                        sets[rule] = setName
                    }
                }
            }
            syslogTerms.append(terms)
            ruleSets.append(sets)
        }
        self.syslogTerms = syslogTerms
        self.ruleSets = ruleSets
        transport = try SyslogTransport(endpoint)
        output = TextBuffer { [unowned self] in send($0) }
    }

    /// One sink per endpoint that the service sets of `configuration` name (`syslog host`), in order of
    /// first appearance; none without any.
    public static func sinks(configuration: Configuration, engine: EngineConfiguration) throws(CommandFailure) -> [SyslogRecordSink] {
        var endpoints: [SyslogHost] = []
        for serviceSet in configuration.serviceSets {
            for host in configuration.syslogHosts(of: serviceSet) where !endpoints.contains(where: { Self.sameEndpoint($0, host) }) {
                endpoints.append(host)
            }
        }
        let hostName = configuration.hostName ?? Self.machineHostName()
        var sinks: [SyslogRecordSink] = []
        for endpoint in endpoints {
            let hosts = engine.serviceSets.map { policy in
                configuration.serviceSets.first { $0.name == policy.name }
                    .flatMap { configuration.syslogHosts(of: $0).first { Self.sameEndpoint($0, endpoint) } }
            }
            sinks.append(try SyslogRecordSink(
                endpoint: endpoint, hosts: hosts, hostName: hostName, configuration: configuration, engine: engine))
        }
        return sinks
    }

    /// Messages sent (or written), and dropped.
    public var sent: Int { transport.sent }
    public var dropped: Int { transport.dropped }
    /// Syslog gives way to the records and IPFIX (SPEC.md §8: logging never holds the data path back).
    public var givesWay: Bool { true }

    /// The service sets whose `syslog host` is this endpoint.
    public func takes(serviceSet: Int) -> Bool { serviceSet < hosts.count && hosts[serviceSet] != nil }
    /// The last error the transport met, if any.
    public var lastError: String? { transport.lastError }

    /// `H:P (udp)`, `H:P (tcp, RFC 5424)`, or the file.
    public var destination: String {
        switch endpoint.destination {
        case .local: return endpoint.localFile
        case .address(let address):
            let host = address.contains(":") ? "[\(address)]" : address
            return "\(host):\(endpoint.port) (\(endpoint.transport.rawValue)\(endpoint.isStructuredData ? ", RFC 5424" : ""))"
        }
    }

    public func opened(_ record: SessionRecord) {
        guard let host = host(of: record) else { return }
        let sendsSessions = host.sends(.sessionLogs) && host.sessionEvents != .close && logsOpens[Int(record.serviceSet)]
        let sendsRules = host.sends(.statefulFirewallLogs)
        guard sendsSessions || sendsRules else { return }
        let (context, match) = lookUp(record)
        if sendsRules, let match {
            var room = output.reserveRoom(format.room(context, match))
            format.rule(record, match, context, &room)
            commit(room)
        }
        if sendsSessions {
            var room = output.reserveRoom(format.room(context))
            format.open(record, context, &room)
            commit(room)
        }
    }

    public func finished(_ session: FinishedSession) {
        guard let host = host(of: session.close), host.sends(.sessionLogs), host.sessionEvents != .open else { return }
        let (context, _) = lookUp(session.close)
        var room = output.reserveRoom(format.room(context))
        format.close(session, context, &room)
        commit(room)
    }

    public func flush() {
        output.flush()
    }

    /// Sends what is buffered and gives a TCP collector at most `seconds` to take it (the end of a replay,
    /// the daemon stopped).
    public func finish(waitingAtMost seconds: Double = 2) {
        flush()
        transport.finish(waitingAtMost: seconds)
    }

    // MARK: - Parts

    private func host(of record: SessionRecord) -> SyslogHost? {
        let index = Int(record.serviceSet)
        return index < hosts.count ? hosts[index] : nil
    }

    private func commit(_ room: TextBuffer.Room) {
        output.commit(room)
        ends.append(output.count)
        output.flushIfFull()
    }

    private func send(_ bytes: [UInt8]) {
        transport.send(bytes, ends: ends)
        ends.removeAll(keepingCapacity: true)
    }

    /// The application the policy matches for `record`'s first packet, and the term that decided it if it
    /// says `syslog` and its verdict is the session's.
    private func lookUp(_ record: SessionRecord) -> (SyslogMessageFormat.Context, SyslogMessageFormat.RuleMatch?) {
        let index = Int(record.serviceSet)
        guard index < policies.count else { return (.init(application: "none"), nil) }
        let policy = policies[index]
        let isICMP = record.transport == .icmp || record.transport == .icmpv6
        let packet = FlowPacket(
            source: record.source, destination: record.destination, sourcePort: record.sourcePort,
            destinationPort: record.destinationPort, transport: record.transport,
            icmpType: isICMP ? (record.transport == .icmp ? 8 : 128) : 0)
        let found = policy.firstMatch(packet)
        let application = found?.application?.name
            ?? policy.implicitApplications.first { $0.matches(packet) }?.name ?? "none"
        let context = SyslogMessageFormat.Context(application: application)
        guard let found, record.parentID == 0, syslogTerms[index].contains("\(found.rule.name)/\(found.term.name)") else {
            return (context, nil)
        }
        let verdict: FlowState = switch found.term.action {
        case .accept: record.initiatorState == .watch ? .watch : .forward
        case .discard: .drop
        case .reject: .reject
        }
        guard verdict == record.initiatorState else { return (context, nil) }
        return (context, .init(verdict: verdict, ruleSet: ruleSets[index][found.rule.name], rule: found.rule.name, term: found.term.name))
    }

    private static func sameEndpoint(_ a: SyslogHost, _ b: SyslogHost) -> Bool {
        a.destination == b.destination && a.port == b.port && a.transport == b.transport
            && a.isStructuredData == b.isStructuredData && a.localFile == b.localFile && a.sourceAddress == b.sourceAddress
    }

    /// The machine's host name (gethostname), for a configuration without `system host-name`.
    static func machineHostName() -> String {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count) == 0 else { return "localhost" }
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
