// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import OperationalCommands
import SessionService

/// The shell attached to a running daemon (`ams cli` without `--replay`): `?` and syntax errors are
/// answered here, from the parser, as Tab completes here; every command goes to the daemon, which runs it
/// with the same executor on its live tables, and its output is shown through the pager once it has all
/// come (the daemon is never held up by a page waiting for a key). Ctrl-C closes the connection, which
/// stops the command there; the next command connects again.
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
        var output: [UInt8] = []
        var message = ""
        let status: UInt8?
        do {
            if client == nil { client = try ControlClient(path: path) }
            status = try client!.run(line, shouldStop: { Interrupt.isPending }) { frame in
                switch frame {
                case .output(let bytes): output += bytes
                case .error(let text): message += text
                case .status: break
                }
            }
        } catch {
            client = nil
            StandardStream.write(Array("error: \(error)\n".utf8), to: 1)
            return false
        }
        guard let status else {
            // Ctrl-C: the connection is closed, the command stopped; nothing of it is shown.
            client = nil
            return true
        }
        var pager = Pager(isEnabled: isTerminal && !parsed.pipes.contains(.noMore))
        pager.holdsAtEnd = parsed.pipes.contains(.hold)
        pager.write(output)
        pager.finish()
        if !message.isEmpty { StandardStream.write(Array(message.utf8), to: 1) }
        return status == 0
    }
}
