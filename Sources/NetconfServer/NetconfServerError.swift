// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Why the NETCONF server could not start: the host key, the address, the port.
public struct NetconfServerError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
