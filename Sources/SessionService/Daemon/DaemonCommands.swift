// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import OperationalCommands
public import SessionEngine
import Synchronization

/// How the daemon runs a command line from its control socket, NETCONF or SIGHUP's reload: parsed here, on
/// the caller's thread; run by the one ``CommandExecutor`` on a thread of its own, against a ``DaemonSource``
/// whose every question is a short job on the engine thread (``EngineMailbox``); its output and exit status
/// written to a ``ReplyChannel``.
public final class DaemonCommands: Sendable {
    public let mailbox: EngineMailbox
    public let settings: DaemonConfiguration
    public let version: String
    /// What `show system netconf` reports, once the NETCONF server has started.
    private let netconfStatus = Mutex<(@Sendable () -> NetconfServerStatus)?>(nil)

    public init(mailbox: EngineMailbox, settings: DaemonConfiguration, version: String) {
        self.mailbox = mailbox
        self.settings = settings
        self.version = version
    }

    /// Gives `show system netconf` the NETCONF server's state.
    public func reportNetconfStatus(_ status: @escaping @Sendable () -> NetconfServerStatus) {
        netconfStatus.withLock { $0 = status }
    }

    /// The NETCONF server's state now, as `show system netconf` gives it; `nil` before it has started or
    /// without one (`/metrics`).
    public var netconfServerStatus: NetconfServerStatus? { netconfStatus.withLock { $0 }?() }

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

    /// Runs a command already parsed (NETCONF's RPCs, which decide their own pipes) on a thread of its own,
    /// which asks the engine thread for what it needs a job at a time (``DaemonSource``, ``MailboxTables``),
    /// and replies on `channel`. Returns at once; the reply follows.
    public func run(_ parsed: ParsedCommand, replyingTo channel: ReplyChannel) {
        let settings = self.settings
        let version = self.version
        let mailbox = self.mailbox
        let netconf = netconfStatus.withLock { $0 }
        let isStarted = DetachedThread.start {
            var source = DaemonSource(mailbox: mailbox, settings: settings)
            do {
                var executor = CommandExecutor(version: version, shouldStop: { channel.isClosed }) { channel.output($0) }
                executor.netconfStatus = { netconf?() }
                try executor.execute(parsed, on: &source)
                channel.finish(status: 0)
            } catch {
                channel.error("error: \(error)\n")
                channel.finish(status: 1)
            }
        }
        if !isStarted {
            channel.error("error: no thread for the command\n")
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
