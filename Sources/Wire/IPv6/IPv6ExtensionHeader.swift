// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// An IPv6 extension header to emit (RFC 8200 §4).
///
/// Options headers are emitted as 8 bytes (or `length8` × 8) padded with PadN (RFC 8200 §4.2).
public enum IPv6ExtensionHeader: Hashable, Sendable {
    /// Hop-by-Hop Options (RFC 8200 §4.3), `units` 8-octet units long (at least 1).
    case hopByHop(units: Int = 1)
    /// Routing header type 0-style with `segmentsLeft` 0 (RFC 8200 §4.4), `units` long.
    case routing(units: Int = 1)
    /// Destination Options (RFC 8200 §4.6), `units` long.
    case destinationOptions(units: Int = 1)
    /// Fragment header (RFC 8200 §4.5): `offset` in 8-byte units.
    case fragment(offset: UInt16, moreFragments: Bool, identification: UInt32)
    /// Mobility header (RFC 6275 §6.1) skipped as an opaque header, `units` long.
    case mobility(units: Int = 1)

    /// The Next Header value that announces this header.
    public var protocolNumber: IPProtocol {
        switch self {
        case .hopByHop: IPProtocol(rawValue: 0)
        case .routing: IPProtocol(rawValue: 43)
        case .destinationOptions: IPProtocol(rawValue: 60)
        case .fragment: IPProtocol(rawValue: 44)
        case .mobility: IPProtocol(rawValue: 135)
        }
    }

    /// Appends the header, announcing `next` as the header that follows.
    public func emit(into bytes: inout [UInt8], next: IPProtocol) {
        switch self {
        case .hopByHop(let units), .routing(let units), .destinationOptions(let units), .mobility(let units):
            let units = max(units, 1)
            bytes.append(next.rawValue)
            bytes.append(UInt8(units - 1))
            if case .routing = self {
                // Routing type 253 (RFC 4727 experiment), Segments Left 0: ignored by every node.
                bytes.append(contentsOf: [253, 0])
                bytes.append(contentsOf: repeatElement(0, count: units * 8 - 4))
            } else {
                // One PadN option filling the rest (RFC 8200 §4.2).
                bytes.append(1)
                bytes.append(UInt8(units * 8 - 4))
                bytes.append(contentsOf: repeatElement(0, count: units * 8 - 4))
            }
        case .fragment(let offset, let moreFragments, let identification):
            bytes.append(next.rawValue)
            bytes.append(0)
            bytes.appendNetwork(offset << 3 | (moreFragments ? 1 : 0))
            bytes.appendNetwork(identification)
        }
    }

    /// The emitted length in bytes.
    public var length: Int {
        switch self {
        case .hopByHop(let units), .routing(let units), .destinationOptions(let units), .mobility(let units):
            max(units, 1) * 8
        case .fragment: 8
        }
    }
}
