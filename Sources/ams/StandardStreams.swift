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

/// The process's own memory use, from `/proc/self/status`.
enum ProcessMemory {
    /// Resident anonymous memory (`RssAnon`) in bytes: the heap, without the mapped capture file.
    static func anonymousResidentBytes() -> Int {
        guard let file = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("RssAnon:") {
                let digits = text.dropFirst("RssAnon:".count).filter { $0.isNumber }
                return (Int(digits) ?? 0) * 1024
            }
        }
        return 0
    }
}
