// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `hash-keys { ingress-key [ … ]; egress-key [ … ]; }`: the packet fields that choose the
/// AMS member for a flow. Keys are ordered lists.
public struct HashKeys: Hashable, Sendable {
    /// One hash key field.
    public enum Key: String, Hashable, Sendable, CaseIterable {
        case sourceIP = "source-ip"
        case destinationIP = "destination-ip"
        case `protocol` = "protocol"
        /// Ingress interface (ingress keys only).
        case iif = "iif"
        /// Egress interface (egress keys only).
        case oif = "oif"
    }

    /// Keys for traffic in the ingress direction.
    public var ingress: [Key]
    /// Keys for traffic in the egress direction.
    public var egress: [Key]
    /// `resource-triggered` (service-set level only).
    public var isResourceTriggered: Bool

    /// Creates hash keys.
    public init(ingress: [Key] = [], egress: [Key] = [], isResourceTriggered: Bool = false) {
        self.ingress = ingress
        self.egress = egress
        self.isResourceTriggered = isResourceTriggered
    }
}
