// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `show chassis routing-engine` / `<get-route-engine-information/>` (SPEC.md §7): one Routing Engine, slot 0,
/// master, with the host's memory and load and the `ams` process's start and uptime. The text keeps the
/// columns of a real router's output (genieparser's captures of MX and vMX routers); the fields a router
/// prints that `ams` cannot measure honestly (temperatures, CPU shares, serial ID) are left out.
/// `<route-engine-information>` carries the elements PyEZ reads for its `RE0`/`master` facts
/// (`mastership-state`, `status`, `model`, `up-time`, `last-reboot-reason`: netconf-research.md §2.6).
public struct RoutingEngineReply: Sendable {
    public var facts: SystemFacts
    /// The Junos release the body's namespace names (``JunosReply/release(for:)`` of the router's card).
    public var release: String

    public init(facts: SystemFacts, release: String = JunosReply.release) {
        self.release = release
        self.facts = facts
    }

    /// Why the Routing Engine "booted" *(ours)*: the process is the router.
    public static let lastRebootReason = "ams started"

    private var dramMegabytes: Int { facts.memoryTotal >> 20 }
    private var memoryPercent: Int {
        facts.memoryTotal > 0 ? Int((Double(facts.memoryUsed) * 100 / Double(facts.memoryTotal)).rounded()) : 0
    }
    private var loads: [String] {
        (0..<3).map { String(fixed: facts.loadAverages.indices.contains($0) ? max(0, facts.loadAverages[$0]) : 0, digits: 2) }
    }

    public func write(to output: inout TextBuffer) {
        func line(_ label: String, _ value: String) {
            output.write("    " + label.padding(31) + value + "\n")
        }
        output.write("Routing Engine status:\n  Slot 0:\n")
        line("Current state", "Master")
        line("Election priority", "Master (default)")
        output.write("    DRAM" + String(dramMegabytes).rightAligned(26) + " MB (\(dramMegabytes) MB installed)\n")
        output.write("    Memory utilization" + String(memoryPercent).rightAligned(12) + " percent\n")
        line("Model", SystemFacts.routingEngineModel)
        line("Start time", JunosTime.timestamp(facts.startTime))
        line("Uptime", JunosTime.duration(facts.upSeconds))
        line("Last reboot reason", Self.lastRebootReason)
        line("Load averages:", "1 minute   5 minute  15 minute")
        output.write(String(repeating: " ", count: 32) + loads.map { $0.rightAligned(11) }.joined() + "\n")
    }

    public var document: JunosElement {
        var engine = JunosElement("route-engine")
        engine.appendLeaf("slot", 0)
        engine.appendLeaf("mastership-state", "master")
        engine.appendLeaf("mastership-priority", "master (default)")
        engine.appendLeaf("status", "OK")
        engine.appendLeaf("memory-dram-size", "\(dramMegabytes) MB")
        engine.appendLeaf("memory-installed-size", "(\(dramMegabytes) MB installed)")
        engine.appendLeaf("memory-buffer-utilization", memoryPercent)
        engine.appendLeaf("model", SystemFacts.routingEngineModel)
        engine.append(JunosElement(
            "start-time", attributes: [JunosAttribute("junos:seconds", String(facts.startTime))],
            text: JunosTime.timestamp(facts.startTime)))
        engine.append(JunosElement(
            "up-time", attributes: [JunosAttribute("junos:seconds", String(facts.upSeconds))],
            text: JunosTime.duration(facts.upSeconds)))
        engine.appendLeaf("last-reboot-reason", Self.lastRebootReason)
        for (name, value) in zip(["load-average-one", "load-average-five", "load-average-fifteen"], loads) {
            engine.appendLeaf(name, value)
        }
        return JunosElement(
            "route-engine-information", attributes: [JunosAttribute("xmlns", JunosReply.namespace(module: "junos-chassis", release: release))],
            children: [engine])
    }
}
