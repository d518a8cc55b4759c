// swift-tools-version:6.2
// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PackageDescription

/// libFuzzer entry points for the data-plane decoders (STYLE.md §3.8).
///
/// A separate package so the product's dependency graph stays small. `Sources/Wire` is a symlink to the
/// main package's `Sources/Wire`, compiled here with the fuzzer and address sanitizers. Build and run with
/// `Scripts/fuzz.sh`.
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ams-fuzz",
    targets: [
        .target(name: "Wire", swiftSettings: settings + [.strictMemorySafety()]),
        // TODO: a `PacketCaptureFuzzer` target for the pcap/pcapng reader once `PacketCapture` lands.
        // A library, not an executable: libFuzzer supplies `main`, and SwiftPM's executable link would
        // redirect `main` to a Swift entry point. `Scripts/fuzz.sh` links the objects with
        // `swiftc -sanitize=fuzzer,address`.
        .target(name: "WireFuzzer", dependencies: ["Wire"], swiftSettings: settings),
    ]
)
