// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#endif

/// The process's own memory use, from `/proc/self/status` (Linux).
public enum ProcessMemory {
    /// Resident anonymous memory (`RssAnon`) in bytes: the heap and the session tables, without the mapped
    /// capture file. 0 where `/proc` is not available.
    public static func anonymousResidentBytes() -> Int { statusField("RssAnon:") }

    /// The peak resident set (`VmHWM`) in bytes: every kind of page, the mapped capture file included.
    public static func peakResidentBytes() -> Int { statusField("VmHWM:") }

    /// A `kB` field of `/proc/self/status`, in bytes.
    static func statusField(_ name: String) -> Int {
        guard let file = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix(name) {
                let digits = text.dropFirst(name.count).filter { $0.isNumber }
                return (Int(digits) ?? 0) * 1024
            }
        }
        return 0
    }
}

/// CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`).
enum ThreadCPUTime {
    /// Seconds of CPU the calling thread has used.
    static func seconds() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
