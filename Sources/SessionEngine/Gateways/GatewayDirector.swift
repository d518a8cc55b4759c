// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ApplicationGateways
import Policy
import ServicesCore
import Wire

/// Reads the control channels of the ALGs (FTP, TFTP, …) in capture order, ahead of routing, and marks
/// packets with what it found (``GateMark``): a control packet with the gates it opened, the first packet
/// of an announced flow with the gate it uses.
///
/// It runs in the ``FramePump``, where the frame bytes are, before the owner rule (``PacketRouter``), so
/// members never need payload. It designates the member of every control-channel packet (its initiator's,
/// by the hash keys), and the parent's member for a child's first packet (SPEC.md §4: a child lives on its
/// parent's member); the owner rule follows a designation and records the child's flow as its parent's.
/// Wherever several pumps read one capture (members that each read it whole), every director sees every
/// packet in the same order, so all decide alike.
///
/// Only packets on a port a control-channel application listens on are looked at, plus, while a gate is
/// open, packets that may start a flow: other traffic costs two bit tests.
struct GatewayDirector: ~Copyable {
    /// A control channel, keyed by its initiator flow.
    struct ChannelKey: Hashable {
        var client: IPAddress
        var server: IPAddress
        var clientPort: UInt16
        var serverPort: UInt16
        var transport: UInt8
        var serviceSet: UInt8
    }

    /// The ALG state of one control channel.
    enum Reader {
        case ftp(FTPGateway)
        case tftp
        case rtsp(RTSPGateway)
        case pptp(PPTPGateway)
        case sqlnet(SQLNetGateway)
    }

    /// One direction of a PPTP call's GRE flow: enhanced GRE names only the receiver's call ID, so the
    /// sender's is added to make the two directions one session (see ``Expectation/sourcePort``).
    struct CallKey: Hashable {
        var source: IPAddress
        var destination: IPAddress
        var callID: UInt16
    }

    struct Call {
        /// The call ID of the other direction.
        var peerCallID: UInt16
        var lastSeen: UInt64
    }

    struct Channel {
        var reader: Reader
        var member: UInt8
        /// Packet time of the channel's last packet.
        var lastSeen: UInt64
        /// Nanoseconds a gate opened by this channel waits.
        var gateLifetime: UInt64
    }

    /// A gate: who may open the announced flow (`source` zero: anyone), to where.
    struct GateKey: Hashable {
        var source: IPAddress
        var destination: IPAddress
        var destinationPort: UInt16
        var transport: UInt8
        var serviceSet: UInt8
    }

    struct Gate {
        var id: UInt32
        var member: UInt8
        var expires: UInt64
    }

    /// At most this many channels and gates are tracked; past that, new ones are counted and ignored.
    static let capacity = 65_536

    let classifier: FlowClassifier
    let candidates: MemberCandidates
    /// One bit per port a control-channel application listens on: TCP in words 0..<1024, UDP after.
    let listening: [UInt64]
    let hasListeners: Bool
    /// A quick test before ``listening``: one bit per port modulo 64, for TCP and for UDP.
    let tcpQuickPorts: UInt64
    let udpQuickPorts: UInt64
    /// Whether ``gates`` and ``calls`` hold anything, as plain values for ``isWatching(_:)``.
    private(set) var hasOpenGates = false
    private(set) var hasCalls = false
    /// A channel idle this long (nanoseconds) is forgotten.
    let channelLifetime: UInt64
    private(set) var channels: [ChannelKey: Channel] = [:]
    private(set) var gates: [GateKey: Gate] = [:]
    private(set) var calls: [CallKey: Call] = [:]
    private var nextGate: UInt32 = 1
    /// Packet time at which expired gates are next forgotten (once a second while gates are open).
    private var nextPurge: UInt64 = 0
    /// Packet time before which a full table is not searched again for entries to forget.
    private var nextFullPurge: UInt64 = 0
    /// Channels and gates not tracked because the tables were full.
    private(set) var untracked = 0

