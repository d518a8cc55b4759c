// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import SessionService

/// `ams show …`, `ams clear …`, `ams request …`: one operational command run by the daemon (`ams run`) on
/// its live tables; its output on standard output, its errors on standard error, its exit status the
/// command's (0 ran, 1 failed); 69 when no daemon answers.
struct DaemonCommand {
    /// The exit status when no daemon answers on the socket (EX_UNAVAILABLE).
    static let unavailable: Int32 = 69

    /// Sends `words`, joined, to the daemon on `socket` (default ``ControlSocketPath/default``).
    static func run(_ words: [String], socket: String?) throws {
        let client: ControlClient
        do {
            client = try ControlClient(path: socket ?? ControlSocketPath.default)
        } catch {
            var standardError = StandardError()
            standardError.write("ams: \(error)\n")
            throw ExitCode(unavailable)
        }
        // A thread of its own reads the reply, so that the daemon never waits for standard output (a pager
        // at the end of a pipe, say).
        let reply = ReplyBuffer()
        let line = words.joined(separator: " ")
        DetachedThread.start { reply.read(line, from: client) }
        while let bytes = reply.next(stoppingWhen: { StandardStream.outputError != nil }) {
            StandardStream.write(bytes, to: 1)
        }
        let (outcome, message) = reply.finish(abandoning: StandardStream.outputError != nil)
        StandardStream.write(Array(message.utf8), to: 2)
        try StandardStream.checkOutput()
        switch outcome {
        case .status(let status):
            if status != 0 { throw ExitCode(Int32(status)) }
        case .stopped:
            throw ExitCode(1)
        case .failed(let reason):
            var standardError = StandardError()
            standardError.write("ams: \(reason)\n")
            throw ExitCode(unavailable)
        }
    }

    /// The words after `ams` of every one of these commands: `--socket PATH` and the command's own words.
    struct Options: ParsableArguments {
        @Option(help: ArgumentHelp("The daemon's control socket (default: \(ControlSocketPath.default)).", valueName: "path"))
        var socket: String?

        @Argument(parsing: .allUnrecognized, help: "The rest of the command (quote | and its pipes).")
        var words: [String] = []
    }
}

/// `ams show …` against the daemon, or with `--sessions FILE… show …` on session records
/// (``ShowSessionRecords``).
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Run a show command on the running daemon (ams run), or on session records (--sessions).",
        discussion: """
            With --sessions FILE… show COMMAND…, the command runs here on the sessions the records (JSON lines \
            of ams replay --records, from one or many shards) held when their replays ended: the files are \
            the words up to `show` (- reads standard input), and --config or --members names the members \
            as ams replay's did.
            """)
    @OptionGroup var bundle: BundleOptions
    @Option(
        name: .customLong("sessions"), parsing: .remaining,
        help: ArgumentHelp("Session records to run the command on, then the command: FILE… show COMMAND….", valueName: "file"))
    var sessions: [String] = []
    @OptionGroup var options: DaemonCommand.Options

    func validate() throws {
        if sessions.isEmpty && (bundle.config != nil || bundle.members != nil || bundle.nextGen) {
            throw ValidationError("--config, --members and --next-gen go with --sessions: the daemon has its own configuration")
        }
        if !sessions.isEmpty && (!options.words.isEmpty || options.socket != nil) {
            throw ValidationError("with --sessions the command follows the files: ams show --sessions FILE… show COMMAND…")
        }
    }

    func run() throws {
        if !sessions.isEmpty { return try ShowSessionRecords.run(sessions, bundle: bundle) }
        try DaemonCommand.run(["show"] + options.words, socket: options.socket)
    }
}

/// `ams clear …` against the daemon.
struct ClearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear", abstract: "Run a clear command on the running daemon (ams run): sessions are removed.")
    @OptionGroup var options: DaemonCommand.Options
    func run() throws { try DaemonCommand.run(["clear"] + options.words, socket: options.socket) }
}

/// `ams request …` against the daemon (`request system configuration reload`).
struct RequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Run a request on the running daemon (ams run), e.g. request system configuration reload.")
    @OptionGroup var options: DaemonCommand.Options
    func run() throws { try DaemonCommand.run(["request"] + options.words, socket: options.socket) }
}
