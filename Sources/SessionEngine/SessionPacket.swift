// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// What a member needs of a packet to find, create and update its session, with the packet time: one
/// 64-byte cache line.
///
/// Cut down from ``DecodedPacket`` (136 bytes) so that a batch handed from the dispatcher to a member
/// moves less than half the memory between cores.
public struct SessionPacket: Sendable, BitwiseCopyable {
    public var source: IPAddress
    public var destination: IPAddress
    /// Packet time, nanoseconds (never decreasing within a replay).
    public var time: UInt64
    public var fragmentID: UInt32
    /// Bytes of the IP datagram, IP header included.
    public var ipLength: UInt32
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var transport: IPProtocol
    public var tcpFlags: TCPFlags
    public var timeToLive: UInt8
    public var icmpType: UInt8
    public var icmpCode: UInt8
    @usableFromInline var fragmentBits: UInt8
    /// The outer VLAN ID, or `DecodedPacket.untagged`.
    public var vlan: UInt16

    /// The session-relevant fields of `packet`, seen at packet time `time`.
    @inlinable
    public init(_ packet: DecodedPacket, time: UInt64) {
        source = packet.source
        destination = packet.destination
        self.time = time
        fragmentID = packet.fragmentID
        ipLength = packet.ipLength
        sourcePort = packet.sourcePort
        destinationPort = packet.destinationPort
        transport = packet.transport
        tcpFlags = packet.tcpFlags
        timeToLive = packet.timeToLive
        icmpType = packet.icmpType
        icmpCode = packet.icmpCode
        fragmentBits = (packet.isFragment ? 1 : 0) | (packet.isLaterFragment ? 2 : 0)
        vlan = packet.outerVLAN
    }

    /// An empty packet, for preallocated batches.
    public init() {
        source = .zero
        destination = .zero
        time = 0
        fragmentID = 0
        ipLength = 0
        sourcePort = 0
        destinationPort = 0
        transport = IPProtocol(rawValue: 0)
        tcpFlags = []
        timeToLive = 0
        icmpType = 0
        icmpCode = 0
        fragmentBits = 0
        vlan = DecodedPacket.untagged
    }

    /// `true` if the datagram is a fragment.
    @inlinable public var isFragment: Bool { fragmentBits & 1 != 0 }
    /// `true` for a fragment with a non-zero offset: it carries no transport header.
    @inlinable public var isLaterFragment: Bool { fragmentBits & 2 != 0 }
}
