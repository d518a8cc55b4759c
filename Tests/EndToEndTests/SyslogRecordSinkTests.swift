// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import JunosConfiguration
import ServicesCore
import SessionEngine
import SessionService
import SessionTable
import Testing
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// The syslog of SPEC.md §8: the exact bytes of each message in RFC 3164 and RFC 5424, the SFW line of a
/// term that says `syslog` (and none for one that does not), and each transport (a file, UDP and TCP on
/// loopback).
@Suite("Syslog messages")
struct SyslogRecordSinkTests {
    /// A configuration whose service set logs to `host` (its statements), with a rule of a term that says
    /// `syslog` (web on 8080) and one that does not (DNS), in rule set `rs1`.
    static func configuration(host: String, options: String = "") throws -> Configuration {
        let result = ConfigurationParser.parse(
            """
            system { host-name r1; }
            interfaces { ams0 { load-balancing-options { member-interface mams-0/0/0; member-interface mams-0/1/0; } unit 1; } }
            services {
                service-set ss1 {
                    stateful-firewall-rule-sets rs1;
                    \(options)
                    syslog { \(host) }
                    interface-service { service-interface ams0.1; }
                }
                stateful-firewall {
                    rule r1 {
                        match-direction input;
                        term web { from { applications web-8080; } then { accept; syslog; } }
                        term dns { from { applications junos-dns-udp; } then accept; }
                        term telnet { from { applications junos-telnet; } then { reject; syslog; } }
                    }
                    rule-set rs1 { rule r1; }
                }
            }
            applications { application web-8080 { protocol tcp; destination-port 8080; } }
            """, file: "syslog.conf")
        return try #require(result.configuration, "\(result.diagnostics)")
    }

    /// The open and close records of a session of member 1 (`mams-0/1/0`).
    static func records(
        _ transport: IPProtocol = .tcp, port: UInt16 = 8080, state: FlowState = .forward
    ) -> (SessionRecord, SessionRecord) {
        var session = Session()
        session.number = 3
        session.source = IPAddress(10, 99, 0, 1)
        session.destination = IPAddress(10, 99, 0, 2)
        session.sourcePort = 40000
        session.destinationPort = port
        session.transport = transport
        session.initiatorState = state
        session.initiatorFrames = 1
        session.initiatorBytes = 60
        session.lastSeen = 1_700_000_000_123_456_789  // 2023-11-14T22:13:20.123Z
        let open = SessionRecord(.open, session: session, start: session.lastSeen, member: 1)
        session.initiatorFrames = 7
        session.initiatorBytes = 450
        session.responderFrames = 6
        session.responderBytes = 545
        session.lastSeen = 1_700_000_061_999_000_000
        return (open, SessionRecord(.close, reason: .fin, session: session, start: open.start, member: 1))
    }

    /// The lines a `host local` sink writes for `records`.
    static func lines(host: String, options: String = "", _ sessions: [(SessionRecord, SessionRecord)]) throws -> [String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ams-syslog-\(UUID()).log").path
        defer { unlink(path) }
        let configuration = try configuration(host: "host local { \(host) file \(path); }", options: options)
        let sinks = try SyslogRecordSink.sinks(configuration: configuration, engine: EngineConfiguration(configuration: configuration))
        let sink = try #require(sinks.first)
        for (open, close) in sessions {
            sink.opened(open)
            sink.finished(FinishedSession(start: open.start, close: close))
        }
        sink.finish()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(sink.sent == lines.count && sink.dropped == 0)
        return lines
    }

