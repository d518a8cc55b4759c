// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A fixed set of ``PacketRing``s, one per configured interface (an `Array` cannot hold `~Copyable` values).
/// `@safe`: the storage is its own, initialized whole in `init` and freed only in `deinit`.
@safe public struct PacketRings: ~Copyable {
    private let storage: UnsafeMutablePointer<PacketRing>
    public let count: Int

    /// Opens `count` rings with `open` (given each index in turn); if one fails, the rings already open
    /// are closed and its error thrown.
    public init(count: Int, opening open: (Int) throws(PacketRingError) -> PacketRing) throws(PacketRingError) {
        let storage = UnsafeMutablePointer<PacketRing>.allocate(capacity: max(1, count))
        for index in 0..<count {
            do throws(PacketRingError) {
                let ring = try open(index)
                unsafe (storage + index).initialize(to: ring)
            } catch {
                unsafe storage.deinitialize(count: index)
                unsafe storage.deallocate()
                throw error
            }
        }
        unsafe self.storage = storage
        self.count = count
    }

    deinit {
        unsafe storage.deinitialize(count: count)
        unsafe storage.deallocate()
    }

    /// Ring `index` (0 ..< ``count``).
    public subscript(index: Int) -> PacketRing {
        _read {
            precondition(index >= 0 && index < count)
            yield unsafe storage[index]
        }
        _modify {
            precondition(index >= 0 && index < count)
            yield unsafe &storage[index]
        }
    }
}
