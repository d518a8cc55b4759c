// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
import PacketCapture
public import SessionEngine

/// A configuration file read and checked: what `--config FILE`, `ams config check` and the daemon's reload
/// (`request system configuration reload`, SIGHUP) all load, with one way of saying what is wrong.
public struct ConfigurationFile: Sendable {
    /// The most diagnostics of one file said: a hostile file can have millions.
    public static let maximumDiagnosticsShown = 100

    public var configuration: Configuration
    /// What the engine runs of it.
    public var engine: EngineConfiguration
    /// Its warnings (Junos style, `file:line:column: warning: …`), one a line, at most
    /// ``maximumDiagnosticsShown`` and then how many more.
    public var warnings: [String]

    /// Reads and checks the file at `path`: its syntax and schema, then whether the engine can run it (a
    /// bundle with members and a service set).
    ///
    /// - Throws: ``ConfigurationRejection`` with every line to say (its diagnostics, then the verdict) if
    ///   it cannot be read or has errors.
    public static func load(_ path: String) throws(ConfigurationRejection) -> ConfigurationFile {
        let file: CaptureFile
        do {
            file = try CaptureFile(path: path)
        } catch {
            throw ConfigurationRejection(lines: ["ams: \(path): \(error)"], isUnreadable: true)
        }
        // The buffer is valid for the duration of the closure, where it is copied into the string.
        let text = file.withBytes { bytes in bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) } }
        let (configuration, diagnostics) = ConfigurationParser.parse(text, file: path)
        var lines = diagnostics.prefix(maximumDiagnosticsShown).map { "\($0)" }
        if diagnostics.count > maximumDiagnosticsShown {
            lines.append("ams: \(path): … and \(diagnostics.count - maximumDiagnosticsShown) more")
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        guard let configuration, errors == 0 else {
            throw ConfigurationRejection(lines: lines + ["ams: \(path): \(errors) error(s); configuration not loaded"])
        }
        do {
            let engine = try EngineConfiguration(configuration: configuration)
            return ConfigurationFile(configuration: configuration, engine: engine, warnings: lines)
        } catch {
            throw ConfigurationRejection(lines: lines + ["\(path): error: \(error)"])
        }
    }
}

/// Why a configuration file was not loaded: the lines to say, diagnostics first.
public struct ConfigurationRejection: Error, Sendable, CustomStringConvertible {
    public var lines: [String]
    /// The file could not be read at all (no diagnostics).
    public var isUnreadable = false

    public var description: String { lines.joined(separator: "\n") }
}
