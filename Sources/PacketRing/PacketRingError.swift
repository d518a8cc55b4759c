// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Glibc

/// Why a ``PacketRing`` could not be opened or used: the interface, the step that failed and the system's
/// error number, said in the operator's terms (a missing interface, not root).
public struct PacketRingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The Linux interface the ring is for.
    public var interface: String
    /// The system call or socket option that failed (`socket`, `bind`, `PACKET_RX_RING`, `send`, …).
    public var operation: String
    /// The `errno` it set.
    public var code: Int32

    public init(interface: String, operation: String, code: Int32) {
        self.interface = interface
        self.operation = operation
        self.code = code
    }

    /// `true` when the interface does not exist.
    public var isMissingInterface: Bool { code == ENODEV || code == ENXIO }
    /// `true` when the process may not open packet sockets (it needs root or `CAP_NET_RAW`).
    public var isNotPermitted: Bool { code == EPERM || code == EACCES }

    public var description: String {
        let text = unsafe String(cString: strerror(code))
        if isMissingInterface { return "interface \(interface): no such interface (\(operation): \(text))" }
        if isNotPermitted {
            return "interface \(interface): \(operation): \(text) (packet sockets need root or CAP_NET_RAW)"
        }
        return "interface \(interface): \(operation): \(text)"
    }
}
