// swift-tools-version:6.2
import PackageDescription

/// Data-path benchmarks (ordo-one/benchmark): a separate package so the product's dependency graph stays small.
///
/// The data-plane modules are symbolic links to `../Sources/…` (a path dependency on `..` would be named
/// after the checkout's folder, which differs between clones).
/// Run from this folder: `swift package --allow-writing-to-package-directory benchmark`.
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]
let dataPlane = settings + [.strictMemorySafety()]

let package = Package(
    name: "ams-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(name: "Wire", swiftSettings: dataPlane),
        .target(name: "PacketCapture", dependencies: ["Wire"], swiftSettings: dataPlane),
        .target(name: "ServicesCore", dependencies: ["Wire"], swiftSettings: settings),
        .target(name: "CPrefetch"),
        .target(name: "CPacketRing"),
        .target(name: "PacketRing", dependencies: ["Wire", "CPacketRing"], swiftSettings: settings + [.strictMemorySafety()]),
        .target(name: "SessionTable", dependencies: ["ServicesCore", "CPrefetch"], swiftSettings: dataPlane),
        .target(name: "JunosConfiguration", dependencies: ["ServicesCore", "Wire"], swiftSettings: settings),
        .target(name: "Policy", dependencies: ["ServicesCore", "Wire", "JunosConfiguration"], swiftSettings: settings),
        .target(name: "ApplicationGateways", dependencies: ["Wire"], swiftSettings: settings),
        .target(name: "SessionEngine", dependencies: ["PacketCapture", "SessionTable", "Policy", "JunosConfiguration", "ApplicationGateways", "CPrefetch", "PacketRing"], swiftSettings: settings),
        .executableTarget(
            name: "DataPath",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                "Wire", "PacketCapture", "SessionTable", "SessionEngine",
            ],
            path: "Benchmarks/DataPath",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
