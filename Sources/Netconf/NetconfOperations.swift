// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands

/// Decides what each RPC is (SPEC.md §7, netconf-research.md §1.7, §2.4–2.7): `close-session`,
/// `kill-session`, `command` in all its wire shapes, the Junos RPCs of ``CommandRPC`` — every one becomes
/// the command line the CLI would run, parsed by the one ``CommandParser`` — and a Junos-shaped error for
/// anything else. The one decision of what a NETCONF request means.
public enum NetconfOperations {
    /// The action for `operation`; `mayClear` is the user's class (`super-user` only may clear).
    public static func action(for operation: XMLElement, mayClear: Bool) -> NetconfAction {
        if operation.namespace != nil && operation.namespace != NetconfHello.baseNamespace {
            return .error(.syntax(badElement: operation.name))
        }
        switch operation.name {
        case "close-session":
            return .closeSession
        case "kill-session":
            guard let text = operation.child("session-id")?.text.trimmingWhitespace, let id = Int(text), id > 0 else {
                return .error(RPCError(type: "protocol", tag: "missing-element", message: "missing or bad <session-id>",
                                       badElement: "session-id"))
            }
            guard mayClear else { return .error(.permissionDenied) }
            return .killSession(id: id)
        case "command":
            return command(operation.text.trimmingWhitespace, format: operation.attribute("format"), mayClear: mayClear)
        default:
            switch CommandRPC.commandLine(for: operation) {
            case .failure(let error):
                return .error(error)
            case .success(let line):
                return run(line, explicitFormat: operation.attribute("format"), display: nil, mayClear: mayClear)
            }
        }
    }

    /// `<command>LINE</command>`: `| display xml rpc` answered here; `| display xml`/`| display json` give the
    /// format when the attribute does not; the line filters (`| match` …) are ignored, as a router ignores
    /// them over NETCONF (NAPALM applies them itself).
    static func command(_ line: String, format: String?, mayClear: Bool) -> NetconfAction {
        var line = line
        var wantsRPC = false
        if let bar = line.lastIndex(of: "|"),
            line[line.index(after: bar)...].split(whereSeparator: \.isWhitespace) == ["display", "xml", "rpc"]
        {
            wantsRPC = true
            line = String(line[..<bar])
        }
        let parsed: ParsedCommand
        switch parse(line) {
        case .failure(let error): return .error(error)
        case .success(let command): parsed = command
        }
        if wantsRPC {
            guard let rpc = CommandRPC.rpcElement(for: parsed.command) else {
                return .error(.syntax(badElement: line.split(separator: " ").first.map(String.init)))
            }
            return .reply(rpc)
        }
        let display = parsed.pipes.first { $0 == .displayXML || $0 == .displayJSON }
        return run(parsed, explicitFormat: format, display: display, mayClear: mayClear)
    }

    private static func parse(_ line: String) -> Result<ParsedCommand, RPCError> {
        do {
            switch try CommandParser.parse(line) {
            case .command(let parsed): return .success(parsed)
            case .help: return .failure(.syntax(badElement: "?"))
            }
        } catch {
            var message = error.message
            while message.hasSuffix(".") || message.hasSuffix("\n") { message.removeLast() }
            var bad: String?
            if let column = error.column, column < error.line.count {
                let rest = error.line.dropFirst(column)
                bad = rest.split(whereSeparator: \.isWhitespace).first.map(String.init)
            }
            return .failure(RPCError(message: message, badElement: bad))
        }
    }

    private static func run(_ line: String, explicitFormat: String?, display: OutputPipe?, mayClear: Bool) -> NetconfAction {
        switch parse(line) {
        case .failure(let error): return .error(error)
        case .success(let parsed): return run(parsed, explicitFormat: explicitFormat, display: display, mayClear: mayClear)
        }
    }

    private static func run(_ parsed: ParsedCommand, explicitFormat: String?, display: OutputPipe?, mayClear: Bool)
        -> NetconfAction
    {
        var format: ReplyFormat
        if let explicitFormat {
            guard let known = ReplyFormat(rawValue: explicitFormat.lowercased()) else {
                return .error(RPCError(tag: "bad-attribute", message: "invalid value '\(explicitFormat)' for format",
                                       badElement: "format"))
            }
            format = known
        } else {
            format = display == .displayJSON ? .json : .xml
        }
        switch parsed.command {
        case .advanceReplay, .reloadConfiguration:
            return .error(RPCError(message: "not available over NETCONF", badElement: "request"))
        case .clearSessions:
            if !mayClear { return .error(.permissionDenied) }
        case .showConfiguration, .showLoadBalancing(_, detail: false):
            // No document: the text, as a router answers a command it has no XML for.
            if format == .xml { format = .text }
        default:
            break
        }
        if parsed.pipes.contains(where: { if case .save = $0 { true } else { false } }) {
            return .error(RPCError(message: "| save is not available over NETCONF", badElement: "save"))
        }
        var pipes: [OutputPipe] = parsed.pipes.filter { $0 == .displaySet }
        switch format {
        case .xml: pipes.append(.displayXML)
        case .json: pipes.append(.displayJSON)
        // `format="text"` with `| display xml` in the line: the XML as text (JSNAPy asks so).
        case .text: if let display { pipes.append(display) }
        }
        return .run(ParsedCommand(command: parsed.command, pipes: pipes), format: format)
    }
}
