// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import JunosConfiguration
public import OperationalCommands
import ServicesCore
import SessionEngine

#if canImport(Glibc)
import Glibc
#endif

/// Runs a parsed operational command against a ``SessionSource`` and writes its output through its pipes:
/// what `ams replay` and the shell (`ams cli`) both do with a command line once it is parsed
/// (ARCHITECTURE.md, *One command's journey*).
public struct CommandExecutor {
    /// Receives the output, in chunks.
    public var write: ([UInt8]) -> Void
    /// The version `show version` prints.
    public var version: String
    /// `true` once the command should stop early — its output is gone (a write failed, the pager was
    /// quit) or the user interrupted it (Ctrl-C): a listing stops after the sessions written, a replay
    /// step after the frames taken.
    public var shouldStop: () -> Bool

    public init(version: String, shouldStop: @escaping () -> Bool = { false }, write: @escaping ([UInt8]) -> Void) {
        self.version = version
        self.shouldStop = shouldStop
        self.write = write
    }

    /// Runs `parsed` on `source`.
    ///
    /// - Throws: ``CommandFailure`` when the command cannot run here (e.g. `show configuration` without a
    ///   configuration), or what `source` throws.
    public func execute<Source: SessionSource>(_ parsed: ParsedCommand, on source: inout Source) throws {
        let pipes = parsed.pipes
        switch parsed.command {
        case .showConfiguration:
            guard let configuration = source.configuration else {
                throw CommandFailure("show configuration needs --config FILE")
            }
            let text = pipes.contains(.displaySet) ? configuration.setCommands() : configuration.curlyBraceText()
            try emit(pipes) { $0.write(text) }
        case .advanceReplay(let seconds):
            let text = try source.advance(by: seconds, stoppingWhen: shouldStop)
            try emit(pipes) { $0.write(text) }
        case .showVersion:
            try emit(pipes) { output in
                output.write("Hostname: ams\nModel: ams (software AMS services engine)\n")
                output.write("ams version \(version), Swift 6.3\n")
            }
        case .showSessions(let query):
            let tables = try source.tables()
            if query.count {
                let rows = tables.countRows(query.filter)
                try emit(pipes, document: SessionDocuments.sessionCount(rows)) {
                    SessionTableRenderer.writeCount(rows, to: &$0)
                }
                return
            }
            let limit = query.limit ?? Int.max
            let document = { SessionDocuments.sessionTable(tables.snapshot(query.filter, limit: limit), extensive: query.level == .extensive) }
            try emit(pipes, document: document()) { output in
                if query.level == .terse {
                    SessionTableRenderer.writeTerse(tables.snapshot(query.filter, limit: limit), to: &output)
                    return
                }
                // Brief and extensive stream from the tables, a chunk of sessions at a time.
                var member: String?
                let shouldStop = self.shouldStop
                tables.forEachSession(query.filter, limit: limit) { heading, sessions in
                    if member != heading.name {
                        SessionTableRenderer.writeHeading(heading, to: &output)
                        member = heading.name
                    }
                    SessionTableRenderer.writeSessions(sessions, extensive: query.level == .extensive, to: &output)
                    return !shouldStop()
                }
            }
        case .clearSessions(let query):
            let members = try source.tables().clear(query.filter)
            try emit(pipes, document: SessionDocuments.sessionsCleared(rows: SessionTableRenderer.clearedRows(members))) {
                SessionTableRenderer.writeCleared(members, to: &$0)
            }
        case .showAnalysis(let interface):
            let members = try counts(&source, interface: interface)
            try emit(pipes, document: SessionDocuments.sessionAnalysis(members)) {
                SessionTableRenderer.writeAnalysis(members, to: &$0)
            }
        case .showServiceSetsSummary(let interface):
            let members = try counts(&source, interface: interface)
            let memory = Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE)))
            try emit(pipes, document: SessionDocuments.serviceSetsSummary(members, memory: memory)) {
                SessionTableRenderer.writeServiceSetsSummary(members, memory: memory, to: &$0)
            }
        case .showLoadBalancing(let bundle):
            guard bundle == nil || bundle == source.bundle else {
                throw CommandFailure("interface \(bundle!) is not an AMS bundle here (\(source.bundle) is)")
            }
            let members = try source.tables().counts(SessionFilter())
            let name = source.bundle
            try emit(pipes) { SessionTableRenderer.writeLoadBalancing(members, bundle: name, to: &$0) }
        }
    }

    /// The members `interface` selects (a member, the bundle, or `nil` for all), with their counts and
    /// statistics.
    private func counts<Source: SessionSource>(_ source: inout Source, interface: String?) throws -> [MemberSnapshot] {
        var filter = SessionFilter()
        filter.interface = interface
        return try source.tables().counts(filter).filter { filter.selects(member: $0.name, bundle: $0.bundle) }
    }

    /// Writes `render`'s text — or, with `| display xml` or `| display json`, `document` serialised — through
    /// the line filters, to the output or, with `| save FILE`, to the file. The document is built only when
    /// it is displayed.
    func emit(
        _ pipes: [OutputPipe], document: @autoclosure () -> JunosElement? = nil, _ render: (inout TextBuffer) -> Void
    ) throws {
        let display = pipes.first { $0 == .displayXML || $0 == .displayJSON }
        let textPipes = pipes.filter { $0 != .displayXML && $0 != .displayJSON }
        if let display {
            guard let document = document() else {
                throw CommandFailure("| display xml and | display json are not available here")
            }
            let text = display == .displayXML ? JunosReply.displayXML(document) : JunosReply.displayJSON(document)
            try emit(textPipes) { $0.write(text) }
            return
        }
        let saved: SavedOutput?
        if case .save(let path) = textPipes.last { saved = try SavedOutput(path: path) } else { saved = nil }
        let write = self.write
        if textPipes.contains(where: \.filtersLines) {
            var pipeline = LinePipeline(textPipes) { line in
                if let saved { saved.write(line) } else { write(Array(line)) }
            }
            var output = TextBuffer { pipeline.feed($0) }
            render(&output)
            output.flush()
            pipeline.finish()
        } else {
            var output = TextBuffer { bytes in
                if let saved { saved.write(bytes[...]) } else { write(bytes) }
            }
            render(&output)
            output.flush()
        }
        if let saved { self.write(Array(try saved.finish().utf8)) }
    }
}
