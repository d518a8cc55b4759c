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
    /// The service set the packet belongs to (by its outer VLAN, SPEC.md §5), decided once by the
    /// ``FramePump`` (`FlowClassifier.serviceSet(vlan:)`); ``FlowClassifier/noServiceSet`` for none.
    public var serviceSet: UInt8
    /// The side of the card the packet arrived on, where the source knows it (a live interface, SPEC.md §6):
    /// ``PacketSide/unknown`` in a capture, where routing guesses it (``PacketRouter``).
    public var side: PacketSide
    /// What the ``GatewayDirector`` found: gates this packet's control channel opened, or the gate this
    /// packet's new flow uses (see ``GateMark``); 0: nothing.
    public var gateMark: GateMark

    /// The session-relevant fields of `packet`, seen at packet time `time`, of service set `serviceSet`
    /// (by index in the configuration; the first by default).
    @inlinable
    public init(_ packet: DecodedPacket, time: UInt64, serviceSet: UInt8 = 0, side: PacketSide = .unknown) {
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
        self.serviceSet = serviceSet
        self.side = side
        gateMark = GateMark()
        if packet.transport == .icmp || packet.transport == .icmpv6 { markICMP(packet) }
    }

    /// The ICMP ALG's marks: an echo's sequence number; an error keyed as a packet of the flow it quotes.
    @inlinable @inline(__always)
    mutating func markICMP(_ packet: borrowing DecodedPacket) {
        let isRequest = packet.icmpType == (packet.transport == .icmp ? 8 : 128)
        let isReply = packet.icmpType == (packet.transport == .icmp ? 0 : 129)
        if isRequest || isReply {
            gateMark.echo(sequence: UInt16(truncatingIfNeeded: packet.sequence), isRequest: isRequest)
        }
        if packet.quoted.isPresent {
            // An ICMP error belongs to the flow it quotes (SPEC.md §4), travelling back towards the quoted
            // packet's sender: it is keyed as a packet of the reverse of the quoted flow.
            let quoted = packet.quoted
            source = quoted.destination
            destination = quoted.source
            sourcePort = quoted.destinationPort
            destinationPort = quoted.sourcePort
            transport = quoted.transport
            tcpFlags = []
            gateMark.quoteFlow()
        }
    }

    /// A packet of the flow from `source`:`sourcePort` to `destination`:`destinationPort`, seen at packet
    /// time `time`, with the other fields empty: for packets made up rather than decoded (tests, a flow
    /// the engine looks up on its own).
    public init(
        _ transport: IPProtocol, from source: IPAddress, _ sourcePort: UInt16, to destination: IPAddress,
        _ destinationPort: UInt16, time: UInt64, serviceSet: UInt8 = 0, side: PacketSide = .unknown
    ) {
        self.init()
        (self.source, self.sourcePort) = (source, sourcePort)
        (self.destination, self.destinationPort) = (destination, destinationPort)
        self.transport = transport
        self.time = time
        self.serviceSet = serviceSet
        self.side = side
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
        serviceSet = 0
        side = .unknown
        gateMark = GateMark()
    }

    /// `true` if the packet is a fragment or carries an ALG's designated member: routing must look at it
    /// beyond its candidates.
    @inlinable public var hasRoutingMarks: Bool { fragmentBits != 0 }

    /// `true` if the datagram is a fragment.
    @inlinable public var isFragment: Bool { fragmentBits & 1 != 0 }
    /// `true` for a fragment with a non-zero offset: it carries no transport header.
    @inlinable public var isLaterFragment: Bool { fragmentBits & 2 != 0 }

    /// The member an ALG assigned the packet to (its control channel's, or the parent's of the gate it
    /// uses), overriding the hash keys; `nil` when the hash keys decide.
    @inlinable public var designatedMember: Int? {
        get { fragmentBits >> 2 == 0 ? nil : Int(fragmentBits >> 2) - 1 }
        set { fragmentBits = fragmentBits & 3 | UInt8(truncatingIfNeeded: ((newValue ?? -1) + 1) << 2) }
    }
}

/// Which side of the card a packet arrived on: inside (ingress, hashed by the ingress key) or outside
/// (egress, hashed by the egress key), SPEC.md §4 and §6.
public enum PacketSide: UInt8, Sendable, BitwiseCopyable {
    /// A capture does not say: the owner rule takes the side that sent the flow's first packet as inside.
    case unknown
    /// Arrived on an inside interface: an initiator-side (`I`) packet.
    case inside
    /// Arrived on an outside interface: a responder-side (`O`) packet.
    case outside
}

/// The ALG's marks on a packet, packed in 32 bits so that ``SessionPacket`` stays one cache line.
///
/// Bits 0–23: a gate ID; 24–25: how many gates (IDs `id`, `id + 1`, …) the packet's control channel opened;
/// 26: the packet's new flow uses gate `id`; 27: the packet announced something the ALG refused (an FTP
/// bounce, a bad port); 28: the packet is an ICMP error, keyed as a packet of the flow it quotes; for an
/// ICMP echo request (29) or reply (30), bits 0–15 hold its sequence number instead of a gate ID.
public struct GateMark: Sendable, BitwiseCopyable, Equatable {
    public var rawValue: UInt32

    public init() { rawValue = 0 }

    /// Gate IDs have 24 bits; they wrap, skipping 0.
    public static let idMask: UInt32 = 0xFF_FFFF

    public var isEmpty: Bool { rawValue == 0 }
    public var id: UInt32 { rawValue & Self.idMask }
    /// Gates opened by this packet: `count` consecutive IDs from ``id``.
    public var openedCount: Int { Int(rawValue >> 24 & 3) }
    /// `true` if the packet's flow is the child a gate announced.
    public var usesGate: Bool { rawValue & 1 << 26 != 0 }
    /// `true` if the packet carried an announcement the ALG refused.
    public var isRefused: Bool { rawValue & 1 << 27 != 0 }

    /// Marks `count` (1–3) gates opened, from `first`.
    public mutating func open(first: UInt32, count: Int) {
        rawValue = rawValue & (3 << 27) | first & Self.idMask | UInt32(count & 3) << 24
    }

    public mutating func use(_ gate: UInt32) { rawValue = rawValue & (3 << 27) | gate & Self.idMask | 1 << 26 }
    public mutating func refuse() { rawValue |= 1 << 27 }

    /// `true` for an ICMP or ICMPv6 error: it counts on the session of the flow it quotes, never makes one.
    public var quotesFlow: Bool { rawValue & 1 << 28 != 0 }
    public mutating func quoteFlow() { rawValue |= 1 << 28 }

    /// An ICMP echo request or reply with sequence number `sequence`.
    public mutating func echo(sequence: UInt16, isRequest: Bool) {
        rawValue = UInt32(sequence) | (isRequest ? 1 << 29 : 1 << 30)
    }
    public var isEchoRequest: Bool { rawValue & 1 << 29 != 0 }
    public var isEchoReply: Bool { rawValue & 1 << 30 != 0 }
    public var echoSequence: UInt16 { UInt16(truncatingIfNeeded: rawValue) }
}
