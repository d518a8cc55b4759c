// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#endif

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

/// Reads the whole file at `path` as UTF-8 text (invalid bytes become U+FFFD).
///
/// - Throws: ``ReplayFailure`` with `path`, and the system's reason, if it cannot be opened or read.
func readTextFile(_ path: String) throws -> String {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw ReplayFailure(message: "\(path): cannot read: \(systemReason(errno))") }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        if count < 0 && errno == EINTR { continue }
        guard count >= 0 else { throw ReplayFailure(message: "\(path): cannot read: \(systemReason(errno))") }
        if count == 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// The C library's description of `code` (`strerror`).
private func systemReason(_ code: Int32) -> String {
    guard let message = strerror(code) else { return "error \(code)" }
    return String(cString: message)
}
