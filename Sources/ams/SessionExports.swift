// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import JunosConfiguration
import PrometheusMetrics
import SessionEngine
import SessionService

/// Where the session records of `ams replay` and `ams run` go (SPEC.md §8, README *Session records*):
/// `--records FILE` (JSON lines) and the exporters the configuration asks for. One records service drains the
/// members' rings into all of them; none at all when nothing asks. A daemon's reload puts the new
/// configuration's exporters in their place (``prepareReload(junos:configuration:)``).
///
/// Not `Sendable`: used by the thread that made it, then by the engine thread (a reload), then by the one
/// that stops it, one after the other.
final class SessionExports {
    /// An exporter in use: its sink, and the line that says what it sent, once the records are drained.
    struct Export {
        var sink: any SessionRecordSink
        /// Given the stopped service (its drain's counts).
        var summary: (SessionRecordService) -> String
    }

    let service: SessionRecordService
    /// `--records`' export (it stays through a reload, renamed), then the configuration's.
    private let records: (export: Export, sink: JSONLinesRecordSink)?
    private var configured: [Export]
    private var exports: [Export] { (records.map { [$0.export] } ?? []) + configured }

    private init(service: SessionRecordService, records: (export: Export, sink: JSONLinesRecordSink)?, configured: [Export]) {
        self.service = service
        self.records = records
        self.configured = configured
    }

    /// The exports `records` (a `--records` path) and `configuration` (with the Junos configuration `junos`
    /// it was made from, if any) ask for; `nil` when none does. `losesNothing`: the engine replays a capture,
    /// so a member waits for the drain rather than drop a record (live traffic never waits).
    /// The drain thread is not started yet (``SessionRecordService/start()``: `ams run` starts it once the
    /// signals are blocked, so that the thread inherits the mask).
    static func make(
        records: String?, configuration: EngineConfiguration, junos: Configuration? = nil, losesNothing: Bool
    ) throws -> SessionExports? {
        let lines = try records.map { try jsonLines(path: $0, configuration: configuration) }
        let configured = try Self.configured(junos, configuration: configuration)
        guard lines != nil || !configured.isEmpty else { return nil }
        let sinks = (lines.map { [$0.export.sink] } ?? []) + configured.map(\.sink)
        return SessionExports(
            service: SessionRecordService(members: configuration.members.count, sinks: sinks, losesNothing: losesNothing),
            records: lines, configured: configured)
    }

    /// The exporters `junos` configures (syslog hosts, `jflow-log`), for the engine's `configuration`.
    private static func configured(_ junos: Configuration?, configuration: EngineConfiguration) throws -> [Export] {
        var exports: [Export] = []
        if let junos { exports += try syslog(junos, configuration: configuration) }
        for plan in IPFIXExporterPlan.plans(configuration: junos, engine: configuration) { exports.append(try ipfix(plan)) }
        return exports
    }

    /// What `exports` lost, for `/metrics` — read on the engine thread, where a reload replaces the drain's
    /// queue (the counts themselves are atomic); `nil` without exports.
    static func loss(_ exports: SessionExports?) -> @Sendable () -> MetricsSnapshot.RecordsLoss? {
        let exports = UncheckedSendable(exports)
        return {
            exports.value.map { MetricsSnapshot.RecordsLoss(dropped: $0.service.dropped, syslogShed: $0.service.drain.shed) }
        }
    }

    /// What a daemon's reload does to `exports` (``DaemonConfiguration/ExportsReload``): puts the new
    /// configuration's exporters in their place; without exports (the daemon was started with none, so its
    /// members write no records), says in the log that exporters the new configuration asks for are not
    /// started.
    static func reload(_ exports: SessionExports?) -> DaemonConfiguration.ExportsReload {
        let exports = UncheckedSendable(exports)
        return { junos, configuration throws(CommandFailure) in
            let log: @Sendable (String) -> Void = { Run.log($0) }
            if let running = exports.value {
                return try running.prepareReload(junos: junos, configuration: configuration, log: log)
            }
            let asks = junos.serviceSets.contains { !junos.syslogHosts(of: $0).isEmpty }
                || !IPFIXExporterPlan.plans(configuration: junos, engine: configuration).isEmpty
            return {
                if asks {
                    log("syslog and jflow-log exporters not started: the daemon was started without any, so its members "
                        + "write no session records (restart it)")
                }
            }
        }
    }

    /// A reload's exporters: those `junos` configures for the engine's new `configuration`, made now (a
    /// host or collector they cannot reach refuses the reload, before the engine takes it); the closure
    /// puts them in place once the engine has taken the configuration, on the engine thread. There every
    /// record written under the old configuration reaches the old exporters (the reload's `reload` ends
    /// among them), `--records` names the records by the new configuration from then on, and the old
    /// exporters are finished on a thread of their own (a TCP collector gets its 2 s there), each line
    /// they say — what each sent — given to `log`.
    func prepareReload(
        junos: Configuration, configuration: EngineConfiguration, log: @escaping @Sendable (String) -> Void
    ) throws(CommandFailure) -> () -> Void {
        let replacements: [Export]
        do {
            replacements = try Self.configured(junos, configuration: configuration)
        } catch {
            throw CommandFailure("\(error)")
        }
        return { [self] in
            let retired = configured
            service.whileStopped {
                records?.sink.rename(SessionRecordNames(configuration))
                configured = replacements
                service.drain.replaceSinks(exports.map(\.sink))
            }
            guard !retired.isEmpty else { return }
            let finishing = UncheckedSendable((retired, service))
            DetachedThread.start {
                let (retired, service) = finishing.value
                for export in retired { log(export.summary(service) + " (before the reload)") }
            }
        }
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
    private static func jsonLines(
        path: String, configuration: EngineConfiguration
    ) throws -> (export: Export, sink: JSONLinesRecordSink) {
        let sink: JSONLinesRecordSink
        do {
            sink = try JSONLinesRecordSink(path: path, names: SessionRecordNames(configuration))
        } catch {
            throw ValidationError("--records \(error.message)")
        }
        let export = Export(sink: sink) { service in
            let written = service.drain.finished
            return "records: \(written) session\(written == 1 ? "" : "s") written to "
                + "\(path == "-" ? "standard output" : path), \(service.dropped) record\(service.dropped == 1 ? "" : "s") dropped"
        }
        return (export, sink)
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
            Export(sink: sink) { service in
                sink.finish()
                let verb = sink.endpoint.destination == .local ? "written to" : "sent to"
                return "syslog: \(sink.sent) line\(sink.sent == 1 ? "" : "s") \(verb) \(sink.destination), \(sink.dropped) dropped"
                    + (sink.dropped > 0 ? sink.lastError.map { " (\($0))" } ?? "" : "")
                    + (service.drain.shed > 0
                        ? "; the lines of \(service.drain.shed) records not made: the drain's queue was full" : "")
            }
        }
    }
}

/// A value handed to another thread that is no longer used by the one that hands it over (the exporters a
/// reload retired).
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
