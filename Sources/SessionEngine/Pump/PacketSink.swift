// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Where the ``FramePump`` hands each packet once the owner rule has named its member.
protocol PacketSink: ~Copyable {
    /// Takes `packet`, whose session lives on member `member`.
    mutating func take(_ packet: SessionPacket, member: Int)
    /// Takes `packets`, in order, all of member `member`'s.
    mutating func take(group packets: Span<SessionPacket>, member: Int)
    /// Hands every packet taken so far to its member: the end of a step or of the capture.
    mutating func flush()
}

extension PacketSink where Self: ~Copyable {
    mutating func take(group packets: Span<SessionPacket>, member: Int) {
        for index in packets.indices { take(packets[index], member: member) }
    }
}
