// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension Span where Element == UInt8 {
    /// Reads a big-endian `UInt16` at `offset`.
    ///
    /// - Precondition: `offset + 2 <= count` (callers check lengths first; the subscript traps otherwise).
    @inlinable
    package func networkUInt16(at offset: Int) -> UInt16 {
        // One bounds-checked unaligned load (it traps past the end, as the subscript would).
        UInt16(bigEndian: unsafe bytes.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// Reads a big-endian `UInt32` at `offset`.
    ///
    /// - Precondition: `offset + 4 <= count`.
    @inlinable
    package func networkUInt32(at offset: Int) -> UInt32 {
        UInt32(bigEndian: unsafe bytes.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// Reads a big-endian `UInt64` at `offset`.
    ///
    /// - Precondition: `offset + 8 <= count`.
    @inlinable
    package func networkUInt64(at offset: Int) -> UInt64 {
        UInt64(bigEndian: unsafe bytes.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` in network byte order.
    @inlinable
    package mutating func appendNetwork(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value &>> 8))
        append(UInt8(truncatingIfNeeded: value))
    }

    /// Appends `value` in network byte order.
    @inlinable
    package mutating func appendNetwork(_ value: UInt32) {
        appendNetwork(UInt16(truncatingIfNeeded: value &>> 16))
        appendNetwork(UInt16(truncatingIfNeeded: value))
    }

    /// Appends `value` in network byte order.
    @inlinable
    package mutating func appendNetwork(_ value: UInt64) {
        appendNetwork(UInt32(truncatingIfNeeded: value &>> 32))
        appendNetwork(UInt32(truncatingIfNeeded: value))
    }

    /// Overwrites two bytes at `offset` with `value` in network byte order.
    @inlinable
    package mutating func storeNetwork(_ value: UInt16, at offset: Int) {
        self[offset] = UInt8(truncatingIfNeeded: value &>> 8)
        self[offset + 1] = UInt8(truncatingIfNeeded: value)
    }
}

extension MutableSpan where Element == UInt8 {
    /// Overwrites two bytes at `offset` with `value` in network byte order.
    ///
    /// - Precondition: `offset + 2 <= count` (the store traps otherwise).
    @inlinable
    package mutating func storeNetwork(_ value: UInt16, at offset: Int) {
        // `mutableBytes` is unsafe because raw stores could break an element type's invariants; bytes have none.
        // The store itself is bounds-checked, once.
        var raw = unsafe mutableBytes
        raw.storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt16.self)
    }

    /// Overwrites four bytes at `offset` with `value` in network byte order.
    ///
    /// - Precondition: `offset + 4 <= count`.
    @inlinable
    package mutating func storeNetwork(_ value: UInt32, at offset: Int) {
        var raw = unsafe mutableBytes
        raw.storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt32.self)
    }
}
