// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import Prometheus
import ServicesCore
import SessionEngine
import Wire

/// The Prometheus registry of `/metrics` (swift-prometheus), refreshed from a ``MetricsSnapshot`` at each
/// scrape, and its text exposition.
///
/// Counters stay monotonic: each series remembers the statistic's value at the last scrape and its counter is
/// incremented by what it grew since (a statistic that went down — it does not — is taken as the new start,
/// nothing added). Gauges are set. A series no longer in a snapshot (a service set a reload removed) is
/// dropped from the registry. Not thread-safe: the ``MetricsServer`` refreshes and emits on one thread.
public struct MetricsExposition: ~Copyable {
    private let registry = PrometheusCollectorRegistry()
    private var counters: [SeriesKey: (counter: Counter, last: UInt64)] = [:]
    private var gauges: [SeriesKey: Gauge] = [:]

    private struct SeriesKey: Hashable {
        var name: String
        var values: [String]
    }

    public init() {}

    /// Brings every series to `snapshot`.
    public mutating func update(_ snapshot: MetricsSnapshot) {
        var seen = Set<SeriesKey>()
        for member in snapshot.members {
            let interface = member.name
            for serviceSet in member.serviceSets {
                set(.sessionsActive, [interface, serviceSet.serviceSet], serviceSet.sessions, &seen)
                add(.serviceSetSessionsCreated, [interface, serviceSet.serviceSet], serviceSet.created, &seen)
                add(.serviceSetSessionsDeleted, [interface, serviceSet.serviceSet], serviceSet.deleted, &seen)
            }
            set(.sessionsPredicted, [interface], member.analysis.predicted, &seen)
            let counted = member.counters
            add(.sessionsCreated, [interface], counted.sessionsCreated, &seen)
            add(.sessionsDeleted, [interface], member.sessionsDeleted, &seen)
            add(.packets, [interface], counted.packets, &seen)
            add(.bytes, [interface], counted.bytes, &seen)
            add(.packetsDropped, [interface], counted.packetsDropped, &seen)
            add(.slowPathForward, [interface], counted.slowPathForward, &seen)
            add(.slowPathDiscard, [interface], counted.slowPathDiscard, &seen)
            for reason in DropReason.allCases {
                add(.drops, [interface, reason.name], counted.engineDrops[reason.rawValue], &seen)
            }
            add(.gatesOpened, [interface], counted.gatesOpened, &seen)
            add(.childSessions, [interface], counted.childSessions, &seen)
            add(.gatewayRefusals, [interface], counted.gatewayRefusals, &seen)
        }
        add(.frames, [], snapshot.pump.frames, &seen)
        for index in snapshot.pump.wireDrops.indices {
            add(.decodeDrops, [WireError.forCounterIndex(index).counterName], snapshot.pump.wireDrops[index], &seen)
        }
        for interface in snapshot.liveInterfaces {
            let labels = [interface.name, interface.side]
            add(.ringFrames, labels, interface.framesReceived, &seen)
            add(.ringDrops, labels, interface.ringDrops, &seen)
            add(.ringFreezes, labels, interface.ringFreezes, &seen)
        }
        if let forwarding = snapshot.forwarding {
            add(.inlineFrames, ["forward"], forwarding.forwarded, &seen)
            add(.inlineFrames, ["drop"], forwarding.dropped, &seen)
            add(.inlineFrames, ["reject"], forwarding.rejected, &seen)
            add(.inlineAnswers, [], forwarding.answersSent, &seen)
            add(.inlineSendFailures, [], forwarding.sendFailures, &seen)
        }
        if let records = snapshot.records {
            add(.recordsDropped, [], UInt64(max(records.dropped, 0)), &seen)
            add(.syslogShed, [], UInt64(max(records.syslogShed, 0)), &seen)
        }
        if let netconf = snapshot.netconf {
            set(.netconfSessionsActive, [], netconf.openSessions, &seen)
            add(.netconfSessions, [], UInt64(max(netconf.sessionsSinceStart, 0)), &seen)
            add(.netconfLogins, [], UInt64(max(netconf.logins, 0)), &seen)
            add(.netconfFailedLogins, [], UInt64(max(netconf.wrongPasswords, 0)), &seen)
        }
        for key in counters.keys where !seen.contains(key) {
            registry.unregisterCounter(counters.removeValue(forKey: key)!.counter)
        }
        for key in gauges.keys where !seen.contains(key) {
            registry.unregisterGauge(gauges.removeValue(forKey: key)!)
        }
    }

    /// The text exposition (format 0.0.4) of every series.
    public func exposition() -> [UInt8] {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return bytes
    }

    /// The counter of `metric` with label values `values` incremented to `value`.
    private mutating func add(_ metric: MetricDefinition, _ values: [String], _ value: UInt64, _ seen: inout Set<SeriesKey>) {
        let key = SeriesKey(name: metric.name, values: values)
        seen.insert(key)
        guard let series = counters[key] else {
            let counter = registry.makeCounter(descriptor: descriptor(metric), labels: Array(zip(metric.labels, values)))
            counter.increment(by: Int64(clamping: value))
            counters[key] = (counter, value)
            return
        }
        if value > series.last { series.counter.increment(by: Int64(clamping: value - series.last)) }
        counters[key]!.last = value
    }

    /// The gauge of `metric` with label values `values` set to `value`.
    private mutating func set(_ metric: MetricDefinition, _ values: [String], _ value: Int, _ seen: inout Set<SeriesKey>) {
        let key = SeriesKey(name: metric.name, values: values)
        seen.insert(key)
        if let gauge = gauges[key] {
            gauge.set(Int64(value))
            return
        }
        let gauge = registry.makeGauge(descriptor: descriptor(metric), labels: Array(zip(metric.labels, values)))
        gauge.set(Int64(value))
        gauges[key] = gauge
    }

    private func descriptor(_ metric: MetricDefinition) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: metric.name, unitName: "", helpText: metric.help)
    }
}
