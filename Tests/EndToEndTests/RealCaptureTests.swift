// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import ServicesCore
import SessionEngine
import Testing
import Wire

/// Replays of captures of real traffic (curl and python3 http.server, dig and dnsmasq, ping, vsftpd;
/// recorded by `Scripts/make-captures.sh`) against the sessions tshark finds in them
/// (`Scripts/oracle-sessions.sh`, committed as `CAPTURE.sessions.tsv`).
@Suite("Replay of real captures")
struct RealCaptureTests {
    static let captures = [
        "http.pcap", "http.pcapng", "http.nsec.pcap", "http.sll.pcap", "http.sll2.pcap", "dns-icmp.pcap",
        "ftp.pcap", "tftp.pcap", "traceroute.pcap", "rtsp.pcap", "pptp.pcap", "sqlnet.pcap", "mixed.pcap",
    ]

    /// The tshark ground truth: `proto initiator port responder port frames_I frames_O` per session.
    static func truth(_ capture: String) throws -> [String] {
        let text = try String(contentsOfFile: ReplayHarness.capture(capture + ".sessions.tsv"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init).sorted()
    }

    /// The same shape from the engine's sessions.
    static func found(_ result: ReplayResult) -> [String] {
        result.members.flatMap(\.sessions).map { session in
            let i = session.initiator
            let port = { (p: UInt16) in i.hasPorts ? String(p) : "-" }
            return [
                i.transport.flowName, i.source.description, port(i.sourcePort), i.destination.description,
                port(i.destinationPort), String(i.frames), String(session.responder.frames),
            ].joined(separator: "\t")
        }.sorted()
    }

    @Test(arguments: captures)
    func sessionsMatchTheTsharkGroundTruth(capture: String) throws {
        let expected = try Self.truth(capture)
        #expect(!expected.isEmpty)
        for (members, mode) in [(1, ReplayHarness.Mode.sequential), (2, .dispatched), (4, .dispatched), (3, .independent)] {
            let result = try ReplayHarness.replay(
                path: ReplayHarness.capture(capture), members: members, keepExpired: true, mode: mode)
            #expect(result.captureError == nil)
            #expect(Self.found(result) == expected, "\(capture) with \(members) members, \(mode)")
        }
    }

    @Test(arguments: captures)
    func everyFrameIsReadAndOnlyNonIPIsSkipped(capture: String) throws {
        let packets = try String(contentsOfFile: ReplayHarness.capture(capture + ".packets"), encoding: .utf8)
        let result = try ReplayHarness.replay(path: ReplayHarness.capture(capture), members: 2, keepExpired: true)
        #expect(result.counters.frames == UInt64(packets.trimmingCharacters(in: .whitespacesAndNewlines)))
        let skipped = result.counters.wireDrops.reduce(0, +)
        #expect(skipped == result.counters.wireDrops[WireError.notIP.counterIndex], "only ARP is skipped")
        #expect(result.counters.packets + skipped == result.counters.frames)
    }

    /// The different encodings of one recording (pcap µs, pcap ns, pcapng) give identical output.
    @Test func formatsOfOneRecordingAgree() throws {
        let outputs = try ["http.pcap", "http.pcapng", "http.nsec.pcap"].map {
            ReplayHarness.brief(try ReplayHarness.replay(path: ReplayHarness.capture($0), members: 2, keepExpired: true))
        }
        #expect(outputs[0] == outputs[1] && outputs[1] == outputs[2])
    }

    /// The README's sample, as `ams replay Samples/sample.pcap` prints it (its sessions are all younger
    /// than their timeouts at the end of the capture, so nothing expires).
    @Test func sampleOutputMatchesGolden() throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Samples/sample.pcap").standardized.path
        let result = try ReplayHarness.replay(path: sample, members: 2)
        try ReplayHarness.expectGolden(ReplayHarness.brief(result), "sample.brief.txt")
    }
}
