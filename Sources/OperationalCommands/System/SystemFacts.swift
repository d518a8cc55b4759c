// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// What `show chassis routing-engine` and `show chassis hardware` report of the machine `ams` runs on, "as a
/// small router would" (SPEC.md §7): one Routing Engine, slot 0, master — the host's memory and load, the
/// process's start. Read from Linux when a command runs (`SystemFacts.current` in SessionService), given
/// whole in tests.
public struct SystemFacts: Sendable, Hashable {
    /// `system host-name`, or `ams`.
    public var hostName: String
    /// The chassis serial number: `/etc/machine-id`'s first 12 hex digits, upper-case *(ours)*; `nil` when
    /// there is none.
    public var serialNumber: String?
    /// Physical memory, bytes (`MemTotal`).
    public var memoryTotal: Int
    /// Memory in use, bytes (`MemTotal` − `MemAvailable`).
    public var memoryUsed: Int
    /// The 1-, 5- and 15-minute load averages.
    public var loadAverages: [Double]
    /// When the `ams` process started, seconds since 1970 (UTC).
    public var startTime: Int
    /// Now, seconds since 1970 (UTC).
    public var now: Int

    public init(
        hostName: String, serialNumber: String?, memoryTotal: Int, memoryUsed: Int, loadAverages: [Double],
        startTime: Int, now: Int
    ) {
        self.hostName = hostName
        self.serialNumber = serialNumber
        self.memoryTotal = memoryTotal
        self.memoryUsed = memoryUsed
        self.loadAverages = loadAverages
        self.startTime = startTime
        self.now = now
    }

    /// The model `ams` reports for its chassis and its Routing Engine.
    public static let model = "ams"

    /// The Routing Engine's model as `show chassis routing-engine` prints it.
    public static let routingEngineModel = "RE-AMS"

    /// Seconds since the start.
    public var upSeconds: Int { max(0, now - startTime) }
}
