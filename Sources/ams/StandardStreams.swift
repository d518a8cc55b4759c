// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import PacketCapture
import Synchronization

/// Raw writes to the standard streams.
enum StandardStream {
    /// The error of the first write to standard output that failed (`ENOSPC` on /dev/full, `EIO`, …), 0
    /// while none has; nothing is written to it after that. (A closed pipe ends the process with SIGPIPE
    /// before this.) An atomic, not a lock: a running command asks for it every few dozen frames.
    private static let outputFailure = Atomic<Int32>(0)

    /// Writes `bytes` to descriptor 1 (output) or 2 (error).
    static func write(_ bytes: [UInt8], to descriptor: Int32) {
        if descriptor == 1 {
            guard outputError == nil else { return }
            if let error = writeAll(bytes, to: descriptor) {
                _ = outputFailure.compareExchange(expected: 0, desired: error, ordering: .relaxed)
            }
        } else {
            _ = writeAll(bytes, to: descriptor)
        }
    }

    /// The error that stopped standard output, if one did.
    static var outputError: Int32? {
        let error = outputFailure.load(ordering: .relaxed)
        return error == 0 ? nil : error
    }

    /// Ends the command if standard output failed: says why on standard error and exits with status 1.
    static func checkOutput() throws {
        guard let error = outputError else { return }
        var standardError = StandardError()
        standardError.write("ams: cannot write the output: \(String(cString: strerror(error))) (errno \(error))\n")
        throw ExitCode(1)
    }
}

/// Standard error as a `TextOutputStream`, unbuffered.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { _ = writeAll(Array(string.utf8), to: 2) }
}

/// Writes all of `bytes` to file descriptor `descriptor`, retrying short and interrupted writes; the
/// error (`errno`) that stopped it, if one did.
private func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
    bytes.withUnsafeBytes { raw -> Int32? in
        var offset = 0
        while offset < raw.count {
            let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written < 0 { return errno }
            if written == 0 { return EIO }
            offset += written
        }
        return nil
    }
}
