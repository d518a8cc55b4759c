// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// An IPv4 or IPv6 prefix in CIDR notation (`192.0.2.0/24`, `2001:db8::/32`), as the configuration and the
/// operational commands write it, matched against 128-bit ``IPAddress``es.
///
/// The prefix keeps its address as written, host bits included, so that the configuration prints back
/// what the operator wrote (`10.1.2.3/8` stays `10.1.2.3/8`); ``contains(_:)`` looks only at the first
/// ``length`` bits, and ``network`` is the masked address. Equality is that of the written form:
/// `10.1.2.3/8` and `10.0.0.0/8` are different values that contain the same addresses.
///
/// The family is the notation: a dotted quad is IPv4, and ``length`` counts its 32 bits, placed in the
/// IPv4-mapped space where ``IPAddress`` holds IPv4 (RFC 4291 §2.5.5.2), so an IPv4 prefix never contains
/// an IPv6 address. Colon notation is IPv6 and ``length`` counts 128 bits, even for an IPv4-mapped address:
/// `::ffff:192.0.2.0/120` is an IPv6 prefix that contains the IPv4 address `192.0.2.7`, and prints as
/// `::ffff:c000:200/120`.
public struct IPPrefix: Hashable, Sendable, BitwiseCopyable {
    /// The address as written, host bits included.
    public let address: IPAddress
    /// The prefix length in the family's own bits: 0 to 32 for IPv4, 0 to 128 for IPv6.
    public let length: UInt8
    /// `true` for an IPv4 prefix (written as a dotted quad); `false` for IPv6, IPv4-mapped ones included.
    public let isIPv4: Bool

    /// The prefix `address/length`, IPv4 if `address` is (``IPAddress/isIPv4``).
    ///
    /// Returns `nil` if `length` is negative or longer than the family's width (32 or 128).
    public init?(_ address: IPAddress, length: Int) {
        self.init(address, length: length, isIPv4: address.isIPv4)
    }

    private init?(_ address: IPAddress, length: Int, isIPv4: Bool) {
        guard 0 <= length, length <= (isIPv4 ? 32 : 128) else { return nil }
        self.address = address
        self.length = UInt8(length)
        self.isIPv4 = isIPv4
    }

    /// Parses `ADDRESS[/LENGTH]`; a bare address is a host prefix (`/32` or `/128`).
    ///
    /// The address is read by ``IPAddress/init(_:)``: text without a colon is IPv4, text with one is IPv6.
    /// `LENGTH` is one to three ASCII digits (`/08` is 8), at most the family's width.
    ///
    /// Returns `nil` for anything else: an empty or signed length (`10.0.0.0/`, `/+8`), a second `/`,
    /// a length over the width (`10.0.0.0/33`, `::/129`), a malformed address.
    public init?(_ text: some StringProtocol) {
        let text = String(text)
        self.init(utf8: text.utf8.span)
    }

    /// Parses the prefix whose UTF-8 text is `text`, as ``init(_:)`` does, in one pass over its bytes.
    public init?(utf8 text: Span<UInt8>) {
        var slash = text.count
        for index in text.indices where text[index] == UInt8(ascii: "/") {
            slash = index
            break
        }
        let addressText = text.extracting(0..<slash)
        guard let address = IPAddress(utf8: addressText) else { return nil }
        var isIPv4 = true
        for index in addressText.indices where addressText[index] == UInt8(ascii: ":") {
            isIPv4 = false
            break
        }
        var length = isIPv4 ? 32 : 128
        if slash < text.count {
            let digits = text.count - slash - 1
            guard (1...3).contains(digits) else { return nil }
            length = 0
            for index in (slash + 1)..<text.count {
                guard text[index].isASCIIDigit else { return nil }
                length = length * 10 + Int(text[index] - UInt8(ascii: "0"))
            }
        }
        self.init(address, length: length, isIPv4: isIPv4)
    }

    /// The length in the 128-bit space addresses are held in: 96 + ``length`` for IPv4 (IPv4-mapped),
    /// ``length`` for IPv6.
    ///
    /// Of two prefixes of either family that contain an address, the one with the greater `mappedLength` is
    /// the more specific.
    @inlinable
    public var mappedLength: Int { isIPv4 ? 96 + Int(length) : Int(length) }

    /// The address with the bits past the prefix cleared: `10.0.0.0` for `10.1.2.3/8`.
    public var network: IPAddress {
        let mask = self.mask
        return IPAddress(high: address.high & mask.high, low: address.low & mask.low)
    }

    /// `true` if `candidate` lies in the prefix: its first ``mappedLength`` bits are the prefix's.
    @inlinable
    public func contains(_ candidate: IPAddress) -> Bool {
        let mask = self.mask
        return (candidate.high ^ address.high) & mask.high == 0 && (candidate.low ^ address.low) & mask.low == 0
    }

    /// The first ``mappedLength`` bits set, as two 64-bit halves.
    @usableFromInline
    var mask: (high: UInt64, low: UInt64) {
        let bits = mappedLength
        // `>>` is a smart shift: by 64 or more it gives 0, so lengths 0, 64 and 128 need no special case.
        return (~(UInt64.max >> bits), ~(UInt64.max >> max(bits - 64, 0)))
    }
}

extension IPPrefix: CustomStringConvertible {
    /// `ADDRESS/LENGTH` with the address as written: a dotted quad for IPv4, RFC 5952 text for IPv6
    /// (``IPAddress/description(dottedQuad:)``): `10.1.2.3/8`, `2001:db8::/32`, `::ffff:c000:201/128`.
    public var description: String {
        "\(address.description(dottedQuad: isIPv4))/\(length)"
    }
}
