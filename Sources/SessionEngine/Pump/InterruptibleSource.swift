// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A ``FrameSource`` that can be told to stop early: it asks ``shouldStop`` before the first frame of each
/// call and every ``checkInterval`` frames after, and once it answers `true` pauses before the next frame,
/// which the next call lends first. The pump then hands over every packet it took, so a replay stopped
/// this way is where it would be had its frames ended there (the shell's Ctrl-C).
struct InterruptibleSource<Base: FrameSource & ~Copyable>: FrameSource, ~Copyable {
    /// Frames between two questions: the pump's group, so that the question costs nothing per packet.
    static var checkInterval: Int { FramePump.groupSize }

    var base: Base
    /// Asked now and then while frames are lent; `true` stops the lending.
    var shouldStop: () -> Bool = { false }
    /// Set when the last call stopped because ``shouldStop`` said so.
    private(set) var wasStopped = false

    init(_ base: consuming Base) { self.base = base }

    mutating func lend(_ body: (_ bytes: Span<UInt8>, _ frame: FrameInfo) -> Bool) -> FrameSourceEnd {
        let shouldStop = self.shouldStop
        var countdown = 0
        var stopped = false
        let end = base.lend { bytes, frame in
            if countdown == 0 {
                if shouldStop() {
                    stopped = true
                    return false
                }
                countdown = Self.checkInterval
            }
            countdown &-= 1
            return body(bytes, frame)
        }
        wasStopped = stopped
        return end
    }
}
