// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Session records switched on for an engine: one ``SessionRecordRing`` per member, in member order.
///
/// Given to the engine (``ReplayOptions/records``, ``InlineEngine``, the daemon's drivers), which hands
/// each member its ring's producer; read by one ``SessionRecordDrain``. Without it the data path pays one
/// predictable branch per session opened or ended.
public final class SessionRecording: Sendable {
    /// Records each member's ring holds by default: 65,536 (128 bytes each: 8 MiB a member), enough for
    /// the drain thread to fall a few tens of milliseconds behind a busy member.
    public static let defaultCapacity = 1 << 16

    public let rings: [SessionRecordRing]

    /// Rings for `members` members, each of `capacity` records; with `waitsWhenFull` (a replay of a capture)
    /// a member waits for the drain rather than drop a record.
    public init(members: Int, capacity: Int = defaultCapacity, waitsWhenFull: Bool = false) {
        rings = (0..<members).map { _ in SessionRecordRing(capacity: capacity, waitsWhenFull: waitsWhenFull) }
    }

    /// Records dropped because a ring was full, over the members.
    public var dropped: Int { rings.reduce(0) { $0 + $1.dropped } }

    /// Member `member`'s ring, if there is one for it.
    func ring(member: Int) -> SessionRecordRing? { member < rings.count ? rings[member] : nil }
}
