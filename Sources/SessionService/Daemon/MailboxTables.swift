// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore
public import SessionEngine

/// The daemon's tables as a command sees them from its own thread (``DaemonCommands``): each question a job
/// on the engine thread (``EngineMailbox``), answered and waited for. A listing asks for its selection once,
/// then for a chunk of sessions at a time (``SessionSelection``), so the engine forwards between chunks and
/// only the command's thread waits for a slow client — the data path is held for one chunk's copy at most.
public struct MailboxTables: SessionTables {
    public typealias Failure = CommandFailure

    public let mailbox: EngineMailbox

    public init(mailbox: EngineMailbox) {
        self.mailbox = mailbox
    }

    /// `question` asked on the engine thread; its answer.
    ///
    /// - Throws: ``CommandFailure`` once the daemon is stopping.
    public func ask<Answer: Sendable>(
        _ question: @escaping @Sendable (any EngineAccess) -> Answer
    ) throws(CommandFailure) -> Answer {
        let box = AnswerBox<Answer>()
        guard mailbox.post({ engine in box.give(question(engine)) }) else {
            throw CommandFailure("the daemon is stopping")
        }
        return box.take()
    }

    public func counts(_ filter: SessionFilter) throws(CommandFailure) -> [MemberSnapshot] {
        try ask { $0.tables.counts(filter) }
    }

    public func countRows(_ filter: SessionFilter) throws(CommandFailure) -> [SessionCountRow] {
        try ask { $0.tables.countRows(filter) }
    }

    public func selection(_ filter: SessionFilter, limit: Int, byServiceSet: Bool) throws(CommandFailure) -> SessionSelection {
        try ask { $0.tables.selection(filter, limit: limit, byServiceSet: byServiceSet) }
    }

    public func snapshots(member: Int, keys: ArraySlice<UInt64>) throws(CommandFailure) -> [SessionSnapshot] {
        try ask { $0.tables.snapshots(member: member, keys: keys) }
    }

    public func clear(_ filter: SessionFilter) throws(CommandFailure) -> [MemberSnapshot] {
        try ask { $0.tables.clear(filter) }
    }

    public func bundles() throws(CommandFailure) -> [BundleSnapshot] {
        try ask { $0.tables.bundles() }
    }

    public func liveStatistics() throws(CommandFailure)
        -> (interfaces: [LiveInterfaceSnapshot], forwarding: LiveForwardingCounters?)
    {
        let statistics = try ask { engine in LiveStatistics(engine.tables.liveStatistics()) }
        return (statistics.interfaces, statistics.forwarding)
    }

    /// The live statistics as one `Sendable` value (a tuple is not).
    private struct LiveStatistics: Sendable {
        var interfaces: [LiveInterfaceSnapshot]
        var forwarding: LiveForwardingCounters?

        init(_ statistics: (interfaces: [LiveInterfaceSnapshot], forwarding: LiveForwardingCounters?)) {
            (interfaces, forwarding) = statistics
        }
    }
}

/// One answer handed from the engine thread to the thread waiting for it.
private final class AnswerBox<Answer: Sendable>: @unchecked Sendable {
    private let lock = ConditionLock()
    // Guarded by `lock`.
    private var answer: Answer?

    func give(_ value: Answer) {
        lock.locked {
            answer = value
            lock.broadcast()
        }
    }

    /// Waits for the answer. The engine loop runs every job posted before it stops (``EngineMailbox/stop()``).
    func take() -> Answer {
        lock.locked {
            while answer == nil { lock.wait() }
            return answer!
        }
    }
}
