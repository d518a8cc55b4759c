// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
import PacketCapture
public import ServicesCore
public import SessionEngine

/// The sessions of `ams replay`: the capture is replayed once, when a command first asks for the tables.
public struct ReplaySource: SessionSource {
    /// The capture's path; `-` for standard input.
    public let path: String
    public let bundles: [String]
    public let configuration: Configuration?
    public let options: ReplayOptions
    public var generation: ServicesGeneration { options.configuration.generation }
    /// The replay, once it ran.
    public private(set) var result: ReplayResult?
    /// Wall-clock time of the replay.
    public private(set) var elapsed = Duration.zero
    /// Anonymous resident memory the replay added (its tables).
    public private(set) var residentGrowth = 0
    /// Called once the replay is over (or could not start), before any command's output: `ams replay`
    /// erases its progress line there.
    public var onReplayEnd: (() -> Void)?

    /// - Parameters:
    ///   - configuration: the configuration file loaded, if any (`show configuration`); `options` holds
    ///     the engine's configuration.
    public init(path: String, configuration: Configuration?, options: ReplayOptions) {
        self.path = path
        self.configuration = configuration
        self.options = options
        bundles = options.configuration.bundles.map(\.name)
    }

    /// The members' tables after the replay, which runs the first time they are asked for.
    ///
    /// - Throws: ``CommandFailure`` if the capture cannot be opened.
    public mutating func tables() throws -> MemberTables {
        if let result { return result.tables }
        defer { onReplayEnd?() }
        let baseline = ProcessMemory.anonymousResidentBytes()
        let capture: CaptureFile
        do {
            if path == "-" {
                // Standard input is read whole before the replay, its size unknown until it ends.
                let progress = options.progress
                progress?.begin(.reading, totalBytes: nil)
                capture = try CaptureFile(reading: 0, progress: progress.map { progress in
                    { progress.publish(bytes: $0, frames: 0) }
                })
            } else {
                capture = try CaptureFile(path: path)
            }
        } catch {
            throw CommandFailure("\(path == "-" ? "standard input" : path): \(error)")
        }
        let clock = ContinuousClock()
        let started = clock.now
        let result = ReplayEngine.replay(capture, options: options)
        elapsed = clock.now - started
        residentGrowth = max(0, result.residentBytes - baseline)
        self.result = result
        return result.tables
    }

    public func advance(by seconds: Double?, stoppingWhen shouldStop: @escaping () -> Bool) throws -> String {
        throw CommandFailure("request replay advance is a command of the interactive shell (ams cli --replay FILE)")
    }
}
