// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import OperationalCommands
public import SessionEngine

/// How the daemon runs a command line from its control socket (or SIGHUP's reload): parsed here, on the
/// caller's thread; run by the one ``CommandExecutor`` on a ``DaemonSource``, as a job on the engine thread
/// (``EngineMailbox``); its output and exit status written to a ``ReplyChannel``.
public final class DaemonCommands: Sendable {
    public let mailbox: EngineMailbox
    public let settings: DaemonConfiguration
    public let version: String

    public init(mailbox: EngineMailbox, settings: DaemonConfiguration, version: String) {
        self.mailbox = mailbox
        self.settings = settings
        self.version = version
    }

    /// Runs `line` and replies on `channel`: `?` help, syntax errors and what cannot run over the socket are
    /// answered here; the command itself on the engine thread. Returns at once; the reply follows.
    public func run(_ line: String, replyingTo channel: ReplyChannel) {
        let parsed: ParsedCommand
        do {
            switch try CommandParser.parse(line) {
            case .help(let text):
                channel.output(Array((text + "\n").utf8))
                channel.finish(status: 0)
                return
            case .command(let command):
                parsed = command
            }
        } catch {
            channel.error("\(error)\n")
            channel.finish(status: 1)
            return
        }
        // The daemon may run as root: a client in its group must not have it write files.
        if parsed.pipes.contains(where: { if case .save = $0 { true } else { false } }) {
            channel.error("error: | save is not available over the control socket (redirect the output instead)\n")
            channel.finish(status: 1)
            return
        }
        run(parsed, replyingTo: channel)
    }

    /// Runs a command already parsed (NETCONF's RPCs, which decide their own pipes) on the engine thread and
    /// replies on `channel`. Returns at once; the reply follows.
    public func run(_ parsed: ParsedCommand, replyingTo channel: ReplyChannel) {
        let settings = self.settings
        let version = self.version
        let isPosted = mailbox.post { engine in
            var source = DaemonSource(engine: engine, settings: settings)
            do {
                try CommandExecutor(version: version, shouldStop: { channel.isClosed }) { channel.output($0) }
                    .execute(parsed, on: &source)
                channel.finish(status: 0)
            } catch {
                channel.error("error: \(error)\n")
                channel.finish(status: 1)
            }
        }
        if !isPosted {
            channel.error("error: the daemon is stopping\n")
            channel.finish(status: 1)
        }
    }

    /// Runs `line` and waits for its reply: the output and error text, and the exit status (SIGHUP's
    /// reload, tests).
    public func runAndWait(_ line: String) -> (output: String, error: String, status: UInt8) {
        let channel = ReplyChannel()
        run(line, replyingTo: channel)
        var decoder = ReplyDecoder()
        var output: [UInt8] = []
        var error = ""
        var status: UInt8 = 1
        while let bytes = channel.take() {
            decoder.feed(bytes)
            while let frame = try? decoder.next() {
                switch frame {
                case .output(let bytes): output += bytes
                case .error(let text): error += text
                case .status(let code): status = code
                }
            }
        }
        return (String(decoding: output, as: UTF8.self), error, status)
    }
}
