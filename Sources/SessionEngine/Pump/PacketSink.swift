// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

/// Where the ``FramePump`` hands each packet once the owner rule has named its member.
protocol PacketSink: ~Copyable {
    /// Takes `packet`, whose session lives on member `member`.
    mutating func take(_ packet: SessionPacket, member: Int)
    /// Takes `packets`, in order, all of member `member`'s.
    mutating func take(group packets: Span<SessionPacket>, member: Int)
    /// Hands every packet taken so far to its member: the end of a step or of the capture.
    mutating func flush()
    /// Hands every packet taken so far to its member, waits until every member has processed them, and
    /// calls `body` with the members' sessions while none of them runs — `nil` from a sink without members.
    /// The routing of the same capture settles at the same packets in every mode, so this must not depend
    /// on how or where the members run.
    mutating func settle(_ body: (MemberSessions?) -> Void)

    /// `true` for a sink that must hear of the frames the pump could not decode, in frame order with the
    /// packets (inline verdicts); the pump then hands over the packets before such a frame first.
    static var takesUndecodedFrames: Bool { get }
    /// Told of a frame the pump could not decode (only if ``takesUndecodedFrames``), after every packet
    /// before it.
    mutating func takeUndecoded(_ error: WireError)
}

extension PacketSink where Self: ~Copyable {
    static var takesUndecodedFrames: Bool { false }
    mutating func takeUndecoded(_ error: WireError) {}

    mutating func take(group packets: Span<SessionPacket>, member: Int) {
        for index in packets.indices { take(packets[index], member: member) }
    }

    mutating func settle(_ body: (MemberSessions?) -> Void) {
        flush()
        body(nil)
    }
}
