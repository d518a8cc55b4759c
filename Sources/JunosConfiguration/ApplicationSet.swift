// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `applications application-set AS { application A; application-set AS2; }`.
public struct ApplicationSet: Hashable, Sendable {
    /// The set name.
    public var name: String
    /// Member applications, in order.
    public var applications: [String]
    /// Nested application sets, in order.
    public var applicationSets: [String]

    /// Creates an application set.
    public init(name: String, applications: [String] = [], applicationSets: [String] = []) {
        self.name = name
        self.applications = applications
        self.applicationSets = applicationSets
    }
}
