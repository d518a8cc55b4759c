// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// An operational command, parsed (SPEC.md §2).
public enum OperationalCommand: Sendable, Hashable {
    case showSessions(SessionQuery)
    /// `show services sessions analysis [interface I]`.
    case showAnalysis(interface: String?)
    /// `show services service-sets summary [interface I]`.
    case showServiceSetsSummary(interface: String?)
    /// `clear services sessions` with the show command's filters (no level, count or limit).
    case clearSessions(SessionQuery)
    case showConfiguration
    /// `show interfaces load-balancing [amsN]` (ours: the bundle and its members' states).
    case showLoadBalancing(bundle: String?)
    case showVersion
    /// `request replay advance SECONDS | to-end` (the shell): replay more of the capture.
    case advanceReplay(seconds: Double?)
}

/// What a command's output is passed through, left to right (`| count`, `| match R`, …).
public enum OutputPipe: Sendable, Hashable {
    case count
    case match(String)
    case except(String)
    case last(Int)
    case noMore
    case displayXML
    case displayJSON
    case displaySet
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
