// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#endif
import PacketCapture

/// Raw writes to the standard streams.
enum StandardStream {
    /// Writes `bytes` to descriptor 1 (output) or 2 (error).
    static func write(_ bytes: [UInt8], to descriptor: Int32) { writeAll(bytes, to: descriptor) }
}

/// Standard error as a `TextOutputStream`, unbuffered.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { writeAll(Array(string.utf8), to: 2) }
}

/// Writes all of `bytes` to file descriptor `descriptor`, retrying short writes; gives up on an error
/// (a closed pipe, for instance), as `head` expects.
private func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}

/// Reads the whole file at `path` as UTF-8 text (invalid bytes become U+FFFD), through the same
/// ``CaptureFile`` that maps captures (a pipe or special file is read instead).
///
/// - Throws: ``ReplayFailure`` with `path` and the system's reason if it cannot be opened or read.
func readTextFile(_ path: String) throws -> String {
    let file: CaptureFile
    do {
        file = try CaptureFile(path: path)
    } catch {
        throw ReplayFailure(message: "\(path): \(error)")
    }
    // The buffer is valid for the duration of the closure, where it is copied into the string.
    return file.withBytes { bytes in bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) } }
}
