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

    /// Writes `bytes` to a fresh temporary file and returns its path.
    static func temporaryFile(_ bytes: [UInt8], suffix: String = ".pcap") throws -> String {
        let path = NSTemporaryDirectory() + "ams-test-\(UUID().uuidString)\(suffix)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Replays the capture with `members` members.
    func replay(
        members: Int = 2, keepExpired: Bool = false, stopAfter: Double? = nil, sequential: Bool = true
    ) throws -> ReplayResult {
        try Self.replay(
            path: try Self.temporaryFile(pcap()), members: members, keepExpired: keepExpired, stopAfter: stopAfter,
            sequential: sequential)
    }

    static func replay(
        path: String, members: Int = 2, keepExpired: Bool = false, stopAfter: Double? = nil, sequential: Bool = true,
        configuration: EngineConfiguration? = nil
    ) throws -> ReplayResult {
        let file = try CaptureFile(path: path)
        let options = ReplayOptions(
            configuration: configuration ?? .builtInDefault(memberCount: members),
            stopAfter: stopAfter.map { UInt64($0 * 1_000_000_000) }, keepExpired: keepExpired,
            sequential: sequential, seed: 42)
        return ReplayEngine.replay(file, options: options)
    }

    /// The brief text of a replay.
    static func brief(_ result: ReplayResult) -> String {
        var text = ""
        SessionTableRenderer.writeBrief(result.members, to: &text)
        return text
    }

    /// A member-independent description of every session: its two flow lines with states and counts, sorted.
    static func sessionSet(_ result: ReplayResult) -> [String] {
        result.members.flatMap(\.sessions).map { session in
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
