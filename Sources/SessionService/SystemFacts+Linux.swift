// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import OperationalCommands

#if canImport(Glibc)
import Glibc
#endif

extension SystemFacts {
    /// The machine's facts now, from Linux: `/proc/meminfo`, `/proc/loadavg`, `/etc/machine-id`, and the
    /// process's start from `/proc/self/stat` (its start in clock ticks after boot) and `/proc/stat`'s
    /// `btime`. A file that cannot be read gives zeros (or no serial number), never an error.
    public static func current(hostName: String) -> SystemFacts {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let memory = Self.fields(of: "/proc/meminfo")
        let total = (memory["MemTotal:"] ?? 0) * 1024
        let available = (memory["MemAvailable:"] ?? 0) * 1024
        let loads = (Self.text(of: "/proc/loadavg") ?? "").split(separator: " ").prefix(3).compactMap { Double($0) }
        let machineID = (Self.text(of: "/etc/machine-id") ?? "").filter(\.isHexDigit)
        return SystemFacts(
            hostName: hostName,
            serialNumber: machineID.count >= 12 ? String(machineID.prefix(12)).uppercased() : nil,
            memoryTotal: total, memoryUsed: max(0, total - available), loadAverages: loads,
            startTime: Self.processStart() ?? Int(now.tv_sec), now: Int(now.tv_sec))
    }

    /// When this process started, seconds since 1970.
    static func processStart() -> Int? {
        // Field 22 of /proc/self/stat, counted after the command name's closing parenthesis (which may hold
        // spaces): the start in clock ticks since boot.
        guard let stat = text(of: "/proc/self/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Int(fields[19]), let boot = Self.fields(of: "/proc/stat")["btime"] else {
            return nil
        }
        return boot + ticks / max(1, sysconf(Int32(_SC_CLK_TCK)))
    }

    /// `NAME value` lines as a table of their first number.
    private static func fields(of path: String) -> [String: Int] {
        var table: [String: Int] = [:]
        for line in (text(of: path) ?? "").split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count >= 2, let value = Int(words[1]) { table[String(words[0])] = value }
        }
        return table
    }

    /// A small file's text (at most 64 KiB), or `nil`.
    private static func text(of path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes = [UInt8](repeating: 0, count: 64 << 10)
        let count = fread(&bytes, 1, bytes.count, file)
        return String(decoding: bytes.prefix(count), as: UTF8.self)
    }
}
