// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore
public import Wire

/// One session in a member's table: both flows, their counters and the session's TCP phase.
///
/// `BitwiseCopyable` and 96 bytes: the flow keys are not stored twice; the responder flow is the reverse of
/// the initiator flow. A slot whose ``number`` is 0 is free. The end a session timeout sets (SPEC.md §2.12) is
/// not here: few configurations have one, so the ``SessionShard`` keeps it beside the slots, only then.
public struct Session: Sendable, BitwiseCopyable {
    /// The initiator flow's source and destination.
    public var source: IPAddress
    public var destination: IPAddress
    public var initiatorBytes: UInt64
    public var responderBytes: UInt64
    public var initiatorFrames: UInt64
    public var responderFrames: UInt64
    /// Packet time of the last packet in either direction, in nanoseconds.
    public var lastSeen: UInt64
    /// The member-local session number (1, 2, …; never reused); 0 marks a free slot.
    public var number: UInt32
    /// For a live session: the parent's number (0 = no parent), or for an ICMP echo session the low 32
    /// bits of its ``EchoWindow``. For a free slot: the next free slot + 1.
    public var link: UInt32
    /// The inactivity timeout, in seconds, that applies now (open, close or inactivity timeout).
    public var timeout: UInt32
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var transport: IPProtocol
    /// Index of the service set in the member's configuration.
    public var serviceSet: UInt8
    public var phase: SessionPhase
    public var initiatorState: FlowState
    public var responderState: FlowState
    public var alg: ApplicationLayerProtocol
    /// ALG flags (SPEC.md §1: 0x1 existing session, 0x2 limit reached, …).
    public var algFlags: UInt8
    /// For an ICMP session, the high 8 bits of its ``EchoWindow``; for others, the index of the session's
    /// inactivity timeout in its member's table of timeouts (0: the interface's), which applies once a TCP
    /// handshake completes.
    public var auxiliary: UInt8

    /// An empty (free) slot.
    @inlinable
    public init() {
        source = .zero
        destination = .zero
        initiatorBytes = 0
        responderBytes = 0
        initiatorFrames = 0
        responderFrames = 0
        lastSeen = 0
        number = 0
        link = 0
        timeout = 0
        sourcePort = 0
        destinationPort = 0
        transport = IPProtocol(rawValue: 0)
        serviceSet = 0
        phase = .active
        initiatorState = .unknown
        responderState = .unknown
        alg = .none
        algFlags = 0
        auxiliary = 0
    }

    /// The packet time, in nanoseconds, at which the session goes idle too long if no packet arrives. Not the
    /// whole rule: ``SessionShard/isExpired(slot:at:)`` also ends it at its session timeout.
    @inlinable
    public var inactivityDeadline: UInt64 { lastSeen &+ UInt64(timeout) &* 1_000_000_000 }

    /// `true` for ICMP and ICMPv6 sessions: they have no parent, and `link` holds their echo window.
    @inlinable
    public var isICMP: Bool { transport == .icmp || transport == .icmpv6 }

    /// `true` for an ICMP session the ICMP ALG handles: its echo requests and replies are paired.
    @inlinable
    public var pairsEchoes: Bool { isICMP && (alg == .icmp || alg == .icmpv6) }

    /// The parent's member-local number, 0 when the session is no ALG child.
    @inlinable
    public var parentNumber: UInt32 { isICMP ? 0 : link }

    /// The ICMP ALG's record of outstanding echo requests (ICMP sessions only).
    @inlinable
    public var echoWindow: EchoWindow {
        get { EchoWindow(rawValue: UInt64(auxiliary) << 32 | UInt64(link)) }
        set {
            link = UInt32(truncatingIfNeeded: newValue.rawValue)
            auxiliary = UInt8(truncatingIfNeeded: newValue.rawValue >> 32)
        }
    }
}

/// Where a session is in its life; for TCP, the handshake and teardown (RFC 9293 §3.3.2, simplified).
public enum SessionPhase: UInt8, Sendable, BitwiseCopyable {
    /// Non-TCP sessions, and TCP sessions that began without a SYN.
    case active
    /// SYN seen from the initiator; the handshake must complete within the open timeout.
    case synSent
    /// SYN-ACK seen from the responder; waiting for the initiator's ACK.
    case synReceived
    /// Handshake complete.
    case established
    /// FIN seen from the initiator or the responder; the close timeout runs.
    case closing
    /// FINs from both sides; the close timeout runs.
    case closed
    /// RST seen; the close timeout runs. (Apart from `closed` only so that the session's end can say it was
    /// reset: SPEC.md §8's close reasons.)
    case reset

    /// `true` once FIN or RST was seen: closing, closed or reset.
    @inlinable
    public var isClosing: Bool { self == .closing || self == .closed || self == .reset }
}
