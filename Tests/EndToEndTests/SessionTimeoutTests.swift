// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import JunosConfiguration
import OperationalCommands
import Policy
import ServicesCore
import SessionEngine
import Testing
import Wire

/// `session-timeout` (SPEC.md §2.12): a session ends that long after its creation, whatever its activity;
/// the next packet of the flow starts a new session. The service set's own beats the interface's.
@Suite("Session timeout")
struct SessionTimeoutTests {
    static let client = IPAddress(10, 0, 0, 1)
    static let server = IPAddress(192, 0, 2, 1)

    /// Service set `a` (untagged) has the interface's session timeout, 10 s; `b` (VLAN 200) its own, 5 s.
    static let configuration = """
        set interfaces ams0 load-balancing-options member-interface mams-0/0/0
        set interfaces ams0 load-balancing-options member-interface mams-0/1/0
        set interfaces ams0 services-options session-timeout 10
        set interfaces ams0 unit 1 family inet
        set interfaces ams0 unit 2 family inet
        set interfaces ams0 unit 2 vlan-id 200
        set services service-set a interface-service service-interface ams0.1
        set services service-set b service-set-options session-timeout 5
        set services service-set b interface-service service-interface ams0.2
        """

    static func engine(_ text: String = configuration) throws -> EngineConfiguration {
        let (parsed, diagnostics) = ConfigurationParser.parse(text, file: "t.conf")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return try EngineConfiguration(configuration: try #require(parsed))
    }

    /// A UDP exchange that never pauses: a request every second from 0 to 24 s, each answered 0.5 s later.
    static func steadyExchange(vlan: UInt16? = nil, seconds: Int = 25) -> ReplayHarness {
        let builder = FrameBuilder(link: .ethernet(vlans: vlan.map { [$0] } ?? []))
        var h = ReplayHarness()
        for second in 0..<seconds {
            h.add(builder.udp(from: client, port: 5000, to: server, port: 53), at: Double(second))
            h.add(builder.udp(from: server, port: 53, to: client, port: 5000), at: Double(second) + 0.5)
        }
        return h
    }

    static func replay(
        _ h: ReplayHarness, _ configuration: EngineConfiguration, keepExpired: Bool = false, stopAfter: Double? = nil,
        mode: ReplayHarness.Mode = .sequential
    ) throws -> [SessionSnapshot] {
        try ReplayHarness.replay(
            path: try ReplayHarness.temporaryFile(h.pcap()), keepExpired: keepExpired, stopAfter: stopAfter,
            mode: mode, configuration: configuration
        ).members.flatMap(\.sessions)
    }

    @Test func theServiceSetsOwnBeatsTheInterfaces() throws {
        let configuration = try Self.engine()
        #expect(configuration.sessionTimeout == 10)
        #expect(configuration.sessionTimeout(serviceSet: 0) == 10)
        #expect(configuration.sessionTimeout(serviceSet: 1) == 5)
        let none = EngineConfiguration.builtInDefault()
        #expect(none.sessionTimeout == nil && none.sessionTimeout(serviceSet: 0) == nil)
    }

    /// The shipped sample: the interface's hour for `lan`, `guest`'s own ten minutes; printed back as read.
    @Test func theSampleConfigurationSetsBoth() throws {
        let configuration = try ConfiguredReplayTests.sample("session-timeout.conf")
        #expect(configuration.serviceSets.map(\.name) == ["lan", "guest"])
        #expect(configuration.sessionTimeout(serviceSet: 0) == 3600 && configuration.sessionTimeout(serviceSet: 1) == 600)
        let path = ConfiguredReplayTests.samples.appendingPathComponent("config/session-timeout.conf").path
        let parsed = try #require(ConfigurationParser.parse(try String(contentsOfFile: path, encoding: .utf8), file: path).configuration)
        #expect(ConfigurationParser.parse(parsed.curlyBraceText(), file: "x").configuration == parsed)
        #expect(ConfigurationParser.parse(parsed.setCommands(), file: "x").configuration == parsed)
    }

    /// The exchange never idles, so only the session timeout ends its sessions: at 10 s and 20 s after
    /// the first packet the next request starts a new session (a new ID), whose own 10 s count from then.
    @Test func aBusySessionEndsAtItsSessionTimeoutAndTheNextPacketStartsANewOne() throws {
        let configuration = try Self.engine()
        let h = Self.steadyExchange()
        func frames(_ sessions: [SessionSnapshot]) -> [String] {
            sessions.map { "\($0.id & 0xFF_FFFF) \($0.initiator.source) \($0.initiator.frames)/\($0.responder.frames)" }
        }
        #expect(frames(try Self.replay(h, configuration, stopAfter: 9.9)) == ["1 10.0.0.1 10/10"])
        #expect(frames(try Self.replay(h, configuration, stopAfter: 10.2)) == ["2 10.0.0.1 1/0"])
        #expect(frames(try Self.replay(h, configuration, stopAfter: 19.9)) == ["2 10.0.0.1 10/10"])
        #expect(frames(try Self.replay(h, configuration)) == ["3 10.0.0.1 5/5"])
        // Without a session timeout the inactivity timeout (30 s) never ends the exchange: one session.
        let withoutIt = Self.configuration.split(separator: "\n").filter { !$0.hasSuffix("services-options session-timeout 10") }
        #expect(frames(try Self.replay(h, try Self.engine(withoutIt.joined(separator: "\n")))) == ["1 10.0.0.1 25/25"])
        // --no-expire turns every timeout off, this one too.
        #expect(frames(try Self.replay(h, configuration, keepExpired: true)) == ["1 10.0.0.1 25/25"])
    }

    @Test func theSessionTimeoutEndsTheSameSessionsInEveryModeAndMemberCount() throws {
        let base = try Self.engine()
        var h = Self.steadyExchange()
        for host in UInt8(2)...9 {
            let builder = FrameBuilder()
            h.add(builder.udp(from: IPAddress(10, 0, 0, host), port: 6000, to: Self.server, port: 53), at: Double(host))
            h.add(builder.udp(from: IPAddress(10, 0, 0, host), port: 6000, to: Self.server, port: 53), at: 15)
        }
        h.frames.sort { $0.time < $1.time }
        var outcomes: Set<[String]> = []
        for members in 1...4 {
            var configuration = base
            configuration.members = (0..<members).map { "mams-\($0 / 2)/\($0 % 2)/0" }
            for mode in ReplayHarness.Mode.allCases {
                let result = try ReplayHarness.replay(
                    path: try ReplayHarness.temporaryFile(h.pcap()), mode: mode, configuration: configuration)
                outcomes.insert(ReplayHarness.sessionSet(result))
            }
        }
        #expect(outcomes.count == 1)
        // Left at the end (24.5 s): the exchange's third session, and the sessions that hosts .2 to .5 began at
        // 15 s, 10 s or more after their first (which had ended by then); .6 to .9 kept their first, ended by 19 s.
        #expect(outcomes.first?.count == 5)
    }

    @Test func aServiceSetsOwnSessionTimeoutEndsItsSessions() throws {
        let configuration = try Self.engine()
        let h = Self.steadyExchange(vlan: 200, seconds: 12)
        let sessions = try Self.replay(h, configuration)
        // Sessions began at 0, 5 and 10 s; the last holds the requests of 10 and 11 s.
        #expect(sessions.map { $0.id & 0xFF_FFFF } == [3])
        #expect(sessions.map(\.serviceSet) == ["b"] && sessions[0].initiator.frames == 2)
    }

    /// A TCP connection still sending when its session ends: its next segment is no SYN, so it finds no
    /// session and makes a `Drop` one (`tcp-non-syn drop-flow`), as any mid-connection packet does.
    @Test func aTCPConnectionPastItsSessionTimeoutIsDropped() throws {
        let b = FrameBuilder()
        let (c, s) = (Self.client, Self.server)
        var h = ReplayHarness()
        h.add(b.tcp(from: c, port: 40000, to: s, port: 80, flags: [.syn]), at: 0)
        h.add(b.tcp(from: s, port: 80, to: c, port: 40000, flags: [.syn, .ack]), at: 0.01)
        for second in 0..<14 {
            h.add(b.tcp(from: c, port: 40000, to: s, port: 80, flags: [.ack]), at: Double(second) + 0.02)
        }
        let sessions = try Self.replay(h, try Self.engine())
        #expect(sessions.count == 1)
        #expect(sessions[0].id & 0xFF_FFFF == 2)
        #expect(sessions[0].initiator.state == .drop && sessions[0].initiator.frames == 4)
    }

    /// `extensive` appends `, Session timeout: N` (the configured value) to the header and `<session-timeout>`
    /// to the session's XML; `brief` shows neither, and a session without one has neither.
    @Test func extensiveShowsTheSessionTimeoutInTextAndXML() throws {
        var h = Self.steadyExchange(seconds: 2)
        h.add(FrameBuilder(link: .ethernet(vlans: [200])).udp(from: Self.client, port: 1, to: Self.server, port: 2), at: 3)
        var configuration = try Self.engine()
        configuration.members = ["mams-0/0/0"]
        let result = try ReplayHarness.replay(path: try ReplayHarness.temporaryFile(h.pcap()), configuration: configuration)
        let extensive = TextBuffer.text { SessionTableRenderer.writeExtensive(result.members, to: &$0) }
        let headers = extensive.split(separator: "\n").filter { $0.hasPrefix("Service Set:") }
        #expect(headers == [
            "Service Set: a, Session: 16777217, ALG: none, Flags: 0x0000, IP Action: no, Offload: no, Asymmetric: no, Session timeout: 10",
            "Service Set: b, Session: 16777218, ALG: none, Flags: 0x0000, IP Action: no, Offload: no, Asymmetric: no, Session timeout: 5",
        ])
        #expect(!ReplayHarness.brief(result).contains("Session timeout"))
        let xml = SessionDocuments.sessionTable(result.members, extensive: true).xmlText()
        let indent = String(repeating: " ", count: 12)
        #expect(xml.contains(
            "<session-asymmetric>no</session-asymmetric>\n\(indent)<session-timeout>10</session-timeout>\n\(indent)<sfw-flow-entry>"))
        #expect(xml.contains("<session-timeout>5</session-timeout>"))
        #expect(!SessionDocuments.sessionTable(result.members, extensive: false).xmlText().contains("session-timeout"))
        let plain = try ReplayHarness.replay(path: try ReplayHarness.temporaryFile(h.pcap()), members: 1)
        #expect(!TextBuffer.text { SessionTableRenderer.writeExtensive(plain.members, to: &$0) }.contains("Session timeout"))
        #expect(!SessionDocuments.sessionTable(plain.members, extensive: true).xmlText().contains("session-timeout"))
    }
}
