// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Netconf
import NIOCore
import NIOSSH
import OperationalCommands
import SessionService

/// Streams one command's reply to a NETCONF session: the command runs on the engine thread
/// (``DaemonCommands``) and writes into a bounded ``ReplyChannel``; a thread of the pump takes its chunks,
/// turns them into the reply's body (``ReplyBodyFilter``), frames them and writes them to the session,
/// waiting for each write — so a client that stops reading holds at most the channel's bound, then stops
/// the command; the event loop never waits.
final class ReplyPump: Sendable {
    private let channel: any Channel
    private let output: ChannelDataWriter
    private let writer: FramingWriter
    private let format: ReplyFormat
    private let header: String
    private let reply = ReplyChannel()

    init(channel: any Channel, output: ChannelDataWriter, writer: FramingWriter, format: ReplyFormat, header: String) {
        self.channel = channel
        self.output = output
        self.writer = writer
        self.format = format
        self.header = header
    }

    /// The session is gone: the command stops at its next question.
    func cancel() { reply.close() }

    /// Posts `command` and streams its reply; `done` runs on the channel's event loop once all is written.
    func start(commands: DaemonCommands, command: ParsedCommand, done: @escaping @Sendable () -> Void) {
        commands.run(command, replyingTo: reply)
        let started = DetachedThread.start { [self] in
            stream()
            channel.eventLoop.execute(done)
        }
        if !started {
            reply.close()
            channel.close(promise: nil)
        }
    }

    private func stream() {
        var filter = ReplyBodyFilter(format: format)
        var decoder = ReplyDecoder()
        var errors = ""
        var status: UInt8 = 1
        guard write(writer.part(Array(header.utf8))) else { return }
        while let bytes = reply.take() {
            decoder.feed(bytes)
            // What one take brings (up to the channel's 4 MiB) goes out in one write: a write per 64 KiB frame
            // cost a trip through the event loop each, a third of a 1.6 GB listing's time.
            var body: [UInt8] = []
            while let frame = try? decoder.next() {
                switch frame {
                case .output(let output):
                    body += filter.feed(output)
                case .error(let text):
                    errors += text
                case .status(let code):
                    status = code
                }
            }
            guard write(writer.part(body)) else { return }
        }
        var tail = filter.finish()
        if status != 0 {
            var message = errors.hasPrefix("error: ") ? String(errors.dropFirst(7)) : errors
            while message.hasSuffix("\n") { message.removeLast() }
            tail += Array(RPCError(message: message.isEmpty ? "command failed" : message).xml.utf8)
        }
        tail += Array(NetconfReply.footer.utf8)
        _ = write(writer.part(tail) + writer.end)
    }

    /// Writes and waits until written (or the session is gone: then the command is stopped).
    private func write(_ bytes: [UInt8]) -> Bool {
        if bytes.isEmpty { return true }
        do {
            try output.write(bytes).wait()
            return true
        } catch {
            reply.close()
            return false
        }
    }
}