    init(configuration: EngineConfiguration) {
        classifier = FlowClassifier(configuration)
        candidates = MemberCandidates(configuration)
        // The ports control-channel applications listen on, the quick masks, and how long a channel may
        // live — as long as its session can: the longest timeout, applications' own included.
        var bits = [UInt64](repeating: 0, count: 2048)
        var quick: (tcp: UInt64, udp: UInt64) = (0, 0)
        for policy in configuration.serviceSets {
            for application in policy.controlChannelApplications {
                let ports = application.destinationPorts ?? 0...UInt16.max
                let transports: [IPProtocol] = application.transport.map { [$0] } ?? [.tcp, .udp]
                for transport in transports where transport == .tcp || transport == .udp {
                    let base = transport == .tcp ? 0 : 65_536
                    for port in ports {
                        bits[(base + Int(port)) >> 6] |= 1 << (UInt64(port) & 63)
                        if transport == .tcp { quick.tcp |= 1 << (UInt64(port) & 63) } else { quick.udp |= 1 << (UInt64(port) & 63) }
                    }
                }
            }
        }
        listening = bits
        hasListeners = bits.contains { $0 != 0 }
        (tcpQuickPorts, udpQuickPorts) = quick
        channelLifetime = UInt64(configuration.longestTimeout) * 1_000_000_000
    }

    @inline(__always)
    private func listens(_ port: UInt16, udp: Bool) -> Bool {
        let index = (udp ? 65_536 : 0) + Int(port)
        return listening[index >> 6] & (1 << (UInt64(index) & 63)) != 0
    }

    /// Marks `packet`, built from `decoded` (decoded from `frame`), if it concerns an ALG: what every
    /// frame-reading loop calls for every packet. The test is inlined; the reading is not.
    @inline(__always)
    mutating func markIfWatched(_ packet: inout SessionPacket, decoded: borrowing DecodedPacket, frame: Span<UInt8>) {
        guard isWatching(decoded.transport, sourcePort: decoded.sourcePort, destinationPort: decoded.destinationPort)
        else { return }
        mark(
            &packet, payloadOffset: decoded.payloadOffset, payloadLength: decoded.payloadLength,
            sequence: decoded.sequence, frame: frame)
    }

    /// `true` if a packet (its decoded transport and ports) needs ``mark(_:payloadOffset:payloadLength:sequence:frame:)``: it may be on an
    /// ALG's port, or gates or PPTP calls are open. Plain stored values only: this runs for every packet,
    /// before its session packet is built in place.
    @inline(__always)
    func isWatching(_ transport: IPProtocol, sourcePort: UInt16, destinationPort: UInt16) -> Bool {
        if hasOpenGates || (hasCalls && transport == .gre) { return true }
        let mask =
            transport == .tcp ? tcpQuickPorts : transport == .udp ? udpQuickPorts : 0
        return mask & (1 << UInt64(destinationPort & 63) | 1 << UInt64(sourcePort & 63)) != 0
    }

    /// Reads `packet` (decoded as `decoded` from `frame`) where it concerns an ALG, and marks it; call it
    /// when ``isWatching(_:)``.
    ///
    /// Takes the few fields it needs rather than the decoded packet, so that the caller's decoded packet
    /// can stay in registers.
    mutating func mark(
        _ packet: inout SessionPacket, payloadOffset: UInt32, payloadLength: UInt32, sequence: UInt32,
        frame: Span<UInt8>
    ) {
        let isTCP = packet.transport == .tcp
        let isUDP = packet.transport == .udp
        let onControlPort =
            hasListeners && (isTCP || isUDP)
            && (listens(packet.destinationPort, udp: isUDP) || listens(packet.sourcePort, udp: isUDP))
        guard onControlPort || hasOpenGates || (hasCalls && packet.transport == .gre) else { return }
        let start = Int(payloadOffset)
        let end = min(frame.count, start + Int(payloadLength))
        markSlowly(
            &packet, payload: frame.extracting(min(start, end)..<end), sequence: sequence,
            onControlPort: onControlPort)
        hasOpenGates = !gates.isEmpty
        hasCalls = !calls.isEmpty
    }

    private mutating func markSlowly(
        _ packet: inout SessionPacket, payload: Span<UInt8>, sequence: UInt32, onControlPort: Bool
    ) {
        guard !packet.isLaterFragment, !packet.gateMark.quotesFlow else { return }
        let serviceSet = packet.serviceSet
        guard serviceSet != FlowClassifier.noServiceSet else { return }
        if packet.transport == .gre && !calls.isEmpty { joinCall(&packet) }
        if onControlPort && readChannel(&packet, payload: payload, sequence: sequence, serviceSet: serviceSet) {
            return
        }
        if !gates.isEmpty {
            if packet.time >= nextPurge {
                forgetExpiredGates(at: packet.time)
                nextPurge = packet.time &+ 1_000_000_000
            }
            useGate(&packet, serviceSet: serviceSet)
        }
    }

