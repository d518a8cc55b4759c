// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The TCP control bits (RFC 9293 §3.1).
public struct TCPFlags: OptionSet, Hashable, Sendable, BitwiseCopyable {
    public var rawValue: UInt8

    @inlinable
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    @inlinable public static var fin: Self { Self(rawValue: 0x01) }
    @inlinable public static var syn: Self { Self(rawValue: 0x02) }
    @inlinable public static var rst: Self { Self(rawValue: 0x04) }
    @inlinable public static var psh: Self { Self(rawValue: 0x08) }
    @inlinable public static var ack: Self { Self(rawValue: 0x10) }
    @inlinable public static var urg: Self { Self(rawValue: 0x20) }

    /// `true` for the segment that opens a connection: SYN without ACK. The one test of it, for the
    /// session engine (a session starts, a closed one is replaced) and the ALGs (a control channel or an
    /// announced child starts).
    @inlinable public var opensConnection: Bool { rawValue & 0x12 == 0x02 }
}
