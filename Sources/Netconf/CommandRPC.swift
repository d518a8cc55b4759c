// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import ServicesCore
import Wire

/// The Junos RPCs `ams` answers and the CLI commands they are (junos-research.md §1.5, netconf-research.md
/// §1.1): one table, read both ways — an RPC's children become the command's words (`<extensive/>` →
/// `extensive`, `<service-set>ss1</service-set>` → `service-set ss1`), and a parsed command names its RPC
/// for `| display xml rpc`.
public enum CommandRPC {
    /// RPC name → the command it runs.
    public static let commands: [String: String] = [
        "get-msp-session-table": "show services sessions",
        "get-service-msp-sess-count-information": "show services sessions count",
        "clear-service-msp-session-table-information": "clear services sessions",
        "get-service-msp-session-analysis-information": "show services sessions analysis",
        // The name Juniper's YANG gives the same command.
        "show-service-msp-session-analysis-information": "show services sessions analysis",
        "get-services-sessions-utilization": "show services sessions utilization",
        "get-service-set-summary-information": "show services service-sets summary",
        // Ours: no Junos name is known for it (SPEC.md §2.10).
        "get-interface-load-balancing-information": "show interfaces load-balancing",
        "get-software-information": "show version",
        "get-route-engine-information": "show chassis routing-engine",
        "get-chassis-inventory": "show chassis hardware",
        // Ours, as the command is (SPEC.md §7).
        "get-netconf-server-information": "show system netconf",
    ]

    /// Leaves whose value is a bare word of the command: `display` (YANG's `nokeyword` level) everywhere, the
    /// bundle of `show interfaces load-balancing`.
    static func isBareValue(_ name: String, rpc: String) -> Bool {
        name == "display" || (rpc == "get-interface-load-balancing-information" && (name == "interface" || name == "interface-name"))
    }

    /// The command line `rpc` stands for, or the error a router gives.
    public static func commandLine(for rpc: XMLElement) -> Result<String, RPCError> {
        guard let base = commands[rpc.name] else { return .failure(.syntax(badElement: rpc.name)) }
        var words = [base]
        for child in rpc.children {
            guard Self.isWord(child.name) else { return .failure(.syntax(badElement: child.name)) }
            let value = child.text.trimmingWhitespace
            if !child.children.isEmpty { return .failure(.syntax(badElement: child.children[0].name)) }
            if value.isEmpty {
                words.append(child.name)
            } else {
                guard Self.isWord(value) else {
                    return .failure(RPCError(message: "invalid value '\(value)' for \(child.name)", badElement: child.name))
                }
                words.append(isBareValue(child.name, rpc: rpc.name) ? value : "\(child.name) \(value)")
            }
        }
        return .success(words.joined(separator: " "))
    }

    /// A word the command parser reads as one: no white space, no pipe, no `?`, no quote.
    static func isWord(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 256
            && !text.unicodeScalars.contains { $0.properties.isWhitespace || "|?\"'".unicodeScalars.contains($0) }
    }

    /// `<rpc><name>…</name></rpc>`: what `| display xml rpc` answers for `command` (netconf-research.md §1.3).
    public static func rpcElement(for command: OperationalCommand) -> String? {
        var children: [(String, String?)] = []
        let name: String
        func filter(_ query: SessionQuery, level: Bool) {
            if level && query.level != .brief { children.append((query.level.rawValue, nil)) }
            let filter = query.filter
            if let value = filter.sourcePrefix { children.append(("source-prefix", value.description)) }
            if let value = filter.destinationPrefix { children.append(("destination-prefix", value.description)) }
            if let value = filter.sourcePort { children.append(("source-port", String(value))) }
            if let value = filter.destinationPort { children.append(("destination-port", String(value))) }
            if let value = filter.transport { children.append(("protocol", String(value.rawValue))) }
            if let value = filter.serviceSet { children.append(("service-set", value)) }
            if let value = filter.interface { children.append(("interface", value)) }
            if let value = filter.application { children.append(("application-protocol", value.rawValue)) }
            if level, let limit = query.limit { children.append(("limit", String(limit))) }
        }
        switch command {
        case .showSessions(let query):
            name = query.count ? "get-service-msp-sess-count-information" : "get-msp-session-table"
            filter(query, level: !query.count)
        case .clearSessions(let query):
            name = "clear-service-msp-session-table-information"
            filter(query, level: false)
        case .showAnalysis(let interface):
            name = "get-service-msp-session-analysis-information"
            if let interface { children.append(("interface", interface)) }
        case .showUtilization(let interface):
            name = "get-services-sessions-utilization"
            if let interface { children.append(("interface", interface)) }
        case .showServiceSetsSummary(let interface):
            name = "get-service-set-summary-information"
            if let interface { children.append(("interface", interface)) }
        case .showLoadBalancing(let bundle, let detail):
            name = "get-interface-load-balancing-information"
            if detail { children.append(("detail", nil)) }
            if let bundle { children.append(("interface", bundle)) }
        case .showVersion:
            name = "get-software-information"
        case .showRoutingEngine:
            name = "get-route-engine-information"
        case .showChassisHardware:
            name = "get-chassis-inventory"
        case .showNetconfServer:
            name = "get-netconf-server-information"
        case .showConfiguration:
            name = "get-configuration"
        case .advanceReplay, .reloadConfiguration:
            return nil
        }
        var text = "<rpc>\n<\(name)>\n"
        for (child, value) in children {
            if let value {
                text += "<\(child)>\(NetconfReply.escaped(value))</\(child)>\n"
            } else {
                text += "<\(child)/>\n"
            }
        }
        return text + "</\(name)>\n</rpc>\n"
    }
}