    /// `true` if the packet belongs to a control channel (which it then feeds).
    private mutating func readChannel(
        _ packet: inout SessionPacket, payload: Span<UInt8>, sequence: UInt32, serviceSet: UInt8
    ) -> Bool {
        let now = packet.time
        var key = ChannelKey(
            client: packet.source, server: packet.destination, clientPort: packet.sourcePort,
            serverPort: packet.destinationPort, transport: packet.transport.rawValue, serviceSet: serviceSet)
        var fromClient = true
        if channels[key] == nil {
            let reverse = ChannelKey(
                client: packet.destination, server: packet.source, clientPort: packet.destinationPort,
                serverPort: packet.sourcePort, transport: packet.transport.rawValue, serviceSet: serviceSet)
            if channels[reverse] != nil {
                key = reverse
                fromClient = false
            }
        }
        if let lastSeen = channels[key]?.lastSeen, now &- lastSeen > channelLifetime
            || (fromClient && packet.transport == .tcp && packet.tcpFlags.opensConnection)
        {
            // Idle too long, or a new connection on the same ports: the old channel is over.
            channels[key] = nil
        }
        if channels[key] == nil {
            guard fromClient, startsFlow(packet) else { return false }
            let decision = classifier.decide(packet, serviceSet: serviceSet)
            guard decision.action == .accept, decision.alg.readsControlChannel, let profile = decision.profile
            else { return false }
            if channels.count >= Self.capacity && now >= nextFullPurge {
                // Full (a SYN flood on an ALG port?): look for idle channels at most once a second.
                forgetIdleChannels(at: now)
                nextFullPurge = now &+ 1_000_000_000
            }
            guard channels.count < Self.capacity else {
                untracked &+= 1
                return false
            }
            let reader: Reader
            switch decision.alg {
            case .ftp: reader = .ftp(FTPGateway(client: packet.source, server: packet.destination))
            case .tftp: reader = .tftp
            case .rtsp: reader = .rtsp(RTSPGateway(client: packet.source, server: packet.destination))
            case .pptp: reader = .pptp(PPTPGateway(client: packet.source, server: packet.destination))
            case .sqlnet: reader = .sqlnet(SQLNetGateway(client: packet.source, server: packet.destination))
            default: return false
            }
            // The channel's first packet is its initiator's.
            let member = candidates.asInitiator(packet)
            channels[key] = Channel(
                reader: reader, member: UInt8(member), lastSeen: now,
                gateLifetime: UInt64(profile.gateSeconds) * 1_000_000_000)
        }
        guard var channel = channels[key] else { return false }
        channel.lastSeen = now
        packet.designatedMember = Int(channel.member)
        var announced: [Expectation] = []
        var refused = false
        if payload.count > 0 {
            func collect(_ action: GatewayAction) {
                switch action {
                case .expect(let expectation): announced.append(expectation)
                case .violation: refused = true
                }
            }
            // Take the reader out while it reads, so its buffers are uniquely referenced (no copy on write).
            channels[key] = nil
            let reader = channel.reader
            channel.reader = .tftp
            switch consume reader {
            case .ftp(var gateway):
                gateway.inspect(payload, sequence: sequence, fromClient: fromClient, collect)
                channel.reader = .ftp(gateway)
            case .rtsp(var gateway):
                gateway.inspect(payload, sequence: sequence, fromClient: fromClient, collect)
                channel.reader = .rtsp(gateway)
            case .pptp(var gateway):
                gateway.inspect(payload, sequence: sequence, fromClient: fromClient, collect)
                channel.reader = .pptp(gateway)
            case .sqlnet(var gateway):
                gateway.inspect(payload, sequence: sequence, fromClient: fromClient, collect)
                channel.reader = .sqlnet(gateway)
            case .tftp:
                if fromClient,
                    let action = TFTPGateway.inspect(
                        payload, client: key.client, clientPort: key.clientPort, server: key.server)
                {
                    collect(action)
                }
            }
        }
        channels[key] = channel
        if refused { packet.gateMark.refuse() }
        if !announced.isEmpty { open(announced, for: &packet, channel: channel, serviceSet: serviceSet) }
        return true
    }

