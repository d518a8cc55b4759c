// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Synchronization

/// How far a replay has got, for a progress line: the bytes of the capture and the frames read so far, of
/// how many bytes in all.
///
/// The reading side publishes with relaxed atomic stores once per mebibyte of capture read
/// (``CaptureFileSource``), never per frame; another thread reads a ``Snapshot`` whenever it likes. The
/// two counters are published one after the other, so a snapshot may pair a count with the other's
/// previous value: good enough for a rate on a terminal, never for arithmetic that needs them together.
public final class ReplayProgress: Sendable {
    /// What the replay is doing.
    public enum Phase: Int, Sendable {
        /// Nothing yet.
        case starting
        /// Reading the capture from standard input (`ams replay -`) into memory: its size is not known.
        case reading
        /// Replaying the capture: bytes and frames read of ``Snapshot/totalBytes``.
        case replaying
    }

    /// The counters at one moment.
    public struct Snapshot: Sendable, Equatable {
        public var phase: Phase
        public var bytes: Int
        public var frames: Int
        /// The size of the capture; `nil` while it is not known (``Phase/reading``).
        public var totalBytes: Int?

        public init(phase: Phase, bytes: Int, frames: Int, totalBytes: Int?) {
            self.phase = phase
            self.bytes = bytes
            self.frames = frames
            self.totalBytes = totalBytes
        }
    }

    private let phase = Atomic<Int>(Phase.starting.rawValue)
    private let bytes = Atomic<Int>(0)
    private let frames = Atomic<Int>(0)
    /// -1: not known.
    private let total = Atomic<Int>(-1)

    public init() {}

    /// Starts `phase`, whose bytes and frames count from 0, of `totalBytes` in all if known.
    public func begin(_ phase: Phase, totalBytes: Int?) {
        bytes.store(0, ordering: .relaxed)
        frames.store(0, ordering: .relaxed)
        total.store(totalBytes ?? -1, ordering: .relaxed)
        // Releasing: a reader that sees the new phase sees the reset counters too.
        self.phase.store(phase.rawValue, ordering: .releasing)
    }

    /// Publishes the bytes and frames read so far in this phase.
    @inline(__always)
    public func publish(bytes: Int, frames: Int) {
        // Relaxed: each counter only ever grows within a phase, and a reader wants a recent value, not an
        // ordering between the two.
        self.bytes.store(bytes, ordering: .relaxed)
        self.frames.store(frames, ordering: .relaxed)
    }

    /// The counters now.
    public var snapshot: Snapshot {
        let phase = Phase(rawValue: self.phase.load(ordering: .acquiring)) ?? .starting
        let total = self.total.load(ordering: .relaxed)
        return Snapshot(
            phase: phase, bytes: bytes.load(ordering: .relaxed), frames: frames.load(ordering: .relaxed),
            totalBytes: total < 0 ? nil : total)
    }
}
