// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import ServicesTestSupport
import Testing
import Wire

/// Writes the Wire fuzzer's seed corpus (`Fuzz/Corpora/wire/`) from ``SampleFrames``.
///
/// Disabled unless `AMS_WRITE_FUZZ_CORPUS` names the output directory:
/// `AMS_WRITE_FUZZ_CORPUS=$PWD/Fuzz/Corpora/wire swift test --filter FuzzCorpusWriter`.
@Suite struct FuzzCorpusWriter {
    /// The fuzzer's link-type table (`Fuzz/Sources/WireFuzzer/WireFuzzer.swift`): byte 0 indexes it.
    static let fuzzerLinkTypes: [LinkType] = [
        .ethernet, .linuxCooked, .linuxCooked2, .raw, .ipv4, .ipv6, .null, .loop,
        LinkType(rawValue: 12), LinkType(rawValue: 14), LinkType(rawValue: 9),
    ]

    @Test(.enabled(if: ProcessInfo.processInfo.environment["AMS_WRITE_FUZZ_CORPUS"] != nil))
    func writeSeedCorpus() throws {
        let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["AMS_WRITE_FUZZ_CORPUS"]!)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for sample in SampleFrames.all {
            let index = try #require(Self.fuzzerLinkTypes.firstIndex(of: sample.linkType))
            let data = Data([UInt8(index)] + sample.bytes)
            try data.write(to: directory.appendingPathComponent(sample.name))
        }
    }
}
