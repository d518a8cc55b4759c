// swift-tools-version:6.2
import PackageDescription

let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]
/// Data-plane modules: no Foundation, no async; every `unsafe` is spelled out.
let dataPlane = settings + [.strictMemorySafety()]

let package = Package(
    name: "ams",
    products: [
        .executable(name: "ams", targets: ["ams"]),
        .executable(name: "ams-tracegen", targets: ["ams-tracegen"]),
        .library(name: "AMSLibrary", targets: ["SessionEngine", "OperationalCommands", "PacketCapture", "Wire"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Data plane.
        .target(name: "Wire", swiftSettings: dataPlane),
        .target(name: "PacketCapture", dependencies: ["Wire"], swiftSettings: dataPlane),
        .target(name: "ServicesCore", dependencies: ["Wire"], swiftSettings: settings),
        .target(name: "CPrefetch"),
        .target(name: "SessionTable", dependencies: ["ServicesCore", "CPrefetch"], swiftSettings: dataPlane),
        .target(name: "ApplicationGateways", dependencies: ["Wire"], swiftSettings: dataPlane),
        .target(name: "JunosConfiguration", swiftSettings: settings),
        .target(name: "Policy", dependencies: ["ServicesCore", "Wire", "JunosConfiguration"], swiftSettings: settings),
        .target(
            name: "SessionEngine",
            dependencies: ["PacketCapture", "SessionTable", "Policy", "JunosConfiguration", "ApplicationGateways", "CPrefetch"],
            swiftSettings: settings),
        // Control plane.
        .target(name: "OperationalCommands", dependencies: ["ServicesCore", "Wire", "Policy"], swiftSettings: settings),
        .executableTarget(
            name: "ams",
            dependencies: [
                "SessionEngine", "OperationalCommands", "JunosConfiguration", "Policy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings
        ),
        // Tools: writes large synthetic captures for the benchmarks.
        .executableTarget(
            name: "ams-tracegen",
            dependencies: ["PacketCapture", "Wire", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: settings
        ),
        // Tests.
        .target(name: "ServicesTestSupport", dependencies: ["Wire", "PacketCapture"], path: "Tests/ServicesTestSupport"),
        .testTarget(name: "WireTests", dependencies: ["Wire", "ServicesTestSupport"], swiftSettings: settings),
        .testTarget(name: "PacketCaptureTests", dependencies: ["PacketCapture", "ServicesTestSupport"], swiftSettings: settings),
        .testTarget(
            name: "OperationalCommandsTests", dependencies: ["OperationalCommands", "Policy", "ServicesCore", "Wire"],
            swiftSettings: settings),
        .testTarget(name: "JunosConfigurationTests", dependencies: ["JunosConfiguration", "ServicesTestSupport"], swiftSettings: settings),
        .testTarget(name: "ApplicationGatewaysTests", dependencies: ["ApplicationGateways", "Wire"], swiftSettings: settings),
        .testTarget(name: "PolicyTests", dependencies: ["Policy", "ServicesCore", "Wire"], swiftSettings: settings),
        .testTarget(name: "SessionTableTests", dependencies: ["SessionTable", "ServicesCore", "Wire", "ServicesTestSupport"], swiftSettings: settings),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "SessionEngine", "OperationalCommands", "ServicesCore", "PacketCapture", "Policy", "JunosConfiguration",
                "Wire", "ServicesTestSupport",
            ],
            exclude: ["Captures", "Golden"],
            swiftSettings: settings
        ),
    ]
)
