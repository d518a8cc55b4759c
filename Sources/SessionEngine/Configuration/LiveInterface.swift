// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A Linux interface `ams run` reads (SPEC.md §6): from a service set's `linux-interfaces`.
public struct LiveInterface: Sendable, Hashable {
    /// The Linux interface name, e.g. `veth1`.
    public var name: String
    /// The side of the card frames arriving on it are on (inside: hashed by the ingress key).
    public var side: PacketSide
    /// The service set its traffic belongs to, by index in ``EngineConfiguration/serviceSets``.
    public var serviceSet: UInt8

    public init(name: String, side: PacketSide, serviceSet: UInt8) {
        self.name = name
        self.side = side
        self.serviceSet = serviceSet
    }
}
