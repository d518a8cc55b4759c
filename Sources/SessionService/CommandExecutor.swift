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
    /// The NETCONF server's state for `show system netconf`; `nil` where there is none (`ams replay`, a
    /// daemon without `system services netconf`).
    public var netconfStatus: () -> NetconfServerStatus? = { nil }
    /// The machine's facts for `show chassis …`, given the host name: Linux's by default.
    public var systemFacts: (String) -> SystemFacts = { SystemFacts.current(hostName: $0) }

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
        case .reloadConfiguration:
            let text = try source.reloadConfiguration()
            try emit(pipes) { $0.write(text) }
        case .showVersion:
            let reply = VersionReply(amsVersion: version, hostName: Self.hostName(source), release: Self.release(source))
            try emit(pipes, document: reply.document, release: reply.release) { reply.write(to: &$0) }
        case .showRoutingEngine:
            let reply = RoutingEngineReply(facts: systemFacts(Self.hostName(source)), release: Self.release(source))
            try emit(pipes, document: reply.document, release: reply.release) { reply.write(to: &$0) }
        case .showChassisHardware:
            let reply = ChassisInventoryReply(facts: systemFacts(Self.hostName(source)), release: Self.release(source))
            try emit(pipes, document: reply.document, release: reply.release) { reply.write(to: &$0) }
        case .showNetconfServer:
            guard let status = netconfStatus() else {
                throw CommandFailure("no NETCONF server here: ams run with system services netconf has one")
            }
            try emit(pipes, document: status.document) { status.write(to: &$0) }
        case .showSessions(let query):
            let tables = try source.tables()
            // Next Gen members (SPEC.md §9) print their own form: the text member by member, a document by the
            // members it lists.
            let units = ServiceSetUnits(source.configuration)
            if query.count {
                let rows = try tables.countRows(query.filter)
                // A body per generation the rows span, in their order (the Next Gen one SPEC.md §9's).
                var bodies: [(generation: ServicesGeneration, rows: [SessionCountRow])] = []
                for row in rows {
                    let generation = ServicesGeneration(memberName: row.member)
                    if let index = bodies.firstIndex(where: { $0.generation == generation }) {
                        bodies[index].rows.append(row)
                    } else {
                        bodies.append((generation, [row]))
                    }
                }
                if bodies.isEmpty { bodies = [(try Self.generations(of: tables, selecting: query.filter)[0], [])] }
                try emit(
                    pipes,
                    documents: bodies.map {
                        $0.generation == .nextGen
                            ? SessionDocuments.nextGenSessionCount($0.rows) : SessionDocuments.sessionCount($0.rows)
                    },
                    release: JunosReply.release(for: bodies[0].generation)
                ) {
                    SessionTableRenderer.writeCount(rows, to: &$0)
                }
                return
            }
            let limit = query.limit ?? Int.max
            let shouldStop = self.shouldStop
            // `| display xml`/`json` streams too: written session by session as the tables are walked; stopped
            // (Ctrl-C, the output gone) it ends where it is, like the text.
            let document: (JunosReply.Display, inout TextBuffer) throws -> Void = { display, output in
                if shouldStop() { return }
                // A body per generation the listing spans (SessionListingWriter), the members of each walked once.
                let generations = try Self.generations(of: tables, selecting: query.filter)
                var writer = SessionListingWriter(
                    display: display, extensive: query.level == .extensive,
                    release: JunosReply.release(for: generations[0]), units: units, output: output)
                var stopped = false
                var remaining = limit
                for generation in generations where !stopped {
                    writer.begin(generation)
                    var filter = query.filter
                    filter.generation = generation
                    try tables.forEachSession(filter, limit: remaining, byServiceSet: generation == .msMPC) { heading, sessions in
                        writer.write(member: heading.name, sessions)
                        remaining -= sessions.count
                        stopped = shouldStop()
                        return !stopped
                    }
                }
                output = stopped ? writer.output : writer.finish()
            }
            try emit(pipes, streaming: document) { output in
                var written = false
                if query.level == .terse {
                    let members = try tables.snapshot(query.filter, limit: limit, stoppingWhen: shouldStop)
                    if shouldStop() { return }
                    for member in members {
                        if member.generation == .nextGen {
                            SessionTableRenderer.writeNextGenSessions(
                                member.sessions, member: member.name, level: .terse, units: units, written: &written,
                                to: &output)
                        } else {
                            SessionTableRenderer.writeTerse([member], to: &output)
                        }
                    }
                    return
                }
                // Brief and extensive stream from the tables, a chunk of sessions at a time.
                var member: String?
                try tables.forEachSession(query.filter, limit: limit) { heading, sessions in
                    if heading.generation == .nextGen {
                        SessionTableRenderer.writeNextGenSessions(
                            sessions, member: heading.name, level: query.level, units: units, written: &written,
                            to: &output)
                        return !shouldStop()
                    }
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
            let tables = try source.tables()
            let (interfaces, forwarding) = try tables.liveStatistics()
            try emit(
                pipes, document: SessionDocuments.sessionAnalysis(members, interfaces: interfaces, forwarding: forwarding),
                release: Self.release(members)
            ) {
                SessionTableRenderer.writeAnalysis(members, interfaces: interfaces, forwarding: forwarding, to: &$0)
            }
        case .showUtilization(let interface):
            let members = try counts(&source, interface: interface)
            let memory = Self.physicalMemory
            try emit(pipes, document: SessionDocuments.utilization(members, memory: memory)) {
                SessionTableRenderer.writeUtilization(members, memory: memory, to: &$0)
            }
        case .showServiceSetsSummary(let interface):
            let members = try counts(&source, interface: interface)
            let memory = Self.physicalMemory
            try emit(pipes, document: SessionDocuments.serviceSetsSummary(members, memory: memory), release: Self.release(members)) {
                SessionTableRenderer.writeServiceSetsSummary(members, memory: memory, to: &$0)
            }
        case .showLoadBalancing(let name, let detail):
            // Checked before the tables are asked for: a replay is not run for a name it cannot have.
            let names = source.bundles
            guard name == nil || names.contains(name!) else {
                let here = names.count == 1 ? "\(names[0]) is" : "\(names.joined(separator: ", ")) are"
                throw CommandFailure("interface \(name!) is not an AMS bundle here (\(here))")
            }
            let bundles = try source.tables().bundles().filter { name == nil || $0.name == name }
            if detail {
                try emit(pipes, document: SessionDocuments.loadBalancingDetail(bundles)) {
                    SessionTableRenderer.writeLoadBalancingDetail(bundles, to: &$0)
                }
            } else {
                try emit(pipes) { SessionTableRenderer.writeLoadBalancing(bundles, to: &$0) }
            }
        }
    }

    /// `system host-name`, or `ams`.
    static func hostName<Source: SessionSource>(_ source: Source) -> String {
        source.configuration?.hostName ?? VersionReply.defaultHostName
    }

    /// The cards the members `filter` selects emulate, in the members' order, each once (the bundle's first
    /// member's if it selects none): the bodies of a document of their sessions.
    static func generations<Tables: SessionTables>(of tables: Tables, selecting filter: SessionFilter) throws -> [ServicesGeneration] {
        var generations: [ServicesGeneration] = []
        let bundles = try tables.bundles()
        for bundle in bundles {
            for member in bundle.members where filter.selects(member: member.name, bundle: bundle.name) {
                let generation = ServicesGeneration(memberName: member.name)
                if !generations.contains(generation) { generations.append(generation) }
            }
        }
        if generations.isEmpty {
            generations.append(bundles.first?.members.first.map { ServicesGeneration(memberName: $0.name) } ?? .msMPC)
        }
        return generations
    }

    /// The release the router reports (`show version`, `show chassis …`): its card's.
    static func release<Source: SessionSource>(_ source: Source) -> String {
        JunosReply.release(for: source.generation)
    }

    /// The release the reply about `members` names: Next Gen's when they are Next Gen members.
    static func release(_ members: [MemberSnapshot]) -> String {
        JunosReply.release(for: members.first?.generation ?? .msMPC)
    }

    /// The machine's physical memory, bytes: what `service-sets summary` and `utilization` show memory as a
    /// share of.
    static var physicalMemory: Int { Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE))) }

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
        _ pipes: [OutputPipe], document: @autoclosure () -> JunosElement? = nil, release: String = JunosReply.release,
        _ render: (inout TextBuffer) throws -> Void
    ) throws {
        try emit(pipes, documents: document().map { [$0] }, release: release, render)
    }

    /// ``emit(_:document:release:_:)`` of a reply with several bodies, side by side in one envelope.
    func emit(
        _ pipes: [OutputPipe], documents: @autoclosure () -> [JunosElement]?, release: String = JunosReply.release,
        _ render: (inout TextBuffer) throws -> Void
    ) throws {
        guard pipes.contains(where: { $0 == .displayXML || $0 == .displayJSON }) else {
            return try emit(pipes, streaming: nil, render)
        }
        guard let documents = documents() else {
            throw CommandFailure("| display xml and | display json are not available here")
        }
        // Stopped while the document's sessions were collected (Ctrl-C): a part of it is not shown.
        if shouldStop() { return }
        try emit(
            pipes, streaming: { display, output in output.write(JunosReply.display(display, documents, release: release)) },
            render)
    }

    /// Writes `render`'s text — or, with `| display xml` or `| display json`, what `document` writes for it —
    /// through the line filters, to the output or, with `| save FILE`, to the file.
    func emit(
        _ pipes: [OutputPipe], streaming document: ((JunosReply.Display, inout TextBuffer) throws -> Void)?,
        _ render: (inout TextBuffer) throws -> Void
    ) throws {
        let display = pipes.first { $0 == .displayXML || $0 == .displayJSON }
        let textPipes = pipes.filter { $0 != .displayXML && $0 != .displayJSON }
        if let display {
            guard let document else {
                throw CommandFailure("| display xml and | display json are not available here")
            }
            try emit(textPipes, streaming: nil) { try document(display == .displayXML ? .xml : .json, &$0) }
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
            try render(&output)
            output.flush()
            pipeline.finish()
        } else {
            var output = TextBuffer { bytes in
                if let saved { saved.write(bytes[...]) } else { write(bytes) }
            }
            try render(&output)
            output.flush()
        }
        if let saved { self.write(Array(try saved.finish().utf8)) }
    }
}