    /// `true` if the packet may be the first of a flow: a TCP SYN, or any datagram.
    @inline(__always)
    private func startsFlow(_ packet: SessionPacket) -> Bool {
        packet.transport != .tcp || packet.tcpFlags.opensConnection
    }

    /// Opens gates for `announced` (at most three per packet: what a ``GateMark`` can carry).
    private mutating func open(
        _ announced: [Expectation], for packet: inout SessionPacket, channel: Channel, serviceSet: UInt8
    ) {
        let count = min(announced.count, 3)
        if nextGate &+ UInt32(count) > GateMark.idMask { nextGate = 1 }
        let first = nextGate
        var opened = 0
        for expectation in announced.prefix(count) {
            if gates.count >= Self.capacity && packet.time >= nextFullPurge {
                forgetExpiredGates(at: packet.time)
                nextFullPurge = packet.time &+ 1_000_000_000
            }
            guard gates.count < Self.capacity else {
                untracked &+= 1
                break
            }
            let key = GateKey(
                source: expectation.source ?? .zero, destination: expectation.destination,
                destinationPort: expectation.destinationPort, transport: expectation.transport.rawValue,
                serviceSet: serviceSet)
            gates[key] = Gate(id: first &+ UInt32(opened), member: channel.member, expires: packet.time &+ channel.gateLifetime)
            opened += 1
            if let peerCallID = expectation.sourcePort, expectation.transport == .gre, let source = expectation.source {
                let destination = expectation.destination
                let callID = expectation.destinationPort
                calls[CallKey(source: source, destination: destination, callID: callID)] = Call(
                    peerCallID: peerCallID, lastSeen: packet.time)
                calls[CallKey(source: destination, destination: source, callID: peerCallID)] = Call(
                    peerCallID: callID, lastSeen: packet.time)
            }
        }
        guard opened > 0 else { return }
        nextGate = first &+ UInt32(opened)
        packet.gateMark.open(first: first, count: opened)
    }

    /// Marks the packet as the child of a gate it matches, and designates the gate's member.
    private mutating func useGate(_ packet: inout SessionPacket, serviceSet: UInt8) {
        guard startsFlow(packet) else { return }
        // The announced flow may start from either end (RTP from the server or the client); tried without
        // building anything on the heap.
        let transport = packet.transport.rawValue
        var key = GateKey(
            source: packet.source, destination: packet.destination, destinationPort: packet.destinationPort,
            transport: transport, serviceSet: serviceSet)
        var gate = gates.removeValue(forKey: key)
        if gate == nil {
            key.source = .zero
            gate = gates.removeValue(forKey: key)
        }
        if gate == nil {
            key = GateKey(
                source: packet.destination, destination: packet.source, destinationPort: packet.sourcePort,
                transport: transport, serviceSet: serviceSet)
            gate = gates.removeValue(forKey: key)
        }
        if gate == nil {
            key.source = .zero
            gate = gates.removeValue(forKey: key)
        }
        guard let gate else { return }
        guard packet.time < gate.expires else { return }
        // The child lives on the parent's member. Its later packets get there through the steering table,
        // which the owner rule consults only where a flow's two candidates differ: so a child can only be
        // given to one of its own candidates.
        let (asInitiator, asResponder) = candidates.of(packet)
        guard Int(gate.member) == asInitiator || Int(gate.member) == asResponder else { return }
        packet.gateMark.use(gate.id)
        packet.designatedMember = Int(gate.member)
    }

    /// Gives a GRE packet of a known PPTP call its sender's call ID as source port, so both directions of
    /// the call key one session.
    private mutating func joinCall(_ packet: inout SessionPacket) {
        let key = CallKey(source: packet.source, destination: packet.destination, callID: packet.destinationPort)
        guard var call = calls[key] else { return }
        if packet.time &- call.lastSeen > channelLifetime {
            calls[key] = nil
            return
        }
        call.lastSeen = packet.time
        calls[key] = call
        packet.sourcePort = call.peerCallID
    }

    private mutating func forgetIdleChannels(at now: UInt64) {
        let lifetime = channelLifetime
        channels = channels.filter { now &- $0.value.lastSeen <= lifetime }
    }

    private mutating func forgetExpiredGates(at now: UInt64) {
        gates = gates.filter { now < $0.value.expires }
        if calls.count >= Self.capacity {
            let lifetime = channelLifetime
            calls = calls.filter { now &- $0.value.lastSeen <= lifetime }
        }
    }
}
