// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import JunosConfiguration
import SessionEngine
import SessionService

/// Where the session records of `ams replay` and `ams run` go (SPEC.md §8, README *Session records*):
/// `--records FILE` (JSON lines) and the exporters the configuration asks for. One records service drains the
/// members' rings into all of them; none at all when nothing asks.
struct SessionExports {
    /// An exporter in use: its sink, and the line that says what it sent, once the records are drained.
    struct Export {
        var sink: any SessionRecordSink
        /// Given the stopped service (its drain's counts).
        var summary: (SessionRecordService) -> String
    }

    let service: SessionRecordService
    private let exports: [Export]

    /// The exports `records` (a `--records` path) and `configuration` (with the Junos configuration `junos`
    /// it was made from, if any) ask for; `nil` when none does. `losesNothing`: the engine replays a capture,
    /// so a member waits for the drain rather than drop a record (live traffic never waits).
    /// The drain thread is not started yet (``SessionRecordService/start()``: `ams run` starts it once the
    /// signals are blocked, so that the thread inherits the mask).
    static func make(
        records: String?, configuration: EngineConfiguration, junos: Configuration? = nil, losesNothing: Bool
    ) throws -> SessionExports? {
        var exports: [Export] = []
        if let records { exports.append(try jsonLines(path: records, configuration: configuration)) }
        if let junos { exports += try syslog(junos, configuration: configuration) }
        for plan in IPFIXExporterPlan.plans(configuration: junos, engine: configuration) { exports.append(try ipfix(plan)) }
        guard !exports.isEmpty else { return nil }
        return SessionExports(
            service: SessionRecordService(
                members: configuration.members.count, sinks: exports.map(\.sink), losesNothing: losesNothing),
            exports: exports)
    }

    /// The rings to give the engine.
    var recording: SessionRecording { service.recording }

    /// Stops the service once every record has reached the exporters; what each sent, one line each
    /// (`records: N sessions written to FILE, M records dropped`).
    func stop() -> [String] {
        service.stop()
        var lines = exports.map { $0.summary(service) }
        // The JSON lines' summary says it; otherwise records a full ring dropped (live traffic) are said here.
        if service.dropped > 0, !lines.contains(where: { $0.hasPrefix("records:") }) {
            lines.append("records: \(service.dropped) dropped: the drain thread fell behind (a ring was full)")
        }
        return lines
    }

    /// `services jflow-log`: an IPFIX biflow record per session of the profile's service sets.
    private static func ipfix(_ plan: IPFIXExporterPlan) throws -> Export {
        let made: (sink: IPFIXRecordSink, socket: UDPExportSocket)
        do {
            made = try plan.makeSink()
        } catch {
            throw ValidationError("jflow-log collector \(plan.collector.name): \(error.message)")
        }
        return Export(sink: made.sink) { _ in
            let sink = made.sink
            return "ipfix: \(sink.records) record\(sink.records == 1 ? "" : "s") in \(sink.messages) message\(sink.messages == 1 ? "" : "s") "
                + "sent to \(made.socket.destinationText), \(sink.failedMessages) failed"
        }
    }

    /// `--records FILE`: a JSON line per session.
    private static func jsonLines(path: String, configuration: EngineConfiguration) throws -> Export {
        let sink: JSONLinesRecordSink
        do {
            sink = try JSONLinesRecordSink(path: path, names: SessionRecordNames(configuration))
        } catch {
            throw ValidationError("--records \(error.message)")
        }
        return Export(sink: sink) { service in
            let written = service.drain.finished
            return "records: \(written) session\(written == 1 ? "" : "s") written to "
                + "\(path == "-" ? "standard output" : path), \(service.dropped) record\(service.dropped == 1 ? "" : "s") dropped"
        }
    }

    /// `services service-set S syslog host H { … }`: an export per host (SPEC.md §8).
    private static func syslog(_ junos: Configuration, configuration: EngineConfiguration) throws -> [Export] {
        let sinks: [SyslogRecordSink]
        do {
            sinks = try SyslogRecordSink.sinks(configuration: junos, engine: configuration)
        } catch {
            throw ValidationError("syslog: \(error.message)")
        }
        return sinks.map { sink in
            Export(sink: sink) { _ in
                sink.finish()
                let verb = sink.endpoint.destination == .local ? "written to" : "sent to"
                return "syslog: \(sink.sent) line\(sink.sent == 1 ? "" : "s") \(verb) \(sink.destination), \(sink.dropped) dropped"
                    + (sink.dropped > 0 ? sink.lastError.map { " (\($0))" } ?? "" : "")
                    + (sink.shedRecords > 0
                        ? "; the lines of \(sink.shedRecords) records not made: the drain's queue was full" : "")
            }
        }
    }
}
