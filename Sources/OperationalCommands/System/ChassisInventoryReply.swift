// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `show chassis hardware` / `<get-chassis-inventory/>` (SPEC.md §7): a small router's inventory — the
/// chassis (model `ams`, the serial number of ``SystemFacts``) and its Routing Engine 0 — in the columns of a
/// real router's `Hardware inventory:` (genieparser's captures of a vMX). `<chassis-inventory>` carries
/// `chassis/serial-number`, which PyEZ reads for its `serialnumber` fact (netconf-research.md §2.6).
public struct ChassisInventoryReply: Sendable {
    public var facts: SystemFacts
    /// The Junos release the body's namespace names (``JunosReply/release(for:)`` of the router's card).
    public var release: String

    public init(facts: SystemFacts, release: String = JunosReply.release) {
        self.release = release
        self.facts = facts
    }

    /// The columns' widths: Item, Version, Part number, Serial number; Description takes the rest.
    private static let widths = [17, 9, 13, 18]

    public func write(to output: inout TextBuffer) {
        func row(_ fields: String...) {
            var line = ""
            for (field, width) in zip(fields, Self.widths) { line += field.padding(width) }
            line += fields[4]
            output.write(line + "\n")
        }
        output.write("Hardware inventory:\n")
        row("Item", "Version", "Part number", "Serial number", "Description")
        row("Chassis", "", "", facts.serialNumber ?? "", SystemFacts.model)
        row("Routing Engine 0", "", "", "", SystemFacts.routingEngineModel)
    }

    public var document: JunosElement {
        var chassis = JunosElement("chassis", attributes: [JunosAttribute("junos:style", "inventory")])
        chassis.appendLeaf("name", "Chassis")
        if let serial = facts.serialNumber { chassis.appendLeaf("serial-number", serial) }
        chassis.appendLeaf("description", SystemFacts.model)
        var engine = JunosElement("chassis-module")
        engine.appendLeaf("name", "Routing Engine 0")
        engine.appendLeaf("description", SystemFacts.routingEngineModel)
        chassis.append(engine)
        return JunosElement(
            "chassis-inventory", attributes: [JunosAttribute("xmlns", JunosReply.namespace(module: "junos-chassis", release: release))],
            children: [chassis])
    }
}

extension JunosReply {
    /// `http://xml.juniper.net/junos/<release>/<module>`, the `xmlns` of a reply body (`junos-chassis`, …).
    public static func namespace(module: String, release: String = JunosReply.release) -> String {
        "http://xml.juniper.net/junos/\(release)/\(module)"
    }
}
