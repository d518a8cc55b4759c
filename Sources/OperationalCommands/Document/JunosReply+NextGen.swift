// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

extension JunosReply {
    /// The Junos release a Next Gen (MX-SPC3) bundle emulates, `21.2R3` (SPEC.md §2.6: the release of the one real
    /// MX-SPC3 capture, junos-research.md §1.3).
    public static let nextGenRelease = "21.2R3"

    /// The release the documents of `generation`'s members carry in their namespaces: the one decision.
    public static func release(for generation: ServicesGeneration) -> String {
        generation == .nextGen ? nextGenRelease : release
    }

    /// `http://xml.juniper.net/junos/<release>/junos-flow`, the `xmlns` of the Next Gen session replies
    /// (verbatim in the captured `<usf-session-count-information>`).
    public static func flowNamespace(release: String = JunosReply.nextGenRelease) -> String {
        "http://xml.juniper.net/junos/\(release)/junos-flow"
    }
}
