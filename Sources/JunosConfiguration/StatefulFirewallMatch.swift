// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// `from { … }` of a stateful-firewall term. All present conditions must hold; each list
/// matches when any entry matches (an `except` entry excludes).
public struct StatefulFirewallMatch: Hashable, Sendable {
    /// `source-address P [except];` / `destination-address P [except];`.
    public struct AddressMatch: Hashable, Sendable {
        /// The prefix, as written.
        public var prefix: IPPrefix
        /// `except`: addresses in the prefix do not match.
        public var isExcept: Bool

        /// Creates an address match.
        public init(prefix: IPPrefix, isExcept: Bool = false) {
            self.prefix = prefix
            self.isExcept = isExcept
        }
    }

    /// `source-address-range low A high B [except];`.
    public struct AddressRangeMatch: Hashable, Sendable {
        /// The first address.
        public var low: IPAddress
        /// The last address.
        public var high: IPAddress
        /// `true` if both addresses are written as IPv4 dotted quads; `false` for IPv6 notation, in which
        /// an IPv4-mapped address (`::ffff:192.0.2.1`) stays IPv6 and prints as `::ffff:c000:201`.
        public var isIPv4: Bool
        /// `except`.
        public var isExcept: Bool

        /// Creates an address range match.
        public init(low: IPAddress, high: IPAddress, isIPv4: Bool, isExcept: Bool = false) {
            self.low = low
            self.high = high
            self.isIPv4 = isIPv4
            self.isExcept = isExcept
        }
    }

    /// `source-prefix-list L [except];`.
    public struct PrefixListMatch: Hashable, Sendable {
        /// The prefix-list name.
        public var name: String
        /// `except`.
        public var isExcept: Bool

        /// Creates a prefix-list match.
        public init(name: String, isExcept: Bool = false) {
            self.name = name
            self.isExcept = isExcept
        }
    }

    /// Allowed ports in `destination-port range`.
    public static let destinationPortRange = 1...65_535

    /// `source-address` entries.
    public var sourceAddresses: [AddressMatch]
    /// `destination-address` entries.
    public var destinationAddresses: [AddressMatch]
    /// `source-address-range` entries.
    public var sourceAddressRanges: [AddressRangeMatch]
    /// `destination-address-range` entries.
    public var destinationAddressRanges: [AddressRangeMatch]
    /// `source-prefix-list` entries.
    public var sourcePrefixLists: [PrefixListMatch]
    /// `destination-prefix-list` entries.
    public var destinationPrefixLists: [PrefixListMatch]
    /// `applications [ … ]`: application names (user-defined or predefined `junos-*`).
    public var applications: [String]
    /// `application-sets [ … ]`.
    public var applicationSets: [String]
    /// `destination-port range low N high M`.
    public var destinationPort: PortRange?

    /// Creates a match; with no arguments it matches all traffic.
    public init(
        sourceAddresses: [AddressMatch] = [], destinationAddresses: [AddressMatch] = [],
        sourceAddressRanges: [AddressRangeMatch] = [], destinationAddressRanges: [AddressRangeMatch] = [],
        sourcePrefixLists: [PrefixListMatch] = [], destinationPrefixLists: [PrefixListMatch] = [],
        applications: [String] = [], applicationSets: [String] = [], destinationPort: PortRange? = nil
    ) {
        self.sourceAddresses = sourceAddresses
        self.destinationAddresses = destinationAddresses
        self.sourceAddressRanges = sourceAddressRanges
        self.destinationAddressRanges = destinationAddressRanges
        self.sourcePrefixLists = sourcePrefixLists
        self.destinationPrefixLists = destinationPrefixLists
        self.applications = applications
        self.applicationSets = applicationSets
        self.destinationPort = destinationPort
    }
}
