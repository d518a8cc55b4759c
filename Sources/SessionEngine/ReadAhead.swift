// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import CPrefetch

/// Keeps the memory-mapped capture loading ahead of the reader: every cache line up to ``distance`` bytes
/// past the frame being read has been asked for.
///
/// The hardware prefetcher stops at page boundaries and does not follow the uneven stride of capture
/// records, so without this most record headers cost a miss. Asking for every line (about four per
/// average frame) rather than one line per frame keeps the record headers and the packet headers after
/// them in cache by the time the reader and decoder get there.
///
/// How far ahead pays depends on the loop: further ahead, more lines wait in cache (and more prefetches
/// wait for a free miss buffer) before they are used. Measured on the mixed benchmark trace, a loop that
/// only reads, decodes and routes (the dispatcher) does best 1 KiB ahead, one that also updates sessions
/// 2 KiB ahead; 4 KiB and more were slower for both.
struct ReadAhead {
    /// For a loop that reads, decodes and routes frames.
    static let dispatcherDistance = 1024
    /// For a loop that also processes the sessions of the frames it reads.
    static let memberDistance = 2048
    static let line = 64

    /// How far ahead of the current frame lines are asked for.
    let distance: Int
    /// The first byte not yet asked for.
    private var next = 0

    init(distance: Int) { self.distance = distance }

    /// Asks for the lines up to ``distance`` past `offset` that have not been asked for yet.
    @inline(__always)
    mutating func advance(_ bytes: Span<UInt8>, to offset: Int) {
        let limit = min(offset &+ distance, bytes.count)
        if next < offset { next = offset }
        guard next < limit else { return }
        // Hints on addresses inside the mapped capture; never dereferenced.
        unsafe bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            while next < limit {
                unsafe ams_prefetch(base + next)
                next &+= Self.line
            }
        }
    }
}
