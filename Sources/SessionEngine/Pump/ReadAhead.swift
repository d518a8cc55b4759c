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
/// How far ahead pays was measured on the mixed benchmark trace: 2 KiB, both for a member that reads and
/// processes and for the parallel replay's dispatcher; 0.5–1 KiB and 3–4 KiB were slower (further ahead,
/// more lines wait in cache, and more prefetches wait for a free miss buffer, before they are used).
struct ReadAhead {
    /// How far ahead of the current frame lines are asked for.
    static let distance = 2048
    static let line = 64

    /// The first byte not yet asked for.
    private var next = 0

    /// Asks for the lines up to ``distance`` past `offset` that have not been asked for yet.
    @inline(__always)
    mutating func advance(_ bytes: Span<UInt8>, to offset: Int) {
        let limit = min(offset &+ Self.distance, bytes.count)
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
