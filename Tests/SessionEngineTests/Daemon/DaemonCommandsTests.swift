// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import PacketCapture
import SessionEngine
import SessionService
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's commands: parsed on the caller's thread, run on the engine thread by the one executor (here
/// the engine loop's jobs are run by hand, `EngineLoop.step`), replied in frames; and over a real socket.
@Suite("Daemon commands")
struct DaemonCommandsTests {
    /// A daemon over the sample capture, replayed to its end, with `configuration` at `path` (if any).
    static func daemon(path: String? = nil) throws -> (EngineLoop<PacedReplayDriver>, DaemonCommands) {
        var engine = EngineConfiguration.builtInDefault(memberCount: 2)
        var configuration: ConfigurationFile?
        if let path {
            configuration = try ConfigurationFile.load(path)
            engine = configuration!.engine
        }
        var driver = PacedReplayDriver(
            file: try CaptureFile(path: CommandExecutorTests.sample), configuration: engine, pace: .asFastAsPossible,
            wallClock: { 0 })
        while driver.pump(atWallClock: 0) != .ended {}
        let mailbox = EngineMailbox()
        let loop = EngineLoop(driver: driver, mailbox: mailbox, wallClock: { 0 })
        let settings = DaemonConfiguration(path: path, configuration: configuration?.configuration)
        return (loop, DaemonCommands(mailbox: mailbox, settings: settings, version: "test"))
    }

    /// Runs `line` as a client's request, the engine's jobs run by hand: the command runs on its own thread
    /// and asks the engine a job at a time (MailboxTables); the reply is read on another.
    static func run(
        _ line: String, on daemon: (EngineLoop<PacedReplayDriver>, DaemonCommands)
    ) -> (output: String, error: String, status: UInt8?) {
        let channel = ReplyChannel()
        let reply = Mutex<(output: String, error: String, status: UInt8?, isDone: Bool)>(("", "", nil, false))
        daemon.1.run(line, replyingTo: channel)
        DetachedThread.start {
            var decoder = ReplyDecoder()
            while let bytes = channel.take() {
                decoder.feed(bytes)
                while let frame = try? decoder.next() {
                    reply.withLock { reply in
                        switch frame {
                        case .output(let bytes): reply.output += String(decoding: bytes, as: UTF8.self)
                        case .error(let text): reply.error += text
                        case .status(let status): reply.status = status
                        }
                    }
                }
            }
            reply.withLock { $0.isDone = true }
        }
        while !reply.withLock({ $0.isDone }) {
            daemon.0.step()
            sched_yield()
        }
        return reply.withLock { ($0.output, $0.error, $0.status) }
    }

    static func temporary(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "ams-daemon-\(UUID().uuidString).conf"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theDaemonAnswersAsAReplayDoes() throws {
        let daemon = try Self.daemon()
        for line in ["show services sessions", "show services sessions count", "show services sessions extensive | match TCP"] {
            var replay = CommandExecutorTests.replay()
            let expected = try CommandExecutorTests.run(line, on: &replay)
            #expect(Self.run(line, on: daemon) == (expected, "", 0))
        }
    }

    @Test func clearRemovesLiveSessions() throws {
        let daemon = try Self.daemon()
        #expect(Self.run("clear services sessions", on: daemon).status == 0)
        #expect(daemon.0.tables.liveSessions == 0)
        #expect(Self.run("show services sessions", on: daemon).output == "")
    }

    @Test func errorsAndHelpAreReplied() throws {
        let daemon = try Self.daemon()
        let syntax = Self.run("bogus", on: daemon)
        #expect(syntax.status == 1 && syntax.error.contains("syntax error") && syntax.output.isEmpty)
        #expect(Self.run("show services sessions | save /tmp/x", on: daemon).error.contains("| save is not available"))
        #expect(Self.run("request replay advance 1", on: daemon).status == 1)
        let help = Self.run("request system ?", on: daemon)
        #expect(help.status == 0 && help.output.contains("configuration"))
        // Without a configuration file there is nothing to reload.
        #expect(Self.run("request system configuration reload", on: daemon).error.contains("no configuration file to reload"))
    }

    @Test func aReloadReportsWhatItKeptAndEnded() throws {
        let text = ReconfigurationTests.firewall
        let path = try Self.temporary(text)
        defer { unlink(path) }
        let daemon = try Self.daemon(path: path)
        // A broken file: refused with its diagnostics, the running configuration stays.
        try (text + "\nbogus;\n").write(toFile: path, atomically: true, encoding: .utf8)
        let refused = Self.run("request system configuration reload", on: daemon)
        #expect(refused.status == 1)
        #expect(refused.error.hasPrefix("error: configuration not reloaded (the running one stays):\n\(path):"))
        #expect(refused.error.contains(#/:\d+:\d+: error: /#))
        #expect(daemon.0.tables.liveSessions == 11)
        // Web no longer accepted: its three sessions end.
        try text.replacingOccurrences(of: " web-8080 ]", with: " ]").write(toFile: path, atomically: true, encoding: .utf8)
        let reloaded = Self.run("request system configuration reload", on: daemon)
        #expect(reloaded == ("Configuration reloaded: 8 sessions kept, 3 ended\n", "", 0))
        // `show configuration` shows the configuration running now.
        let shown = Self.run("show configuration", on: daemon).output
        #expect(shown.contains("junos-icmp6-all ];") && !shown.contains("junos-icmp6-all web-8080 ];"))
    }

    /// Over a real socket: mode 0660, a second daemon refused, requests answered, hostile ones refused, a
    /// client gone mid-reply harmless, and the socket removed on stop.
    @Test func theControlSocket() throws {
        let (loop, commands) = try Self.daemon()
        let path = NSTemporaryDirectory() + "ams-test-\(getpid())-\(UUID().uuidString.prefix(8)).sock"
        let server = try ControlSocketServer(path: path, commands: commands)
        server.start()
        let engine = loop
        DetachedThread.start { engine.run() }
        defer {
            loop.mailbox.stop()
            server.stop()
        }
        var status = stat()
        #expect(stat(path, &status) == 0 && status.st_mode & 0o777 == 0o660)
        #expect(throws: ControlSocketError.self) { try ControlSocketServer(path: path, commands: commands) }

        var replay = CommandExecutorTests.replay()
        let expected = try CommandExecutorTests.run("show services sessions count", on: &replay)
        let client = try ControlClient(path: path)
        var output: [UInt8] = []
        #expect(try client.run("show services sessions count") { if case .output(let bytes) = $0 { output += bytes } } == 0)
        #expect(String(decoding: output, as: UTF8.self) == expected)
        // Garbage, then another command on the same connection.
        #expect(try client.run("\u{FF}\u{0}garbage") { _ in } == 1)
        #expect(try client.run("show version") { _ in } == 0)

        // A client that goes away before its reply; then a line too long.
        let gone = try ControlClient(path: path)
        #expect(try gone.run("show services sessions extensive", shouldStop: { true }) { _ in } == nil)
        let long = try ControlClient(path: path)
        var message = ""
        let refused = try long.run(String(repeating: "a", count: ControlProtocol.maximumRequestLength + 10)) {
            if case .error(let text) = $0 { message += text }
        }
        #expect(refused == 1 && message.contains("request longer than 65536 bytes"))
        #expect(try ControlClient(path: path).run("show version") { _ in } == 0)

        server.stop()
        #expect(access(path, F_OK) != 0)
        #expect(throws: ControlSocketError.self) { try ControlClient(path: path) }
    }
}