    @Test func bsdMessagesOfASessionAndItsRule() throws {
        #expect(try Self.lines(host: "services any;", [Self.records()]) == [
            "<14>Nov 14 22:13:20 r1 {ss1}JSERVICES_SFW_RULE_ACCEPT: proto 6 (TCP) application: web-8080, "
                + "mams-0/1/0.1:10.99.0.1:40000 -> 10.99.0.2:8080, Match SFW accept rule-set: rs1, rule: r1, term: web",
            "<14>Nov 14 22:13:20 r1 {ss1}JSERVICES_SESSION_OPEN: application:web-8080, mams-0/1/0.1 10.99.0.1:40000 -> 10.99.0.2:8080 (TCP)",
            "<14>Nov 14 22:14:21 r1 {ss1}JSERVICES_SESSION_CLOSE: application:web-8080, mams-0/1/0.1 10.99.0.1:40000 -> 10.99.0.2:8080 (TCP) "
                + "7(450) 6(545) fin",
        ])
    }

    /// `class session-logs open` or `close` sends one of a session's lines; `disable-session-open-syslog`
    /// takes the OPEN line away, and leaves the rule's line.
    @Test func oneOfASessionsLinesOnly() throws {
        let open = "<14>Nov 14 22:13:20 r1 {ss1}JSERVICES_SESSION_OPEN: application:web-8080, mams-0/1/0.1 10.99.0.1:40000 -> 10.99.0.2:8080 (TCP)"
        let close = "<14>Nov 14 22:14:21 r1 {ss1}JSERVICES_SESSION_CLOSE: application:web-8080, mams-0/1/0.1 10.99.0.1:40000 -> 10.99.0.2:8080 (TCP) "
            + "7(450) 6(545) fin"
        #expect(try Self.lines(host: "class session-logs open;", [Self.records()]) == [open])
        #expect(try Self.lines(host: "class session-logs close;", [Self.records()]) == [close])
        let withoutOpen = try Self.lines(
            host: "services any;", options: "service-set-options { disable-session-open-syslog; }", [Self.records()])
        #expect(withoutOpen.count == 2 && withoutOpen[0].contains("JSERVICES_SFW_RULE_ACCEPT") && withoutOpen[1] == close)
    }

    /// A service set with no syslog host of its own logs to its services interface's.
    @Test func theServicesInterfacesHost() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ams-syslog-\(UUID()).log").path
        defer { unlink(path) }
        let result = ConfigurationParser.parse(
            """
            system { host-name r1; }
            interfaces {
                ams0 {
                    load-balancing-options { member-interface mams-0/0/0; member-interface mams-0/1/0; }
                    services-options { syslog { host local { class session-logs open; file \(path); } } }
                    unit 1;
                }
            }
            services { service-set ss1 { interface-service { service-interface ams0.1; } } }
            """, file: "interface.conf")
        let configuration = try #require(result.configuration, "\(result.diagnostics)")
        let sink = try #require(try SyslogRecordSink.sinks(configuration: configuration, engine: EngineConfiguration(configuration: configuration)).first)
        let (open, close) = Self.records()
        sink.opened(open)
        sink.finished(FinishedSession(start: open.start, close: close))
        sink.finish()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines == [
            // No rule: no application matched.
            "<14>Nov 14 22:13:20 r1 {ss1}JSERVICES_SESSION_OPEN: application:none, mams-0/1/0.1 10.99.0.1:40000 -> 10.99.0.2:8080 (TCP)"
        ])
    }

    @Test func structuredDataMessagesWithPrefixAndFacility() throws {
        let lines = try Self.lines(
            host: "structured-data; log-prefix P1; facility-override local7; class session-logs;", [Self.records()])
        #expect(lines == [
            "<190>1 2023-11-14T22:13:20.123Z r1 ams - JSERVICES_SESSION_OPEN [junos@2636.1.1.1.2.25 prefix=\"P1\" "
                + "service-set-name=\"ss1\" source-address=\"10.99.0.1\" source-port=\"40000\" destination-address=\"10.99.0.2\" "
                + "destination-port=\"8080\" protocol-id=\"6\" application=\"web-8080\" packet-incoming-interface=\"mams-0/1/0.1\"] "
                + "P1 {ss1}JSERVICES_SESSION_OPEN: application:web-8080, mams-0/1/0.1 10.99.0.1:40000 -> 10.99.0.2:8080 (TCP)",
            "<190>1 2023-11-14T22:14:21.999Z r1 ams - JSERVICES_SESSION_CLOSE [junos@2636.1.1.1.2.25 prefix=\"P1\" "
                + "service-set-name=\"ss1\" source-address=\"10.99.0.1\" source-port=\"40000\" destination-address=\"10.99.0.2\" "
                + "destination-port=\"8080\" protocol-id=\"6\" application=\"web-8080\" packet-incoming-interface=\"mams-0/1/0.1\" "
                + "packets-from-client=\"7\" bytes-from-client=\"450\" packets-from-server=\"6\" bytes-from-server=\"545\" reason=\"fin\"] "
                + "P1 {ss1}JSERVICES_SESSION_CLOSE: application:web-8080, mams-0/1/0.1 10.99.0.1:40000 -> 10.99.0.2:8080 (TCP) 7(450) 6(545) fin",
        ])
    }

    @Test func onlyTermsThatSaySyslogAndDecidedTheSessionLogARule() throws {
        let dns = Self.records(.udp, port: 53)
        let telnet = Self.records(.tcp, port: 23, state: .reject)
        // A tcp-non-syn drop of web: the accept term did not decide it.
        let nonSYN = Self.records(.tcp, port: 8080, state: .drop)
        let lines = try Self.lines(host: "class stateful-firewall-logs;", [dns, telnet, nonSYN])
        #expect(lines == [
            "<14>Nov 14 22:13:20 r1 {ss1}JSERVICES_SFW_RULE_REJECT: proto 6 (TCP) application: junos-telnet, "
                + "mams-0/1/0.1:10.99.0.1:40000 -> 10.99.0.2:23, Match SFW reject rule-set: rs1, rule: r1, term: telnet"
        ])
    }

    /// A socket of `type` bound to 127.0.0.1 on a port the kernel chose, and the port.
    static func loopbackSocket(_ type: __socket_type) throws -> (Int32, UInt16) {
        let descriptor = socket(AF_INET, Int32(type.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                try #require(bind(descriptor, $0, length) == 0)
                try #require(getsockname(descriptor, $0, &length) == 0)
            }
        }
        return (descriptor, UInt16(bigEndian: address.sin_port))
    }

    @Test func udpSendsADatagramPerMessage() throws {
        let (receiver, port) = try Self.loopbackSocket(SOCK_DGRAM)
        defer { close(receiver) }
        let configuration = try Self.configuration(host: "host 127.0.0.1 { port \(port); class session-logs; }")
        let sink = try #require(try SyslogRecordSink.sinks(configuration: configuration, engine: EngineConfiguration(configuration: configuration)).first)
        #expect(sink.destination == "127.0.0.1:\(port) (udp)")
        let (open, close) = Self.records()
        sink.opened(open)
        sink.finished(FinishedSession(start: open.start, close: close))
        sink.finish()
        #expect(sink.sent == 2 && sink.dropped == 0)
        var datagrams: [String] = []
        var buffer = [UInt8](repeating: 0, count: 2048)
        for _ in 0..<2 {
            let count = recv(receiver, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            try #require(count > 0)
            datagrams.append(String(decoding: buffer[..<count], as: UTF8.self))
        }
        #expect(datagrams[0].hasPrefix("<14>Nov 14 22:13:20 r1 {ss1}JSERVICES_SESSION_OPEN: application:web-8080, "))
        #expect(datagrams[1].hasSuffix("(TCP) 7(450) 6(545) fin"))
        // It gives way (the drain queues its records), and takes only its service set's (index 0).
        #expect(sink.givesWay && sink.takes(serviceSet: 0) && !sink.takes(serviceSet: 1))
    }

    /// `source-address`: the datagrams come from it (any 127/8 address is the loopback's own).
    @Test func udpFromTheSourceAddress() throws {
        let (receiver, port) = try Self.loopbackSocket(SOCK_DGRAM)
        defer { close(receiver) }
        let configuration = try Self.configuration(host: "host 127.0.0.1 { port \(port); source-address 127.0.0.7; class session-logs; }")
        let sink = try #require(try SyslogRecordSink.sinks(configuration: configuration, engine: EngineConfiguration(configuration: configuration)).first)
        let (open, _) = Self.records()
        sink.opened(open)
        sink.finish()
        var buffer = [UInt8](repeating: 0, count: 2048)
        var from = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = withUnsafeMutablePointer(to: &from) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                recvfrom(receiver, &buffer, buffer.count, Int32(MSG_DONTWAIT), $0, &length)
            }
        }
        #expect(count > 0 && sink.sent == 1)
        #expect(UInt32(bigEndian: from.sin_addr.s_addr) == 0x7F00_0007)
    }

    @Test func tcpFramesByOctetCountingAndDropsWhenNobodyListens() throws {
        let (listener, port) = try Self.loopbackSocket(SOCK_STREAM)
        defer { close(listener) }
        try #require(listen(listener, 4) == 0)
        let configuration = try Self.configuration(
            host: "host 127.0.0.1 { port \(port); transport tcp; structured-data; class session-logs; source-address 127.0.0.8; }")
        let engine = try EngineConfiguration(configuration: configuration)
        let sink = try #require(try SyslogRecordSink.sinks(configuration: configuration, engine: engine).first)
        let (open, _) = Self.records()
        sink.opened(open)
        sink.finish(waitingAtMost: 5)
        #expect(sink.sent == 1 && sink.dropped == 0)
        var peer = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let connection = withUnsafeMutablePointer(to: &peer) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listener, $0, &length) }
        }
        defer { close(connection) }
        // `source-address`: the connection comes from it.
        #expect(UInt32(bigEndian: peer.sin_addr.s_addr) == 0x7F00_0008)
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(connection, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        let text = String(decoding: buffer[..<max(count, 0)], as: UTF8.self)
        let space = try #require(text.firstIndex(of: " "))
        #expect(Int(text[..<space]) == text.utf8.count - text[...space].utf8.count, "\(text)")
        #expect(text[text.index(after: space)...].hasPrefix("<14>1 2023-11-14T22:13:20.123Z r1 ams - JSERVICES_SESSION_OPEN ["))

        // Nobody listening any more: the message is dropped, counted, and nothing waits past the bound.
        close(listener)
        let lost = try #require(try SyslogRecordSink.sinks(configuration: configuration, engine: engine).first)
        lost.opened(open)
        lost.finish(waitingAtMost: 0.5)
        #expect(lost.sent == 0 && lost.dropped == 1)
    }
}
