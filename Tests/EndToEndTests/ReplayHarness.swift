// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import OperationalCommands
import PacketCapture
import ServicesCore
import SessionEngine
import Testing
import Wire

/// Builds captures in memory, replays them through the engine and renders the result.
struct ReplayHarness {
    /// Frames with their packet times (nanoseconds).
    var frames: [(time: UInt64, bytes: [UInt8])] = []
    var linkType: LinkType = .ethernet

    mutating func add(_ bytes: [UInt8], at seconds: Double) {
        frames.append((UInt64(seconds * 1_000_000_000), bytes))
    }

    /// The capture as a classic pcap file.
    func pcap() -> [UInt8] {
        var writer = PcapWriter(linkType: linkType, nanosecondResolution: true)
        for frame in frames { writer.append(frame.bytes, timestamp: frame.time) }
        return writer.bytes
    }

    /// Writes `bytes` to a fresh temporary file and returns its path (in the test process's own directory,
    /// removed when the process exits).
    static func temporaryFile(_ bytes: [UInt8], suffix: String = ".pcap") throws -> String {
        let path = temporaryDirectory + "/\(UUID().uuidString)\(suffix)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// How the members of a replay run (``ReplayOptions``).
    enum Mode: CaseIterable {
        /// One after another on the calling thread, each reading the whole capture.
        case sequential
        /// On their own threads, fed by one dispatcher (the default of `ams replay`).
        case dispatched
        /// On their own threads, each reading the whole capture.
        case independent
    }

    /// Replays the capture with `members` members.
    func replay(
        members: Int = 2, keepExpired: Bool = false, stopAfter: Double? = nil, mode: Mode = .sequential
    ) throws -> ReplayResult {
        try Self.replay(
            path: try Self.temporaryFile(pcap()), members: members, keepExpired: keepExpired, stopAfter: stopAfter,
            mode: mode)
    }

    static func replay(
        path: String, members: Int = 2, keepExpired: Bool = false, stopAfter: Double? = nil,
        mode: Mode = .sequential, configuration: EngineConfiguration? = nil
    ) throws -> ReplayResult {
        let file = try CaptureFile(path: path)
        var options = ReplayOptions(
            configuration: configuration ?? .builtInDefault(memberCount: members),
            stopAfter: stopAfter.map { UInt64($0 * 1_000_000_000) }, keepExpired: keepExpired,
            sequential: mode == .sequential, seed: 42)
        options.independentMembers = mode == .independent
        return ReplayEngine.replay(file, options: options)
    }

    /// The brief text of a replay.
    static func brief(_ result: ReplayResult) -> String {
        SessionTableRenderer.brief(result.members)
    }

    /// A member-independent description of every session: its two flow lines with states and counts, sorted.
    static func sessionSet(_ result: ReplayResult) -> [String] { sessionSet(members: result.members) }

    /// The sessions of `members`, as ``sessionSet(_:)``.
    static func sessionSet(members: [MemberSnapshot]) -> [String] {
        members.flatMap(\.sessions).map { session in
            "\(session.alg.name) \(SessionTableRenderer.flowLine(session.initiator)) | "
                + "\(SessionTableRenderer.flowLine(session.responder)) | bytes \(session.initiator.bytes)/\(session.responder.bytes)"
        }.sorted()
    }

    /// Compares `text` with the golden file `Golden/NAME`; on mismatch attaches the actual text.
    static func expectGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
        if ProcessInfo.processInfo.environment["AMS_RECORD_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if text != expected { Attachment.record(text, named: name) }
        #expect(text == expected, "output differs from Golden/\(name)", sourceLocation: sourceLocation)
    }

    /// The path of a committed capture fixture.
    static func capture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Captures/\(name)").path
    }
}

/// The test process's directory of temporary captures, made on first use and removed at exit.
private let temporaryDirectory: String = {
    var template = Array((NSTemporaryDirectory() + "ams-test-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { fatalError("mkdtemp failed: errno \(errno)") }
    atexit { try? FileManager.default.removeItem(atPath: temporaryDirectory) }
    return String(cString: made)
}()
