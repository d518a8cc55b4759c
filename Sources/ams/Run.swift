// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import JunosConfiguration
import PrometheusMetrics
import NetconfServer
import OperationalCommands
import PacketCapture
import SessionEngine
import SessionService

#if canImport(Glibc)
import Glibc
#endif

/// `ams run`: the services card as a daemon (SPEC.md §6) — live interfaces, or a capture fed at its own
/// pace (`--replay`) — answering operational commands on its control socket.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the engine as a daemon, answering commands on a control socket.",
        discussion: """
            Without --replay the packets come from the Linux interfaces the configuration's service sets \
            name (linux-interfaces { inside IF; outside IF; mode monitor|inline; }; root or CAP_NET_RAW); with --replay \
            FILE from the capture, at capture pace (--speed X: X times as fast) or --as-fast-as-possible; \
            once it has ended the daemon goes on answering with the final table, aging it with the clock. \
            ams show …, ams clear …, ams request system configuration reload and ams cli attach to it. \
            SIGHUP re-reads the configuration file (as that request does); SIGTERM or SIGINT stop it (exit 0, \
            the socket removed). --metrics-listen serves Prometheus metrics at http://ADDRESS:PORT/metrics. \
            Log lines go to standard error.
            """
    )

    @OptionGroup var bundle: BundleOptions

    @Option(help: ArgumentHelp("The control socket (default: \(ControlSocketPath.default)).", valueName: "path"))
    var socket: String?

    @Option(help: "A capture (pcap or pcapng) to feed at its own pace instead of live interfaces.")
    var replay: String?

    @Option(help: "With --replay: packet time runs X times as fast as the wall clock (default 1).")
    var speed: Double?

    @Flag(name: .customLong("as-fast-as-possible"), help: "With --replay: feed the capture as fast as the engine takes it.")
    var asFastAsPossible = false

    @Option(
        name: .customLong("netconf-host-key"),
        help: ArgumentHelp(
            "The NETCONF server's Ed25519 host key, created there on first start (default: \(HostKey.defaultPath)).",
            valueName: "path"))
    var netconfHostKey: String?

    @Option(
        name: .customLong("metrics-listen"),
        help: ArgumentHelp(
            "Serve Prometheus metrics at http://ADDRESS:PORT/metrics (a port alone: on \(MetricsListenAddress.loopback)).",
            valueName: "address:port"))
    var metricsListen: String?

    @Option(help: ArgumentHelp("Write a JSON line per session, when it ends, to this file.", valueName: "file"))
    var records: String?

    func validate() throws {
        if let metricsListen, MetricsListenAddress(metricsListen) == nil {
            throw ValidationError(
                "--metrics-listen takes PORT, ADDRESS:PORT or [IPv6]:PORT with a port of 0-65535 (not '\(metricsListen)')")
        }
        if let speed, !(speed > 0 && speed.isFinite) {
            throw ValidationError("--speed must be a finite number above 0 (not \(speed))")
        }
        if speed != nil && asFastAsPossible {
            throw ValidationError("--speed and --as-fast-as-possible cannot be used together: choose one pace")
        }
        if (speed != nil || asFastAsPossible) && replay == nil {
            throw ValidationError("--speed and --as-fast-as-possible pace a capture: they need --replay FILE")
        }
    }

    func run() throws {
        let (configuration, engine) = try bundle.load()
        let exports = try SessionExports.make(
            records: records, configuration: engine, junos: configuration, losesNothing: replay != nil)
        let settings = DaemonConfiguration(
            path: bundle.config, configuration: configuration, generation: engine.generation, log: { Self.log($0) },
            exports: SessionExports.reload(exports))
        guard let replay else {
            guard let mode = engine.liveMode, !engine.liveInterfaces.isEmpty else {
                Self.log(
                    "\(bundle.config ?? "the built-in configuration") names no Linux interface: give a service set "
                        + "linux-interfaces { inside IF; … } (README, The daemon), or feed a capture with --replay FILE")
                throw ExitCode(64)
            }
            let driver: LiveDriver
            do {
                driver = try LiveDriver(configuration: engine, records: exports?.recording)
            } catch {
                Self.log("\(error)")
                throw ExitCode(1)
            }
            let interfaces = engine.liveInterfaces.map { "\($0.name) (\($0.side == .inside ? "inside" : "outside"))" }
            try serve(
                driver, settings: settings, source: "\(mode.rawValue) on \(interfaces.joined(separator: ", "))",
                exports: exports)
            return
        }
        let file: CaptureFile
        do {
            file = try CaptureFile(path: replay)
        } catch {
            throw ReplayFailure(message: "\(replay): \(error)")
        }
        let pace: PacedReplayDriver.Pace = asFastAsPossible ? .asFastAsPossible : .speed(speed ?? 1)
        let paceText = asFastAsPossible ? "as fast as possible" : "at speed \(speed ?? 1)"
        try serve(
            PacedReplayDriver(file: file, configuration: engine, pace: pace, records: exports?.recording),
            settings: settings, source: "replaying \(replay) \(paceText)", exports: exports)
    }

    /// Runs the daemon over `driver` until SIGTERM or SIGINT: the engine loop on this thread, the control
    /// socket and the signals on threads of their own.
    func serve<Driver: PacketDriver & ~Copyable>(
        _ driver: consuming Driver, settings: DaemonConfiguration, source: String,
        exports: SessionExports? = nil
    ) throws {
        // The signals are taken by one thread (sigwait): blocked here, before any thread starts, so every
        // thread inherits the mask. A client gone mid-reply is a failed write, not SIGPIPE.
        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in [SIGHUP, SIGTERM, SIGINT] { sigaddset(&signals, signal) }
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        Glibc.signal(SIGPIPE, SIG_IGN)
        exports?.service.start()

        let mailbox = EngineMailbox()
        let loop = EngineLoop(driver: driver, mailbox: mailbox)
        let commands = DaemonCommands(mailbox: mailbox, settings: settings, version: AMS.version)
        let path = socket ?? ControlSocketPath.default
        let server: ControlSocketServer
        do {
            server = try ControlSocketServer(path: path, commands: commands)
        } catch {
            Self.log(error.description)
            throw ExitCode(1)
        }
        let bundles = loop.tables.configuration.bundles.map { bundle in
            "\(bundle.name), \(bundle.members.count) member\(bundle.members.count == 1 ? "" : "s")"
        }
        let group = server.group.isAMSGroup ? "group ams" : "group \(server.group.name): no group ams to give it to"
        Self.log(
            "started: \(bundles.joined(separator: "; ")), "
                + "\(settings.path.map { "configuration \($0)" } ?? "built-in configuration"); \(source); "
                + "control socket \(path) (mode 0660, \(group))")
        loop.onEnd = { engine in
            Self.log(
                "end of capture: \(engine.counters.frames) frames, \(engine.tables.liveSessions) sessions; "
                    + "still answering, the table aging with the clock")
        }
        server.start()
        let netconf: NetconfServer?
        do {
            netconf = try startNetconf(settings: settings, commands: commands)
        } catch {
            Self.log(error.description)
            mailbox.stop()
            server.stop()
            throw ExitCode(1)
        }
        let metrics: MetricsServer?
        do {
            metrics = try startMetrics(commands: commands, exports: exports)
        } catch {
            Self.log(error.description)
            mailbox.stop()
            netconf?.stop()
            server.stop()
            throw ExitCode(1)
        }
        let awaited = signals
        DetachedThread.start {
            var signals = awaited
            var signal: Int32 = 0
            while sigwait(&signals, &signal) == 0 {
                if signal == SIGHUP {
                    // The reload says its result in the log, as a requested one does.
                    Self.log("SIGHUP: re-reading \(settings.path ?? "the configuration")")
                    _ = commands.runAndWait("request system configuration reload")
                } else {
                    Self.log("stopping (\(signal == SIGTERM ? "SIGTERM" : "SIGINT"))")
                    mailbox.stop()
                    return
                }
            }
        }
        loop.run()
        if let exports {
            // The sessions still open end by `shutdown` (SPEC.md §8); the engine thread is done with them.
            _ = loop.tables.recordShutdown()
            for line in exports.stop() { Self.log(line) }
        }
        metrics?.stop()
        netconf?.stop()
        server.stop()
        Self.log("stopped; \(path) removed")
    }

    /// The NETCONF server of `system services netconf`, listening, if the configuration has one.
    func startNetconf(settings: DaemonConfiguration, commands: DaemonCommands) throws(NetconfServerError) -> NetconfServer? {
        guard let service = settings.configuration?.netconf else { return nil }
        let key = try HostKey(path: netconfHostKey ?? HostKey.defaultPath)
        let netconf = NetconfServer(
            service: service, hostKey: key, release: JunosReply.release(for: settings.generation), commands: commands,
            log: { Self.log($0) })
        let port = try netconf.start()
        let users = settings.configuration?.loginUsers.count ?? 0
        Self.log(
            "NETCONF over SSH on \(service.effectiveListenAddress) port \(port)"
                + (service.rfcCompliant ? " (rfc-compliant)" : "") + ", \(users) user\(users == 1 ? "" : "s"); host key "
                + "\(key.path)\(key.isNew ? " (created)" : ""): \(key.typedFingerprint)")
        commands.reportNetconfStatus { netconf.status(port: port) }
        return netconf
    }

    /// The `/metrics` server of `--metrics-listen`, listening, if asked for.
    func startMetrics(commands: DaemonCommands, exports: SessionExports?) throws(MetricsServerError) -> MetricsServer? {
        guard let metricsListen, let address = MetricsListenAddress(metricsListen) else { return nil }
        let metrics = MetricsServer(
            address: address, commands: commands, netconf: { commands.netconfServerStatus },
            records: SessionExports.loss(exports))
        let port = try metrics.start()
        Self.log("Prometheus metrics on http://\(MetricsListenAddress(host: address.host, port: port))/metrics")
        return metrics
    }

    /// A log line on standard error: `ams run: …`.
    static func log(_ message: String) {
        var standardError = StandardError()
        standardError.write("ams run: \(message)\n")
    }
}
