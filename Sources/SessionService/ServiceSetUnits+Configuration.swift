// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
public import OperationalCommands

extension ServiceSetUnits {
    /// The units of `configuration`'s service sets: a `next-hop-service`'s inside and outside units, an
    /// `interface-service`'s one unit for both; none without a configuration (the built-in bundle).
    public init(_ configuration: Configuration?) {
        var units: [String: Units] = [:]
        for serviceSet in configuration?.serviceSets ?? [] {
            switch serviceSet.placement {
            case .nextHopService(let inside, let outside)?:
                units[serviceSet.name] = Units(inside: inside.unit, outside: outside.unit)
            case .interfaceService(let name, _)?:
                units[serviceSet.name] = Units(inside: name.unit, outside: name.unit)
            case nil:
                break
            }
        }
        self.init(units)
    }
}
