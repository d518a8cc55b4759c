// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import PacketCapture
import SessionEngine
import Wire

/// The `--stats` report of a replay, written to standard error one `name: value` line at a time.
struct ReplayStatisticsReport {
    /// Live sessions from which the per-session figures are printed.
    static let sessionsForPerSessionFigures = 10_000

    var result: ReplayResult
    var elapsed: Duration
    var residentBytes: Int

    func write() {
        var out = StandardError()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let counters = result.counters
        let rate = seconds > 0 ? Double(counters.frames) / seconds : 0
        let span = result.lastTimestamp >= result.firstTimestamp ? result.lastTimestamp - result.firstTimestamp : 0
        out.write("packets: \(counters.frames)\n")
        if counters.framesLongerThanOriginal > 0 {
            out.write("packets captured longer than on the wire: \(counters.framesLongerThanOriginal)\n")
        }
        out.write("packets accounted: \(counters.packets)\n")
        out.write("bytes accounted: \(counters.bytes)\n")
        out.write("capture time: \(String(fixed: Double(span) / 1e9, digits: 6)) s\n")
        out.write("elapsed: \(String(fixed: seconds, digits: 6)) s\n")
        out.write("packets/s: \(Int(rate))\n")
        let dataPath = Double(result.dataPath.components.seconds) + Double(result.dataPath.components.attoseconds) / 1e18
        out.write("data path: \(String(fixed: dataPath, digits: 6)) s\n")
        out.write("data path packets/s: \(Int(dataPath > 0 ? Double(counters.frames) / dataPath : 0))\n")
        out.write("sessions created: \(counters.sessionsCreated)\n")
        out.write("sessions created/s: \(Int(seconds > 0 ? Double(counters.sessionsCreated) / seconds : 0))\n")
        out.write("sessions expired: \(counters.sessionsExpired)\n")
        out.write("sessions replaced: \(counters.sessionsReplaced)\n")
        out.write("sessions live: \(result.liveSessions)\n")
        out.write("sessions peak: \(result.peakSessions)\n")
        out.write("alg gates opened: \(counters.gatesOpened)\n")
        out.write("alg child sessions: \(counters.childSessions)\n")
        out.write("alg refused announcements: \(counters.gatewayRefusals)\n")
        out.write("alg icmp echo dropped: \(counters.echoDropped)\n")
        for index in 0..<WireError.counterCount where counters.wireDrops[index] > 0 {
            out.write("drop \(WireError.forCounterIndex(index).counterName): \(counters.wireDrops[index])\n")
        }
        if counters.packetsOfOtherShard > 0 {
            out.write("packets of another shard: \(counters.packetsOfOtherShard)\n")
        }
        for reason in DropReason.allCases where counters.engineDrops[reason.rawValue] > 0 {
            out.write("drop \(reason.name): \(counters.engineDrops[reason.rawValue])\n")
        }
        // Per session only where the sessions outweigh the fixed costs (reserved tables, batches): with a
        // handful of sessions the quotient says nothing about a session.
        out.write("table storage: \(result.storageBytes) bytes\n")
        out.write("steering table: \(result.steeringFlows) flows, \(result.steeringBytes) bytes\n")
        if result.liveSessions >= Self.sessionsForPerSessionFigures {
            out.write("table storage: \(result.storageBytes / result.liveSessions) bytes per session\n")
            out.write("memory: \(residentBytes / result.liveSessions) bytes per session\n")
        }
        out.write("resident memory growth: \(residentBytes / 1024) KiB (anonymous, tables live, file mapping excluded)\n")
        out.write("peak resident memory: \(ProcessMemory.peakResidentBytes() / 1024) KiB (VmHWM, file mapping included)\n")
    }
}
