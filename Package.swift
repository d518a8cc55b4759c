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
        .library(
            name: "AMSLibrary",
            targets: ["SessionService", "SessionEngine", "OperationalCommands", "PacketCapture", "Wire"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // NETCONF over SSH (SPEC.md §7), control plane only.
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssh", exact: "0.15.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        // `/metrics` of `ams run` (SPEC.md §8): the Prometheus text exposition, control plane only.
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        // Data plane: bytes in, sessions out (ARCHITECTURE.md, *One packet's journey*).
        .target(name: "Wire", swiftSettings: dataPlane),
        .target(name: "PacketCapture", dependencies: ["Wire"], swiftSettings: dataPlane),
        .target(name: "CPrefetch"),
        // Live capture: AF_PACKET rings on Linux interfaces (SPEC.md §6); the C shim exposes <linux/if_packet.h>.
        .target(name: "CPacketRing"),
        .target(name: "PacketRing", dependencies: ["Wire", "CPacketRing"], swiftSettings: dataPlane),
        .target(name: "SessionTable", dependencies: ["ServicesCore", "CPrefetch"], swiftSettings: dataPlane),
        .target(name: "ApplicationGateways", dependencies: ["Wire"], swiftSettings: dataPlane),
        // The frame pump, the owner rule, the members, the replays; its tables are where the control plane
        // meets it.
        .target(
            name: "SessionEngine",
            dependencies: [
                "PacketCapture", "PacketRing", "SessionTable", "Policy", "JunosConfiguration", "ApplicationGateways",
                "CPrefetch",
            ],
            swiftSettings: settings),
        // Shared by both planes: the operator's vocabulary (snapshots, the session filter), the
        // configuration and the compiled policy (built by the control plane, read by the data plane).
        .target(name: "ServicesCore", dependencies: ["Wire"], swiftSettings: settings),
        .target(name: "JunosConfiguration", dependencies: ["ServicesCore", "Wire"], swiftSettings: settings),
        .target(name: "Policy", dependencies: ["ServicesCore", "Wire", "JunosConfiguration"], swiftSettings: settings),
        // Control plane (ARCHITECTURE.md, *One command's journey*): the command language and its output,
        // then the engine as a library — where a command's sessions come from (a replay, a stepped replay)
        // and how a parsed command runs against them — and the executable.
        .target(name: "OperationalCommands", dependencies: ["ServicesCore", "Wire"], swiftSettings: settings),
        .target(
            name: "SessionService",
            dependencies: [
                "SessionEngine", "OperationalCommands", "JunosConfiguration", "PacketCapture", "ServicesCore", "Policy",
                "CPacketRing",
            ],
            swiftSettings: settings),
        // NETCONF (SPEC.md §7): the protocol, pure (framing, hello, RPC → command, reply wrapping), and the SSH
        // server that carries it into the daemon.
        .target(name: "Netconf", dependencies: ["OperationalCommands", "ServicesCore", "Wire"], swiftSettings: settings),
        .target(
            name: "NetconfServer",
            dependencies: [
                "Netconf", "SessionService", "OperationalCommands", "JunosConfiguration",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: settings,
            linkerSettings: [.linkedLibrary("crypt")]),
        // Prometheus `/metrics` (SPEC.md §8): the members' statistics read at scrape time through the mailbox,
        // served over HTTP on an event loop of its own.
        .target(
            name: "PrometheusMetrics",
            dependencies: [
                "SessionService", "SessionEngine", "OperationalCommands", "ServicesCore", "Wire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: settings),
        .executableTarget(
            name: "ams",
            dependencies: [
                "SessionService", "SessionEngine", "OperationalCommands", "JunosConfiguration", "Policy", "NetconfServer",
                "PrometheusMetrics",
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
        .testTarget(
            name: "JunosConfigurationTests", dependencies: ["JunosConfiguration", "ServicesTestSupport", "Wire"],
            swiftSettings: settings),
        .testTarget(name: "ApplicationGatewaysTests", dependencies: ["ApplicationGateways", "Wire"], swiftSettings: settings),
        .testTarget(name: "PolicyTests", dependencies: ["Policy", "ServicesCore", "Wire"], swiftSettings: settings),
        .testTarget(name: "SessionTableTests", dependencies: ["SessionTable", "ServicesCore", "Wire", "ServicesTestSupport"], swiftSettings: settings),
        .testTarget(
            name: "SessionEngineTests",
            dependencies: [
                "SessionService", "SessionEngine", "OperationalCommands", "JunosConfiguration", "PacketCapture",
                "ServicesCore", "Wire", "ServicesTestSupport",
            ],
            swiftSettings: settings),
        .testTarget(
            name: "NetconfTests", dependencies: ["Netconf", "NetconfServer", "OperationalCommands"], swiftSettings: settings),
        .testTarget(
            name: "PrometheusMetricsTests",
            dependencies: ["PrometheusMetrics", "SessionEngine", "ServicesCore", "OperationalCommands", "PacketCapture", "Wire"],
            swiftSettings: settings),
        // Live rings on veth pairs in network namespaces: run only as root.
        .testTarget(
            name: "LiveTests", dependencies: ["SessionEngine", "PacketRing", "Policy", "JunosConfiguration", "ServicesCore", "Wire"],
            swiftSettings: settings),
        // The shell's keys, line editing, completion and piped input, in the executable.
        .testTarget(name: "AMSTests", dependencies: ["ams", "OperationalCommands"], swiftSettings: settings),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "SessionService", "SessionEngine", "OperationalCommands", "ServicesCore", "PacketCapture", "Policy",
                "JunosConfiguration", "Wire", "ServicesTestSupport",
            ],
            exclude: ["Captures", "Golden"],
            swiftSettings: settings
        ),
    ]
)
