// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#endif

/// The wall clock of the daemon's engine thread: nanoseconds since the epoch (`CLOCK_REALTIME`, as live
/// packet times are).
public enum WallClock {
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// Waits until `descriptor` is readable or `nanoseconds` have passed (a negative descriptor: just the
    /// time); interrupted waits end early, which the caller's loop absorbs.
    public static func wait(on descriptor: Int32, nanoseconds: UInt64) {
        let milliseconds = Int32(clamping: (nanoseconds + 999_999) / 1_000_000)
        guard milliseconds > 0 else { return }
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&entry, 1, milliseconds)
    }
}
