// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// An operational command, parsed (SPEC.md §2).
public enum OperationalCommand: Sendable, Hashable {
    case showSessions(SessionQuery)
    /// `show services sessions analysis [interface I]`.
    case showAnalysis(interface: String?)
    /// `show services sessions utilization [interface I]`.
    case showUtilization(interface: String?)
    /// `show services service-sets summary [interface I]`.
    case showServiceSetsSummary(interface: String?)
    /// `clear services sessions` with the show command's filters (no level, count or limit).
    case clearSessions(SessionQuery)
    case showConfiguration
    /// `show interfaces load-balancing [detail] [amsN]`: the bundle (ours), or with `detail` the bundle and its
    /// members' states (SPEC.md §2.10).
    case showLoadBalancing(bundle: String?, detail: Bool)
    case showVersion
    /// `show chassis routing-engine` (SPEC.md §7: as a small router answers it).
    case showRoutingEngine
    /// `show chassis hardware` (SPEC.md §7).
    case showChassisHardware
    /// `show system netconf` *(ours)*: the daemon's NETCONF server, its host key and its sessions.
    case showNetconfServer
    /// `request replay advance SECONDS | to-end` (the shell): replay more of the capture.
    case advanceReplay(seconds: Double?)
    /// `request system configuration reload` (the daemon, `ams run`): re-read the configuration file and
    /// apply it (SPEC.md §6).
    case reloadConfiguration
}

/// What a command's output is passed through, left to right (`| count`, `| match P`, …).
public enum OutputPipe: Sendable, Hashable {
    /// `Count: N lines` instead of the lines.
    case count
    /// The lines that `pattern` matches.
    case match(LinePattern)
    /// The lines that `pattern` does not match.
    case except(LinePattern)
    /// The output from the first line that `pattern` matches on; `Pattern not found` if none does.
    case find(LinePattern)
    /// The last N lines.
    case last(Int)
    /// Every line without its first N columns (characters); shorter lines become empty.
    case trim(Int)
    /// The output written to a file (relative to the current directory) instead of shown, then
    /// `Wrote N lines of output to 'FILE'`; always the last pipe.
    case save(String)
    /// At a terminal, the pager holds the end of the output (`---(more)---`) instead of returning to the
    /// prompt; nothing elsewhere.
    case hold
    case noMore
    case displayXML
    case displayJSON
    case displaySet

    /// `true` for the pipes ``LinePipeline`` applies line by line; the others choose the form of the output
    /// (`display`), where it goes (`save`) or how it is paged (`no-more`, `hold`).
    public var filtersLines: Bool {
        switch self {
        case .count, .match, .except, .find, .last, .trim: true
        case .save, .hold, .noMore, .displayXML, .displayJSON, .displaySet: false
        }
    }
}

/// A command line: the command and its pipes.
public struct ParsedCommand: Sendable, Hashable {
    public var command: OperationalCommand
    public var pipes: [OutputPipe]

    public init(command: OperationalCommand, pipes: [OutputPipe] = []) {
        self.command = command
        self.pipes = pipes
    }
}

/// What parsing a command line gives: a command to run, or the help that `?` asked for.
public enum CommandParseResult: Sendable, Hashable {
    case command(ParsedCommand)
    /// The text to print for `?` (possible completions with their descriptions).
    case help(String)
}
