// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#endif

/// Allocation of the shard's large arrays with transparent huge pages requested.
///
/// The session slots and the flow index are read at random, one cache line per packet; with 4 KiB pages
/// nearly every such read also misses the TLB. Asking for huge pages (`madvise(MADV_HUGEPAGE)`, honoured
/// where transparent huge pages are in `madvise` or `always` mode) *before* the pages are first touched
/// removes most of those misses. Small arrays are allocated as usual.
package enum LargeArray {
    /// Below this size the advice is not worth a system call.
    static let threshold = 4 << 20

    /// Asks for huge pages for the `byteCount` bytes at `base` (their whole 2 MiB-aligned part; the kernel
    /// ignores the rest), if they are many enough to be worth it. Call it before the memory is first
    /// touched: pages already there are not collapsed. (The owner rule's steering table uses it too.)
    package static func adviseHugePages(_ base: UnsafeMutableRawPointer, byteCount bytes: Int) {
        guard bytes >= threshold else { return }
        let start = (Int(bitPattern: base) + (1 << 21) - 1) & ~((1 << 21) - 1)
        let end = (Int(bitPattern: base) + bytes) & ~((1 << 21) - 1)
        if end > start {
            // Advice on whole pages inside the caller's own allocation; it never changes their contents.
            _ = unsafe madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
        }
    }

    /// An array of `count` copies of `value`, its storage advised to use huge pages.
    static func make<Element: BitwiseCopyable>(repeating value: Element, count: Int) -> [Element] {
        unsafe make(capacity: count, count: count) { buffer, _ in
            for index in 0..<count { unsafe buffer.initializeElement(at: index, to: value) }
        }
    }

    /// An empty array with room for `capacity` elements (address space only until they are written).
    static func reserved<Element: BitwiseCopyable>(capacity: Int) -> [Element] {
        unsafe make(capacity: capacity, count: 0) { _, _ in }
    }

    /// An array with room for `capacity` elements, the first `count` written by `initialize`.
    static func make<Element: BitwiseCopyable>(
        capacity: Int, count: Int, initialize: (UnsafeMutableBufferPointer<Element>, Int) -> Void
    ) -> [Element] {
        unsafe Array(unsafeUninitializedCapacity: capacity) { buffer, initializedCount in
            if let base = buffer.baseAddress {
                unsafe adviseHugePages(UnsafeMutableRawPointer(base), byteCount: capacity * MemoryLayout<Element>.stride)
            }
            unsafe initialize(buffer, count)
            initializedCount = count
        }
    }

    /// `array` moved into new storage of twice its capacity (at least `minimum`), advised to use huge pages.
    static func grown<Element: BitwiseCopyable>(_ array: [Element], minimum: Int) -> [Element] {
        let capacity = max(minimum, array.capacity * 2)
        return unsafe make(capacity: capacity, count: array.count) { buffer, count in
            unsafe array.withUnsafeBufferPointer { source in
                for index in 0..<count { unsafe buffer.initializeElement(at: index, to: source[index]) }
            }
        }
    }
}
