// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
import PacketCapture
public import ServicesCore
public import SessionEngine

#if canImport(Glibc)
import Glibc
#endif

/// The sessions of `ams show --sessions FILE…`: the session records' JSON lines of one or more replays
/// (the shards of a capture, from many machines), read when a command first asks for the tables, and the
/// sessions still held when each replay ended put back into the members' tables (``RestoredTables``) — so a
/// command prints what `ams replay` of the whole capture prints.
///
/// A line that cannot be read is skipped, counted by its ``SessionRecordReader/LineError/Kind`` and reported
/// (`file:line: …`); a line naming a member, bundle or service set the configuration lacks stops the load.
public struct RecordsSource: SessionSource {
    /// The records' paths; `-` for standard input.
    public let paths: [String]
    public let bundles: [String]
    public let configuration: Configuration?
    public let engine: EngineConfiguration
    public var generation: ServicesGeneration { engine.generation }
    /// Called with each line to say on standard error (a skipped line, the count of those skipped).
    public var report: (String) -> Void
    /// What the load read, once it ran.
    public private(set) var loaded: Loaded?
    private var restored: MemberTables?

    /// What the records held.
    public struct Loaded: Sendable {
        /// Lines read as sessions, and the sessions among them still held (`shutdown`).
        public var sessions = 0
        public var held = 0
        /// Lines skipped, by kind (``SessionRecordReader/LineError/Kind``'s raw value).
        public var skipped: [String: Int] = [:]
        /// Lines skipped in all.
        public var skippedLines: Int { skipped.values.reduce(0, +) }
    }

    /// The most skipped lines reported one by one; the rest are counted.
    public static let maximumReported = 100

    public init(paths: [String], configuration: Configuration?, engine: EngineConfiguration, report: @escaping (String) -> Void) {
        self.paths = paths
        self.configuration = configuration
        self.engine = engine
        self.report = report
        bundles = engine.bundles.map(\.name)
    }

    /// The members' tables of the records, read the first time they are asked for.
    ///
    /// - Throws: ``CommandFailure`` if a file cannot be read or names what the configuration lacks.
    public mutating func tables() throws -> MemberTables {
        if let restored { return restored }
        var reader = SessionRecordReader(configuration: engine)
        let builder = RestoredTables(configuration: engine)
        var loaded = Loaded()
        var reported = 0
        for path in paths {
            let name = path == "-" ? "standard input" : path
            let file: CaptureFile
            do {
                file = path == "-" ? try CaptureFile(reading: 0) : try CaptureFile(path: path)
            } catch {
                throw CommandFailure("\(name): \(error)")
            }
            try file.withBytes { (bytes: Span<UInt8>) throws(CommandFailure) in
                var lineNumber = 0
                var start = 0
                while start < bytes.count {
                    let end = Self.lineEnd(bytes, from: start)
                    lineNumber += 1
                    defer { start = end + 1 }
                    let line = bytes.extracting(start..<end)
                    if Self.isBlank(line) { continue }
                    do throws(SessionRecordReader.LineError) {
                        let session = try reader.session(line)
                        loaded.sessions += 1
                        if builder.add(session) { loaded.held += 1 }
                    } catch {
                        if error.isFatal { throw CommandFailure("\(name):\(lineNumber): \(error.message)") }
                        loaded.skipped[error.kind.rawValue, default: 0] += 1
                        reported += 1
                        if reported <= Self.maximumReported { report("\(name):\(lineNumber): \(error.message) (\(error.kind.rawValue); skipped)") }
                    }
                }
            }
        }
        if loaded.skippedLines > 0 {
            let kinds = loaded.skipped.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            report("\(loaded.skippedLines) line\(loaded.skippedLines == 1 ? "" : "s") skipped (\(kinds))")
        }
        self.loaded = loaded
        let tables = builder.tables()
        restored = tables
        return tables
    }

    /// The offset of the newline ending the line at `start`, or the end of `bytes`.
    private static func lineEnd(_ bytes: Span<UInt8>, from start: Int) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            guard let found = memchr(buffer.baseAddress! + start, 0x0A, buffer.count - start) else { return buffer.count }
            return buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// `true` for a line of spaces, tabs and a carriage return only.
    private static func isBlank(_ line: Span<UInt8>) -> Bool {
        for index in line.indices where ![0x20, 0x09, 0x0D].contains(line[index]) { return false }
        return true
    }

    public func advance(by seconds: Double?, stoppingWhen shouldStop: @escaping () -> Bool) throws -> String {
        throw CommandFailure("request replay advance is a command of the interactive shell (ams cli --replay FILE)")
    }
}
