// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PacketCapture

#if canImport(Glibc)
import Glibc
#endif

/// Where `| save FILE` sends a command's output: the file, created or truncated (relative to the current
/// directory), and the count of lines written for Junos's `Wrote N lines of output to 'FILE'`.
///
/// A class so that the output's sink, a closure, can write to it. Lines are gathered into 64 KiB writes. A
/// failed write is kept, later writes are dropped, and ``finish()`` throws it: the command's output never
/// stops on its account.
final class SavedOutput {
    let path: String
    private var file: CaptureFileOutput
    private var pending: [UInt8] = []
    private var lines = 0
    private var endsInNewline = true
    private var failure: CaptureError?

    /// Creates (or truncates) `path`.
    ///
    /// - Throws: ``CommandFailure`` naming the file and the system's reason.
    init(path: String) throws(CommandFailure) {
        self.path = path
        do {
            file = try CaptureFileOutput(path: path)
        } catch {
            throw Self.failure(error, path: path, doing: "create")
        }
    }

    /// Appends a chunk of output.
    func write(_ bytes: ArraySlice<UInt8>) {
        guard failure == nil, !bytes.isEmpty else { return }
        lines += bytes.count(where: { $0 == 0x0A })
        endsInNewline = bytes.last == 0x0A
        pending.append(contentsOf: bytes)
        if pending.count >= 1 << 16 { flush() }
    }

    private func flush() {
        guard failure == nil, !pending.isEmpty else { return }
        do {
            try file.write(pending)
        } catch {
            failure = error
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Closes the file and returns what to print: `Wrote N lines of output to 'FILE'`.
    ///
    /// - Throws: ``CommandFailure`` if a write or the close failed.
    func finish() throws(CommandFailure) -> String {
        flush()
        do throws(CaptureError) {
            if let failure { throw failure }
            try file.close()
        } catch {
            throw Self.failure(error, path: path, doing: "write")
        }
        let count = lines + (endsInNewline ? 0 : 1)
        return "Wrote \(count) lines of output to '\(path)'\n"
    }

    /// `could not create 'FILE': No such file or directory`.
    private static func failure(_ error: CaptureError, path: String, doing verb: String) -> CommandFailure {
        guard case .open(let code) = error.kind else { return CommandFailure("could not \(verb) '\(path)': \(error)") }
        return CommandFailure("could not \(verb) '\(path)': \(String(cString: strerror(code)))")
    }
}
