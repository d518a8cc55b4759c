// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
public import OperationalCommands
import PacketCapture
public import ServicesCore
public import SessionEngine

/// The sessions of `ams replay`: the capture is replayed once, when a command first asks for sessions.
public struct ReplaySource: SessionSource {
    /// The capture's path.
    public let path: String
    public let bundle: String
    public let configuration: Configuration?
    /// How to replay; `countsOnly` is set per command.
    public var options: ReplayOptions
    /// The replay, once it ran.
    public private(set) var result: ReplayResult?
    /// Wall-clock time of the replay.
    public private(set) var elapsed = Duration.zero
    /// Anonymous resident memory the replay added (its tables).
    public private(set) var residentGrowth = 0

    /// - Parameters:
    ///   - configuration: the configuration file loaded, if any (`show configuration`); `options` holds
    ///     the engine's configuration.
    public init(path: String, configuration: Configuration?, options: ReplayOptions) {
        self.path = path
        self.configuration = configuration
        self.options = options
        bundle = options.configuration.bundle
    }

    public mutating func members(_ query: SessionQuery, countsOnly: Bool) throws -> [MemberSnapshot] {
        query.apply(to: try replayed(countsOnly: countsOnly && !query.isFiltered))
    }

    /// The members after the replay, which runs the first time it is asked for.
    private mutating func replayed(countsOnly: Bool) throws -> [MemberSnapshot] {
        if let result { return result.members }
        let baseline = ProcessMemory.anonymousResidentBytes()
        let capture: CaptureFile
        do {
            capture = try CaptureFile(path: path)
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
        options.countsOnly = countsOnly
        let clock = ContinuousClock()
        let started = clock.now
        let result = ReplayEngine.replay(capture, options: options)
        elapsed = clock.now - started
        residentGrowth = max(0, result.residentBytes - baseline)
        self.result = result
        return result.members
    }

    /// In a replay, clearing removes the selected sessions from the final table: it reports them.
    public mutating func clear(_ query: SessionQuery) throws -> [MemberSnapshot] {
        try members(query, countsOnly: !query.isFiltered)
    }

    public func advance(by seconds: Double?) throws -> String {
        throw CommandFailure("request replay advance is a command of the interactive shell (ams cli --replay FILE)")
    }
}
