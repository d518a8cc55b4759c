// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

extension SessionDocuments {
    /// `show services sessions utilization` (element names ours, in the style of the analysis reply):
    /// `<service-session-utilization-information>` with a `<service-session-utilization-entry>` per member
    /// holding the text's columns — `<interface-name>`, `<session-count>`, `<memory-utilization-percent>`,
    /// `<session-setup-rate>`, `<session-setup-rate-percent>`, `<session-drop-rate>`,
    /// `<session-teardown-rate>`, `<cpu-utilization-percent>` (Junos's name in its CPU-usage reply) and
    /// `<health-status>`.
    public static func utilization(_ members: [MemberSnapshot], memory: Int) -> JunosElement {
        var root = JunosElement("service-session-utilization-information")
        for member in members {
            let row = MemberUtilization(member, memory: memory)
            var entry = JunosElement("service-session-utilization-entry")
            entry.appendLeaf("interface-name", row.interface)
            entry.appendLeaf("session-count", row.sessions)
            entry.appendLeaf("memory-utilization-percent", String(fixed: row.memoryPercent, digits: 2))
            entry.appendLeaf("session-setup-rate", row.setupRate)
            entry.appendLeaf("session-setup-rate-percent", String(fixed: row.setupRatePercent, digits: 2))
            entry.appendLeaf("session-drop-rate", row.dropRate)
            entry.appendLeaf("session-teardown-rate", row.teardownRate)
            entry.appendLeaf("cpu-utilization-percent", String(fixed: row.cpuPercent, digits: 2))
            entry.appendLeaf("health-status", row.health)
            root.append(entry)
        }
        return root
    }
}
