// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The byte order of a pcap file or a pcapng section, and the integer reads that honour it.
///
/// Every read is bounds-checked by `Span`; callers validate offsets first, so a hostile file
/// makes the reader throw rather than trap.
@usableFromInline
struct ByteOrder: Sendable, Hashable, BitwiseCopyable {
    /// `true` for big-endian (network order) files.
    @usableFromInline var isBigEndian: Bool

    static var little: Self { Self(isBigEndian: false) }
    static var big: Self { Self(isBigEndian: true) }

    /// `value` with its bytes in this order, ready for a raw store.
    @inlinable
    func encoded(_ value: UInt32) -> UInt32 {
        isBigEndian ? value.bigEndian : value.littleEndian
    }

    /// Reads a `UInt16` at `offset`.
    ///
    /// - Precondition: `offset + 2 <= bytes.count` (checked by the caller).
    @inline(__always)
    func uint16(_ bytes: Span<UInt8>, at offset: Int) -> UInt16 {
        // One bounds-checked unaligned load (it traps past the end, as the subscript would).
        let raw = unsafe bytes.bytes.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt16.self)
        return isBigEndian ? UInt16(bigEndian: raw) : UInt16(littleEndian: raw)
    }

    /// Reads a `UInt32` at `offset`.
    ///
    /// - Precondition: `offset + 4 <= bytes.count` (checked by the caller).
    @inline(__always)
    func uint32(_ bytes: Span<UInt8>, at offset: Int) -> UInt32 {
        let raw = unsafe bytes.bytes.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt32.self)
        return isBigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw)
    }

    /// Reads a `UInt64` at `offset`.
    ///
    /// - Precondition: `offset + 8 <= bytes.count` (checked by the caller).
    @inline(__always)
    func uint64(_ bytes: Span<UInt8>, at offset: Int) -> UInt64 {
        let raw = unsafe bytes.bytes.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt64.self)
        return isBigEndian ? UInt64(bigEndian: raw) : UInt64(littleEndian: raw)
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` in the given byte order (used by the writers).
    mutating func append(_ value: UInt16, _ order: ByteOrder) {
        if order.isBigEndian {
            append(UInt8(truncatingIfNeeded: value &>> 8))
            append(UInt8(truncatingIfNeeded: value))
        } else {
            append(UInt8(truncatingIfNeeded: value))
            append(UInt8(truncatingIfNeeded: value &>> 8))
        }
    }

    /// Appends `value` in the given byte order (used by the writers).
    mutating func append(_ value: UInt32, _ order: ByteOrder) {
        if order.isBigEndian {
            append(UInt16(truncatingIfNeeded: value &>> 16), order)
            append(UInt16(truncatingIfNeeded: value), order)
        } else {
            append(UInt16(truncatingIfNeeded: value), order)
            append(UInt16(truncatingIfNeeded: value &>> 16), order)
        }
    }

    /// Appends `value` in the given byte order (used by the writers).
    mutating func append(_ value: UInt64, _ order: ByteOrder) {
        if order.isBigEndian {
            append(UInt32(truncatingIfNeeded: value &>> 32), order)
            append(UInt32(truncatingIfNeeded: value), order)
        } else {
            append(UInt32(truncatingIfNeeded: value), order)
            append(UInt32(truncatingIfNeeded: value &>> 32), order)
        }
    }

    /// Appends zero bytes until the count is a multiple of 4 (pcapng padding).
    mutating func padToFourBytes() {
        while count & 3 != 0 { append(0) }
    }
}
