// swift-tools-version:6.2
// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PackageDescription

/// libFuzzer entry points for the data-plane decoders and the session engine (every decoder and parser is fuzzed).
///
/// A separate package so the product's dependency graph stays small. The module folders under `Sources/`
/// other than the fuzzers are symlinks to the main package's sources, compiled here with the fuzzer and
/// address sanitizers. Build and run with `Scripts/fuzz.sh`.
///
/// `CorpusWriter` regenerates the checked-in seed corpus of `CaptureFuzzer` (built without sanitizers):
/// `swift run --package-path Fuzz CorpusWriter Fuzz/Corpora/capture`.
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ams-fuzz",
    targets: [
        .target(name: "Wire", swiftSettings: settings + [.strictMemorySafety()]),
        .target(name: "PacketCapture", dependencies: ["Wire"], swiftSettings: settings + [.strictMemorySafety()]),
        // A library, not an executable: libFuzzer supplies `main`, and SwiftPM's executable link would
        // redirect `main` to a Swift entry point. `Scripts/fuzz.sh` links the objects with
        // `swiftc -sanitize=fuzzer,address`.
        .target(name: "WireFuzzer", dependencies: ["Wire"], swiftSettings: settings),
        .target(name: "CaptureFuzzer", dependencies: ["PacketCapture", "Wire"], swiftSettings: settings),
        // The session engine behind the decoders (symlinked like Wire and PacketCapture).
        .target(name: "CPrefetch"),
        .target(name: "CPacketRing"),
        .target(name: "PacketRing", dependencies: ["Wire", "CPacketRing"], swiftSettings: settings + [.strictMemorySafety()]),
        .target(name: "ServicesCore", dependencies: ["Wire"], swiftSettings: settings),
        .target(name: "SessionTable", dependencies: ["ServicesCore", "CPrefetch"], swiftSettings: settings + [.strictMemorySafety()]),
        .target(name: "JunosConfiguration", dependencies: ["ServicesCore", "Wire"], swiftSettings: settings),
        .target(name: "Policy", dependencies: ["ServicesCore", "Wire", "JunosConfiguration"], swiftSettings: settings),
        .target(name: "ApplicationGateways", dependencies: ["Wire"], swiftSettings: settings),
        .target(name: "SessionEngine", dependencies: ["PacketCapture", "SessionTable", "Policy", "JunosConfiguration", "ApplicationGateways", "CPrefetch", "PacketRing"], swiftSettings: settings),
        .target(name: "OperationalCommands", dependencies: ["ServicesCore", "Wire"], swiftSettings: settings),
        .target(name: "GatewayFuzzer", dependencies: ["ApplicationGateways", "Wire"], swiftSettings: settings),
        .target(
            name: "EngineFuzzer",
            dependencies: ["SessionEngine", "SessionTable", "OperationalCommands", "PacketCapture", "ServicesCore", "Wire"],
            swiftSettings: settings),
        .target(name: "ConfigurationFuzzer", dependencies: ["JunosConfiguration"], swiftSettings: settings),
        .target(name: "CommandFuzzer", dependencies: ["OperationalCommands"], swiftSettings: settings),
        // The daemon's control plane, for its socket's framing (symlinked like the others).
        .target(
            name: "SessionService",
            dependencies: ["SessionEngine", "OperationalCommands", "JunosConfiguration", "PacketCapture", "ServicesCore", "Policy"],
            swiftSettings: settings),
        .target(name: "ControlFuzzer", dependencies: ["SessionService"], swiftSettings: settings),
        // The session records' reader (`ams show --sessions`).
        .target(name: "RecordsFuzzer", dependencies: ["SessionService", "SessionEngine"], swiftSettings: settings),
        // NETCONF's framing, XML reader and RPC mapping (symlinked like the others).
        .target(name: "Netconf", dependencies: ["OperationalCommands", "ServicesCore", "Wire"], swiftSettings: settings),
        .target(name: "NetconfFuzzer", dependencies: ["Netconf", "OperationalCommands"], swiftSettings: settings),
        // Writes `Corpora/capture/`; never built with the sanitizers (`Scripts/fuzz.sh` builds the fuzzers
        // with `--target`).
        .executableTarget(name: "CorpusWriter", dependencies: ["PacketCapture", "Wire"], swiftSettings: settings),
    ]
)
