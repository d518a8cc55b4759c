// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A logical unit of an AMS interface used as a service interface, `amsN.U`, or of a lone Next Gen
/// services interface, `vms-F/P/0.U`.
public struct ServiceInterfaceName: Hashable, Sendable, CustomStringConvertible {
    /// The interface, e.g. `ams0` or `vms-1/0/0`.
    public var interface: String
    /// The logical unit number.
    public var unit: Int

    /// Creates a service interface name.
    public init(interface: String, unit: Int) {
        self.interface = interface
        self.unit = unit
    }

    /// Parses `amsN.U` or `vms-F/P/0.U`; `nil` if malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, AMSInterface.isServicesInterfaceName(String(parts[0])),
            !parts[1].isEmpty, parts[1].count <= 5, parts[1].allSatisfy(\.isASCIIDigitCharacter),
            let unit = Int(parts[1]), AMSInterface.Unit.numberRange.contains(unit)
        else { return nil }
        self.init(interface: String(parts[0]), unit: unit)
    }

    public var description: String { "\(interface).\(unit)" }
}
