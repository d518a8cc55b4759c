// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// An inclusive range of TCP/UDP ports, written `N` or `N-M`.
public struct PortRange: Hashable, Sendable, CustomStringConvertible {
    /// The first port.
    public var lowerBound: UInt16
    /// The last port (equal to `lowerBound` for a single port).
    public var upperBound: UInt16

    /// Creates a range; `nil` if `lowerBound > upperBound`.
    public init?(_ lowerBound: UInt16, _ upperBound: UInt16) {
        guard lowerBound <= upperBound else { return nil }
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    /// A single port.
    public init(_ port: UInt16) {
        lowerBound = port
        upperBound = port
    }

    /// Parses `N` or `N-M` (0–65535); `nil` if malformed or out of range.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        guard let low = Self.port(parts[0]) else { return nil }
        guard let high = parts.count == 2 ? Self.port(parts[1]) : low else { return nil }
        self.init(low, high)
    }

    /// Whether `port` is in the range.
    public func contains(_ port: UInt16) -> Bool { lowerBound <= port && port <= upperBound }

    public var description: String {
        lowerBound == upperBound ? "\(lowerBound)" : "\(lowerBound)-\(upperBound)"
    }

    private static func port(_ text: Substring) -> UInt16? {
        guard !text.isEmpty, text.count <= 5, text.allSatisfy(\.isASCIIDigitCharacter) else { return nil }
        return UInt16(text)
    }
}
