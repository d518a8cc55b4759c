// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
import OperationalCommands
public import ServicesCore
public import SessionEngine

/// The shell's sessions: the live tables of a stepped replay (empty tables without one).
public struct SteppedSource: SessionSource {
    public let configuration: Configuration?
    public let engine: EngineConfiguration
    public var stepped: SteppedReplay?
    /// The tables of a shell without a capture.
    private let emptyTables: MemberTables

    public init(configuration: Configuration?, engine: EngineConfiguration, stepped: SteppedReplay? = nil) {
        self.configuration = configuration
        self.engine = engine
        self.stepped = stepped
        emptyTables = MemberTables.empty(engine)
    }

    public var bundles: [String] { engine.bundles.map(\.name) }
    public var generation: ServicesGeneration { engine.generation }

    public func tables() throws -> MemberTables { stepped?.tables() ?? emptyTables }

    public func advance(by seconds: Double?, stoppingWhen shouldStop: @escaping () -> Bool) throws -> String {
        guard let stepped else {
            throw CommandFailure("no capture to replay: start the shell with --replay FILE")
        }
        let step = seconds.map { PacketDuration(seconds: $0) ?? PacketDuration(seconds: 0)! }
        let isComplete = stepped.advance(step: step, stoppingWhen: shouldStop)
        var text = "Replay at \(String(fixed: stepped.elapsedSeconds, digits: 3)) s after the first packet, "
            + "\(stepped.framesRead) frames read"
        if let error = stepped.captureError {
            text += "; the capture is damaged: \(error)"
        } else if stepped.isFinished {
            text += " (end of capture)"
        } else if !isComplete {
            text += " (interrupted)"
        }
        if stepped.isAtEndOfTime || step?.isSaturated == true {
            text += "; packet time stops at its end (2^64 - 1 ns after the epoch)"
        }
        return text + "\n"
    }
}
