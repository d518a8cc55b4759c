// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
public import ServicesCore
public import SessionEngine
import Synchronization

/// The daemon's configuration: the file it was started with and the configuration running now, which a
/// reload (`request system configuration reload`, SIGHUP) replaces — on the engine thread, all at once, or
/// not at all.
public final class DaemonConfiguration: Sendable {
    /// The configuration file (`--config`); `nil` for the built-in configuration (`--members`), which has
    /// nothing to re-read.
    public let path: String?
    /// The card the router reports (``EngineConfiguration/generation``): a reload keeps the bundles, so it.
    public let generation: ServicesGeneration
    private let running: Mutex<Configuration?>
    /// Told every reload's result, whoever asked for it (the daemon's log).
    private let log: @Sendable (String) -> Void
    /// What a reload does to the session exporters, if anything.
    private let exports: ExportsReload?

    /// What a reload does to the session exporters (SPEC.md §8): given the new configuration, on the engine
    /// thread, makes its exporters — or throws, and the reload is refused with nothing changed — and returns
    /// what puts them in place, called once the engine has taken the configuration.
    public typealias ExportsReload =
        @Sendable (Configuration, EngineConfiguration) throws(CommandFailure) -> () -> Void

    /// - Parameters:
    ///   - log: told every reload's result: `Configuration reloaded: …`, or `configuration not reloaded
    ///     (the running one stays):` and why, a line each.
    ///   - exports: what a reload does to the session exporters.
    public init(
        path: String?, configuration: Configuration?, generation: ServicesGeneration = .msMPC,
        log: @escaping @Sendable (String) -> Void = { _ in }, exports: ExportsReload? = nil
    ) {
        self.path = path
        self.generation = generation
        running = Mutex(configuration)
        self.log = log
        self.exports = exports
    }

    /// The configuration running now (`show configuration`).
    public var configuration: Configuration? { running.withLock { $0 } }

    /// Re-reads the file and has `engine` take it (on the engine thread): a text saying what happened to
    /// the sessions, e.g. `Configuration reloaded: 10 sessions kept, 2 ended`, after the file's warnings.
    ///
    /// - Throws: ``CommandFailure`` — `configuration not reloaded (the running one stays):`, then the file's
    ///   diagnostics (`file:line:column: error: …`) or the engine's reason: nothing changed.
    public func reload(on engine: any EngineAccess) throws(CommandFailure) -> String {
        do {
            let text = try apply(on: engine)
            log(text.split(separator: "\n").joined(separator: "\n  "))
            return text
        } catch {
            log(error.message.split(separator: "\n").joined(separator: "\n  "))
            throw error
        }
    }

    private func apply(on engine: any EngineAccess) throws(CommandFailure) -> String {
        guard let path else {
            throw CommandFailure(
                "no configuration file to reload: the daemon runs the built-in configuration (ams run --members N)")
        }
        let file: ConfigurationFile
        do {
            file = try ConfigurationFile.load(path)
        } catch {
            throw CommandFailure(Self.refusal + error.lines.joined(separator: "\n"))
        }
        let placeExports: (() -> Void)?
        do {
            placeExports = try exports?(file.configuration, file.engine)
        } catch {
            throw CommandFailure(Self.refusal + "\(path): \(error.message)")
        }
        let outcome: ReconfigurationOutcome
        do {
            outcome = try engine.reconfigure(file.engine)
        } catch {
            throw CommandFailure(Self.refusal + "\(path): \(error)")
        }
        running.withLock { $0 = file.configuration }
        placeExports?()
        let warnings = file.warnings.map { $0 + "\n" }.joined()
        return warnings + "Configuration reloaded: \(Self.sessions(outcome.kept)) kept, \(outcome.ended) ended\n"
    }

    private static let refusal = "configuration not reloaded (the running one stays):\n"

    private static func sessions(_ count: Int) -> String { count == 1 ? "1 session" : "\(count) sessions" }
}
