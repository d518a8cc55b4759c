// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// An IPv4 frame built once by ``FrameBuilder`` and copied for every packet of a synthetic trace, with
/// only its per-packet fields rewritten in place.
///
/// Make one with ``FrameBuilder/tcpTemplate(flags:window:options:payload:)``,
/// ``FrameBuilder/udpTemplate(payload:)`` or ``FrameBuilder/icmpEchoTemplate(isReply:payload:)``. Its
/// per-packet fields are zero: the IPv4 identification and addresses, the ports, the TCP sequence and
/// acknowledgment numbers, the ICMP echo identifier and sequence number. The template sums everything else
/// once; a `rewrite…(in:)` method of its ``Rewriter`` then stores the fields of one packet into a copy of
/// ``bytes`` and completes the checksums from those sums and the new words alone (RFC 1624 §3), so a
/// 1514-byte segment costs as much as a 60-byte one. The rewritten frame is byte for byte the frame ``FrameBuilder`` would
/// build with the same values.
///
/// The rewriting is done by the template's ``rewriter``, a `BitwiseCopyable` value: a generator may keep
/// the bytes wherever it likes and pass the rewriter around per packet without reference counting.
///
/// ```swift
/// let ack = FrameBuilder().tcpTemplate(flags: [.ack])
/// let rewriter = ack.rewriter
/// writer.append(ack.bytes.span, timestamp: time) { frame in  // a PacketCapture.PcapWriter
///     rewriter.rewriteTCP(in: &frame, source: client, destination: server, identification: 7,
///                         sourcePort: 40000, destinationPort: 80, sequenceNumber: 1, acknowledgmentNumber: 1)
/// }
/// ```
public struct FrameTemplate: Sendable {
    /// The frame, link header first, with every per-packet field zero and correct checksums.
    public let bytes: [UInt8]
    /// Rewrites copies of ``bytes``.
    public let rewriter: Rewriter

    /// The number of bytes after the transport header.
    public var payloadLength: Int { rewriter.payloadLength }

    /// Wraps `frame`, an IPv4 TCP, UDP or ICMP echo frame whose per-packet fields are zero.
    init(frame: [UInt8], networkOffset: Int) {
        bytes = frame
        rewriter = Rewriter(frame: frame, networkOffset: networkOffset)
    }
}
