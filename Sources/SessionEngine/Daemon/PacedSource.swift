// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A ``FrameSource`` for a paced replay (``PacedReplayDriver``): it lends at most ``budget`` frames per
/// call — so that the engine thread comes back to the mailbox between two slices of a capture, whatever its
/// pace — and remembers the packet time of the frame the pump last declined (the next frame due), so the
/// driver knows how long it may wait.
struct PacedSource<Base: FrameSource & ~Copyable>: FrameSource, ~Copyable {
    /// Frames lent per call at most: a few milliseconds of work.
    static var budget: Int { 16_384 }

    var base: Base
    /// Packet time of the frame the pump declined last (it lies past the step): the next frame due; `nil`
    /// when the last call did not stop at such a frame.
    private(set) var nextTimestamp: UInt64?
    /// Set when the last call stopped at its budget: more frames may be due now.
    private(set) var wasCut = false

    init(_ base: consuming Base) { self.base = base }

    mutating func lend(_ body: (_ bytes: Span<UInt8>, _ frame: FrameInfo) -> Bool) -> FrameSourceEnd {
        var left = Self.budget
        var declined: UInt64?
        var cut = false
        let end = base.lend { bytes, frame in
            if left == 0 {
                cut = true
                return false
            }
            guard body(bytes, frame) else {
                declined = frame.timestamp
                return false
            }
            left &-= 1
            return true
        }
        nextTimestamp = declined
        wasCut = cut
        return end
    }
}
