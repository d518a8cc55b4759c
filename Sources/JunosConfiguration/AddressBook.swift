// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// `services address-book B { address A PREFIX; address-set S { address A; address-set S2; } }`: the
/// names a Next Gen policy's `source-address` and `destination-address` refer to.
public struct AddressBook: Hashable, Sendable {
    /// `address NAME PREFIX;`.
    public struct Address: Hashable, Sendable {
        public var name: String
        public var prefix: IPPrefix

        public init(name: String, prefix: IPPrefix) {
            self.name = name
            self.prefix = prefix
        }
    }

    /// `address-set NAME { address …; address-set …; }`.
    public struct AddressSet: Hashable, Sendable {
        public var name: String
        public var addresses: [String]
        public var addressSets: [String]

        public init(name: String, addresses: [String] = [], addressSets: [String] = []) {
            self.name = name
            self.addresses = addresses
            self.addressSets = addressSets
        }
    }

    /// The book's name (`global` in Juniper's examples).
    public var name: String
    public var addresses: [Address]
    public var addressSets: [AddressSet]

    public init(name: String, addresses: [Address] = [], addressSets: [AddressSet] = []) {
        self.name = name
        self.addresses = addresses
        self.addressSets = addressSets
    }
}

extension [AddressBook] {
    /// Whether some book defines an address or address set `name`.
    public func defines(_ name: String) -> Bool {
        contains { book in book.addresses.contains { $0.name == name } || book.addressSets.contains { $0.name == name } }
    }

    /// The prefixes `name` stands for: an address, or an address set expanded (nested sets once each).
    public func prefixes(named name: String) -> [IPPrefix] {
        var result: [IPPrefix] = []
        var pending = [name]
        var seen = Set<String>()
        while let next = pending.popLast() {
            guard seen.insert(next).inserted else { continue }
            for book in self {
                result += book.addresses.filter { $0.name == next }.map(\.prefix)
                for set in book.addressSets where set.name == next {
                    pending += set.addresses.reversed() + set.addressSets.reversed()
                }
            }
        }
        return result
    }
}
