// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The names a ``SessionRecord``'s indices stand for — its member, the member's bundle, its service set —
/// taken from the engine's configuration, for the exporters.
public struct SessionRecordNames: Sendable {
    /// Member names, by member index (bundle after bundle, configuration order).
    public let members: [String]
    /// Each member's bundle, by member index.
    public let bundles: [String]
    /// Service set names, by index.
    public let serviceSets: [String]

    public init(_ configuration: EngineConfiguration) {
        members = configuration.members
        bundles = configuration.bundles.flatMap { bundle in bundle.members.map { _ in bundle.name } }
        serviceSets = configuration.serviceSets.map(\.name)
    }

    /// The name of the member of `record`.
    public func member(of record: SessionRecord) -> String { Self.name(members, Int(record.member)) }
    /// The bundle of the member of `record`.
    public func bundle(of record: SessionRecord) -> String { Self.name(bundles, Int(record.member)) }
    /// The name of the service set of `record`.
    public func serviceSet(of record: SessionRecord) -> String { Self.name(serviceSets, Int(record.serviceSet)) }

    private static func name(_ names: [String], _ index: Int) -> String { index < names.count ? names[index] : "?" }
}
