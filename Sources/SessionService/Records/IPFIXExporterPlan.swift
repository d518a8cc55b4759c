// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
import Policy
public import SessionEngine

/// One IPFIX exporter a configuration asks for (`services jflow-log`): a template profile and one of its
/// collectors, with the engine's service sets (by index) whose `jflow-log template-profile` is that profile.
public struct IPFIXExporterPlan: Sendable, Equatable {
    public var profile: JflowLog.TemplateProfile
    public var collector: JflowLog.Collector
    public var serviceSets: Set<Int>

    /// Every exporter of `configuration` for `engine`: for each template profile a service set of the engine
    /// names, one per collector of the profile (its collector, or its group's), in configuration order.
    public static func plans(configuration: Configuration?, engine: EngineConfiguration) -> [IPFIXExporterPlan] {
        guard let configuration else { return [] }
        var plans: [IPFIXExporterPlan] = []
        for profile in configuration.jflowLog.templateProfiles {
            let serviceSets = Set(engine.serviceSets.indices.filter { index in
                configuration.serviceSets.contains {
                    $0.name == engine.serviceSets[index].name && $0.jflowLogTemplateProfile == profile.name
                }
            })
            guard !serviceSets.isEmpty else { continue }
            for collector in configuration.jflowLog.collectors(of: profile) {
                plans.append(IPFIXExporterPlan(profile: profile, collector: collector, serviceSets: serviceSets))
            }
        }
        return plans
    }

    /// The exporter's sink, its socket opened (bound to `source-ip`, connected to the collector).
    public func makeSink() throws(CommandFailure) -> (sink: IPFIXRecordSink, socket: UDPExportSocket) {
        let socket = try UDPExportSocket(
            destination: collector.destinationAddress, port: collector.destinationPort, source: collector.sourceIP)
        let sink = IPFIXRecordSink(
            socket: socket, serviceSets: serviceSets, refreshPackets: profile.effectiveRefreshPackets,
            refreshSeconds: profile.effectiveRefreshSeconds)
        return (sink, socket)
    }
}
