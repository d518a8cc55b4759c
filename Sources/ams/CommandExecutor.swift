// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import JunosConfiguration
import OperationalCommands
import ServicesCore
import SessionEngine

#if canImport(Glibc)
import Glibc
#endif

/// Where the sessions a command shows come from: a finished replay, or the shell's live table.
protocol SessionSource {
    /// The bundle the members belong to.
    var bundle: String { get }
    /// The configuration file loaded, for `show configuration`.
    var configuration: Configuration? { get }
    /// The members with the sessions `query` selects and their counts (only counts, where `countsOnly`).
    mutating func members(_ query: SessionQuery, countsOnly: Bool) throws -> [MemberSnapshot]
    /// Removes the sessions `query` selects; the members with the removed sessions.
    mutating func clear(_ query: SessionQuery) throws -> [MemberSnapshot]
    /// Replays `seconds` more of packet time (`nil`: to the end); a text saying where the replay stands.
    mutating func advance(by seconds: Double?) throws -> String
}

/// Runs a parsed operational command against a ``SessionSource`` and writes its output through its pipes.
struct CommandExecutor {
    /// Receives the output, in chunks.
    var write: ([UInt8]) -> Void

    func execute<Source: SessionSource>(_ parsed: ParsedCommand, on source: inout Source) throws {
        let pipes = parsed.pipes
        switch parsed.command {
        case .showConfiguration:
            guard let configuration = source.configuration else {
                throw ValidationError("show configuration needs --config FILE")
            }
            let text = pipes.contains(.displaySet) ? configuration.setCommands() : configuration.curlyBraceText()
            try emit(pipes) { $0.write(text) }
        case .advanceReplay(let seconds):
            let text = try source.advance(by: seconds)
            try emit(pipes) { $0.write(text) }
        case .showVersion:
            try emit(pipes) { output in
                output.write("Hostname: ams\nModel: ams (software AMS services engine)\n")
                output.write("ams version \(AMS.version), Swift 6.3\n")
            }
        case .showSessions(let query):
            let members = try source.members(query, countsOnly: query.count)
            if query.count {
                try emit(pipes, document: SessionDocuments.sessionCount(members)) {
                    SessionTableRenderer.writeCount(members, to: &$0)
                }
            } else {
                try emit(pipes, document: SessionDocuments.sessionTable(members, extensive: query.level == .extensive)) {
                    switch query.level {
                    case .brief: SessionTableRenderer.writeBrief(members, to: &$0)
                    case .extensive: SessionTableRenderer.writeExtensive(members, to: &$0)
                    case .terse: SessionTableRenderer.writeTerse(members, to: &$0)
                    }
                }
            }
        case .clearSessions(let query):
            let members = try source.clear(query)
            try emit(pipes, document: SessionDocuments.sessionsCleared(rows: SessionTableRenderer.clearedRows(members))) {
                SessionTableRenderer.writeCleared(members, to: &$0)
            }
        case .showAnalysis(let interface):
            let members = try selected(&source, interface: interface)
            try emit(pipes, document: SessionDocuments.sessionAnalysis(members)) {
                SessionTableRenderer.writeAnalysis(members, to: &$0)
            }
        case .showServiceSetsSummary(let interface):
            let members = try selected(&source, interface: interface)
            let memory = Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE)))
            try emit(pipes, document: SessionDocuments.serviceSetsSummary(members, memory: memory)) {
                SessionTableRenderer.writeServiceSetsSummary(members, memory: memory, to: &$0)
            }
        case .showLoadBalancing(let bundle):
            guard bundle == nil || bundle == source.bundle else {
                throw ValidationError("interface \(bundle!) is not an AMS bundle here (\(source.bundle) is)")
            }
            let members = try source.members(SessionQuery(), countsOnly: true)
            let name = source.bundle
            try emit(pipes) { SessionTableRenderer.writeLoadBalancing(members, bundle: name, to: &$0) }
        }
    }

    /// The members `interface` (a member, the bundle, or `nil` for all) selects, with counts only.
    private func selected<Source: SessionSource>(_ source: inout Source, interface: String?) throws -> [MemberSnapshot] {
        var query = SessionQuery()
        query.interface = interface
        return try source.members(query, countsOnly: true)
    }

    /// Writes `render`'s text — or, with `| display xml` or `| display json`, `document` serialised — through
    /// the text pipes. The document is built only when it is displayed.
    func emit(
        _ pipes: [OutputPipe], document: @autoclosure () -> JunosElement? = nil, _ render: (inout TextBuffer) -> Void
    ) throws {
        let display = pipes.first { $0 == .displayXML || $0 == .displayJSON }
        let textPipes = pipes.filter { $0 != .displayXML && $0 != .displayJSON }
        if let display {
            guard let document = document() else { throw ValidationError("| display xml and | display json are not available here") }
            let text = display == .displayXML ? JunosReply.displayXML(document) : JunosReply.displayJSON(document)
            try emit(textPipes) { $0.write(text) }
            return
        }
        let write = self.write
        if textPipes.allSatisfy({ $0 == .noMore || $0 == .displaySet }) {
            var output = TextBuffer { write($0) }
            render(&output)
            output.flush()
            return
        }
        var pipeline = LinePipeline(textPipes) { write(Array($0.utf8)) }
        var output = TextBuffer { pipeline.feed($0) }
        render(&output)
        output.flush()
        pipeline.finish()
    }
}
