// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

/// A batch of packets on their way from the dispatcher to one member.
///
/// The packets live in a buffer the batch allocates once and frees in `deinit`, so that the dispatcher
/// writes each packet straight into place, with no array bookkeeping per packet.
///
/// `@unchecked Sendable` because the class holds mutable memory; the invariant that makes this safe is
/// that a batch belongs to exactly one thread at a time: the dispatcher fills it and hands it over through
/// a ``MemberLane`` (whose lock orders the accesses), a thread runs the member on it and hands it back the
/// same way.
final class PacketBatch: @unchecked Sendable {
    let packets: UnsafeMutableBufferPointer<SessionPacket>
    var count: Int

    init(capacity: Int) {
        // Cache-line aligned: each 64-byte packet is one line, never split across two.
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: capacity * MemoryLayout<SessionPacket>.stride, alignment: 64)
        packets = UnsafeMutableBufferPointer(
            start: raw.bindMemory(to: SessionPacket.self, capacity: capacity), count: capacity)
        packets.initialize(repeating: SessionPacket())
        count = 0
    }

    deinit { UnsafeMutableRawPointer(packets.baseAddress!).deallocate() }

    /// Calls `body` with the packets filled in.
    func withFilled<R>(_ body: (Span<SessionPacket>) -> R) -> R {
        // The buffer lives as long as the batch, which the caller holds for the call.
        body(unsafe Span(_unsafeElements: UnsafeBufferPointer(rebasing: packets[0..<count])))
    }
}
