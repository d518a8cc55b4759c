// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import OperationalCommands
import SessionService

/// The shell attached to a running daemon (`ams cli` without `--replay`): `?` and syntax errors are
/// answered here, from the parser, as Tab completes here; every command goes to the daemon, which runs it
/// with the same executor on its live tables, and its output is shown through the pager as it comes, read
/// by a thread of its own (``ReplyBuffer``: the daemon is never held up by a page waiting for a key).
/// Ctrl-C, or `q` at the pager, closes the connection, which stops the command there; the next command
/// connects again.
struct AttachedDaemon {
    let path: String
    private var client: ControlClient?

    /// Connects to the daemon on `path`.
    ///
    /// - Throws: `ExitCode(69)` after saying `ams: no daemon answers on PATH: …` if none does.
    init(path: String) throws {
        self.path = path
        do {
            client = try ControlClient(path: path)
        } catch {
            var standardError = StandardError()
            standardError.write("ams: \(error)\n")
            throw ExitCode(DaemonCommand.unavailable)
        }
    }

    /// Runs one command line on the daemon, printing its output (paged on a terminal) or its error; `false`
    /// if it was refused or failed.
    mutating func run(_ line: String, isTerminal: Bool) -> Bool {
        let parsed: ParsedCommand
        do {
            switch try CommandParser.parse(line) {
            case .help(let text):
                StandardStream.write(Array((text + "\n").utf8), to: 1)
                return true
            case .command(let command):
                parsed = command
            }
        } catch {
            StandardStream.write(Array("\(error)\n".utf8), to: 1)
            return false
        }
        let client: ControlClient
        do {
            client = try self.client ?? ControlClient(path: path)
            self.client = client
        } catch {
            StandardStream.write(Array("error: \(error)\n".utf8), to: 1)
            return false
        }
        let reply = ReplyBuffer()
        DetachedThread.start { reply.read(line, from: client) }
        var pager = Pager(isEnabled: isTerminal && !parsed.pipes.contains(.noMore))
        pager.holdsAtEnd = parsed.pipes.contains(.hold)
        var isStopped = false
        while let bytes = reply.next(stoppingWhen: { Interrupt.isPending }) {
            pager.write(bytes)
            if pager.isStopped || Interrupt.isPending || StandardStream.outputError != nil {
                isStopped = true
                break
            }
        }
        isStopped = isStopped || Interrupt.isPending
        let (outcome, message) = reply.finish(abandoning: isStopped)
        switch outcome {
        case .status(let status):
            pager.finish()
            if !message.isEmpty { StandardStream.write(Array(message.utf8), to: 1) }
            return status == 0
        case .stopped:
            // Ctrl-C or `q`: the connection is closed, the command stopped there; the next one connects again.
            self.client = nil
            return true
        case .failed(let reason):
            self.client = nil
            StandardStream.write(Array("error: \(reason)\n".utf8), to: 1)
            return false
        }
    }
}
