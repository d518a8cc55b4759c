// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import OperationalCommands
import SessionService

/// `ams show [--config FILE | --members N] --sessions FILE… show COMMAND…`: a command run on the sessions of
/// session records (``RecordsSource``) instead of the daemon's: the files are the words after `--sessions`
/// up to the word `show`, which starts the command (a file named `show` is written `./show`); `-` reads
/// standard input.
enum ShowSessionRecords {
    /// Runs the command of `words` (everything after `--sessions`) on their files.
    static func run(_ words: [String], bundle: BundleOptions) throws {
        guard let commandStart = words.firstIndex(of: "show") else {
            throw ValidationError("--sessions FILE… show COMMAND…: no command (the files end at the word show)")
        }
        let paths = Array(words[..<commandStart])
        guard !paths.isEmpty else { throw ValidationError("--sessions FILE… show COMMAND…: no file before show") }
        guard paths.filter({ $0 == "-" }).count <= 1 else {
            throw ValidationError("--sessions: standard input (-) can be read once")
        }
        let line = words[commandStart...].joined(separator: " ")
        guard let parsed = try LocalCommand.parse(line) else { return }
        let (configuration, engine) = try bundle.load()
        var source = RecordsSource(paths: paths, configuration: configuration, engine: engine) { message in
            var standardError = StandardError()
            standardError.write("ams: \(message)\n")
        }
        try LocalCommand.execute(parsed, on: &source)
    }
}
