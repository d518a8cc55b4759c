// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
public import OperationalCommands
public import ServicesCore
public import SessionEngine
import Policy

/// The shell's sessions: the live table of a stepped replay (empty without one).
public struct SteppedSource: SessionSource {
    public let configuration: Configuration?
    public let engine: EngineConfiguration
    public var stepped: SteppedReplay?

    public init(configuration: Configuration?, engine: EngineConfiguration, stepped: SteppedReplay? = nil) {
        self.configuration = configuration
        self.engine = engine
        self.stepped = stepped
    }

    public var bundle: String { engine.bundle }

    /// The members' tables, with the query applied inside each member: only the first `limit` selected
    /// sessions are ever copied out.
    public func members(_ query: SessionQuery, countsOnly: Bool) throws -> [MemberSnapshot] {
        guard let stepped else {
            return engine.members.map {
                MemberSnapshot(
                    name: $0, bundle: engine.bundle, sessions: [],
                    serviceSetCounts: engine.serviceSets.map { ($0.name, 0) })
            }
        }
        var remaining = query.limit ?? Int.max
        return stepped.snapshot(selecting: query.selector, limit: countsOnly ? 0 : remaining, countsOnly: countsOnly)
            .map { member in
                var limited = member
                guard query.selects(member: member.name, bundle: member.bundle) else {
                    limited.keepOnly([])
                    return limited
                }
                let kept = Array(member.sessions.prefix(remaining))
                remaining -= kept.count
                if query.limit != nil && !countsOnly {
                    limited.keepOnly(kept)
                } else {
                    limited.sessions = kept
                }
                return limited
            }
    }

    public func clear(_ query: SessionQuery) throws -> [MemberSnapshot] {
        guard let stepped else { return try members(query, countsOnly: true) }
        return stepped.clear { member, session in
            query.selects(member: member, bundle: engine.bundle) && query.selects(session)
        }
    }

    public func advance(by seconds: Double?) throws -> String {
        guard let stepped else {
            throw CommandFailure("no capture to replay: start the shell with --replay FILE")
        }
        stepped.advance(by: seconds)
        var text = "Replay at \(String(fixed: stepped.elapsedSeconds, digits: 3)) s after the first packet, "
            + "\(stepped.framesRead) frames read"
        if let error = stepped.captureError {
            text += "; the capture is damaged: \(error)"
        } else if stepped.isFinished {
            text += " (end of capture)"
        }
        return text + "\n"
    }
}

extension SessionQuery {
    /// The filters as a selector the members apply in place.
    var selector: SessionSelector {
        var selector = SessionSelector()
        selector.serviceSet = serviceSet
        selector.transport = transport
        selector.sourcePrefix = sourcePrefix
        selector.destinationPrefix = destinationPrefix
        selector.sourcePort = sourcePort
        selector.destinationPort = destinationPort
        if let applicationProtocol { (selector.algs, selector.algTransport) = applicationProtocol.algs }
        return selector
    }
}
