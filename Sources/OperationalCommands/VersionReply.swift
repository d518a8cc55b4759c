// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `show version` (SPEC.md §2, §2.6): the host, the model, the Junos release `ams` emulates
/// (``JunosReply/release``) and `ams`'s own version — in text as Junos prints it (`Hostname:`, `Model:`,
/// `Junos:`, then a line per package), and as Junos's `<software-information>`.
public struct VersionReply: Sendable {
    /// The host name `ams` reports without `system host-name`, and its model.
    public static let defaultHostName = "ams"
    public static let model = SystemFacts.model

    /// `ams`'s own version, e.g. `0.3.0`.
    public var amsVersion: String
    /// `system host-name`, or ``defaultHostName``.
    public var hostName: String
    /// The Junos release reported: ``JunosReply/release`` (MS-MPC), or Next Gen's when every bundle is Next Gen.
    public var release: String

    public init(amsVersion: String, hostName: String = VersionReply.defaultHostName, release: String = JunosReply.release) {
        self.amsVersion = amsVersion
        self.hostName = hostName
        self.release = release
    }

    /// The line that names `ams` itself, as Junos names each of its packages after `Junos:`.
    public var amsLine: String { "ams version \(amsVersion), Swift 6.3" }

    /// The text: `Hostname: ams`, `Model: ams (…)`, `Junos: 19.4R3`, then `ams`'s own line.
    public func write(to output: inout TextBuffer) {
        output.write("Hostname: \(hostName)\nModel: \(Self.model) (software AMS services engine)\n")
        output.write("Junos: \(release)\n\(amsLine)\n")
    }

    /// `<software-information>`: the fields NETCONF clients read (`host-name`, `product-model`,
    /// `product-name`, `junos-version`: netconf-research.md §2.6), then a `<package-information>` per line
    /// after `Junos:` (its `<comment>` is the line).
    public var document: JunosElement {
        var root = JunosElement("software-information")
        root.appendLeaf("host-name", hostName)
        root.appendLeaf("product-model", Self.model)
        root.appendLeaf("product-name", Self.model)
        root.appendLeaf("junos-version", release)
        var package = JunosElement("package-information")
        package.appendLeaf("name", "ams")
        package.appendLeaf("comment", amsLine)
        root.append(package)
        return root
    }
}
