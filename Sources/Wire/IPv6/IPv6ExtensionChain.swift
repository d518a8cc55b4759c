// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The result of walking an IPv6 extension-header chain (RFC 8200 §4) to the upper-layer header.
///
/// Hop-by-Hop Options (0), Routing (43), Destination Options (60) and Mobility (135, RFC 6275 §6.1) are
/// skipped; a Fragment header (44, RFC 8200 §4.5) is recorded. The walk stops at the first other value:
/// No Next Header (59), AH (51) and ESP (50) end it as the transport, as do TCP, UDP and the rest. A
/// non-first fragment also ends the walk, since its upper-layer header is in the first fragment.
public struct IPv6ExtensionChain: Hashable, Sendable, BitwiseCopyable {
    /// The upper-layer protocol (or 59, 50, 51) that ends the chain.
    public var transport: IPProtocol
    /// The offset of the upper-layer header from the start of the walked bytes.
    public var transportOffset: Int
    /// The number of extension headers walked.
    public var count: Int
    /// `true` if a Fragment header was seen.
    public var isFragment: Bool
    /// The fragment offset in 8-byte units.
    public var fragmentOffset: UInt16
    /// The Fragment header's M flag.
    public var moreFragments: Bool
    /// The Fragment header's 32-bit identification.
    public var fragmentID: UInt32

    /// The most extension headers walked before the chain is ``WireError/malformed(_:)`` `(.ipv6Extension)`.
    @inlinable public static var maximumCount: Int { 8 }

    /// `true` for a fragment with a non-zero offset.
    @inlinable
    public var isLaterFragment: Bool { isFragment && fragmentOffset != 0 }

    /// Walks the chain in `bytes` (which start right after the fixed IPv6 header).
    ///
    /// - Parameters:
    ///   - bytes: the IPv6 payload.
    ///   - nextHeader: the fixed header's Next Header value.
    /// - Throws: ``WireError/truncated(_:)`` `(.ipv6Extension)` when a header is cut short and
    ///   ``WireError/malformed(_:)`` `(.ipv6Extension)` past ``maximumCount`` headers.
    @inlinable
    public init(parsing bytes: Span<UInt8>, nextHeader: IPProtocol) throws(WireError) {
        transport = nextHeader
        transportOffset = 0
        count = 0
        isFragment = false
        fragmentOffset = 0
        moreFragments = false
        fragmentID = 0
        while true {
            switch transport.rawValue {
            case 0, 43, 60, 135:
                guard count < Self.maximumCount else { throw .malformed(.ipv6Extension) }
                guard bytes.count >= transportOffset &+ 2 else { throw .truncated(.ipv6Extension) }
                // Hdr Ext Len counts 8-octet units beyond the first (RFC 8200 §4.3-§4.6).
                let length = (Int(bytes[transportOffset &+ 1]) &+ 1) &* 8
                guard bytes.count >= transportOffset &+ length else { throw .truncated(.ipv6Extension) }
                transport = IPProtocol(rawValue: bytes[transportOffset])
                transportOffset &+= length
                count &+= 1
            case 44:
                guard count < Self.maximumCount else { throw .malformed(.ipv6Extension) }
                guard bytes.count >= transportOffset &+ 8 else { throw .truncated(.ipv6Extension) }
                let offsetAndFlags = bytes.networkUInt16(at: transportOffset &+ 2)
                isFragment = true
                fragmentOffset = offsetAndFlags &>> 3
                moreFragments = offsetAndFlags & 1 != 0
                fragmentID = bytes.networkUInt32(at: transportOffset &+ 4)
                transport = IPProtocol(rawValue: bytes[transportOffset])
                transportOffset &+= 8
                count &+= 1
                if fragmentOffset != 0 { return }
            default:
                return
            }
        }
    }
}
