// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PacketCapture
import Policy
@testable import SessionEngine
import Testing
import Wire

/// What an inline card does with each packet (SPEC.md §6): the member's verdict, and the pump's frame
/// order with frames it cannot decode.
@Suite("Packet verdicts")
struct PacketVerdictTests {
    static let client = IPAddress(10, 0, 0, 1)
    static let server = IPAddress(192, 0, 2, 7)
    static let b = FrameBuilder()

    /// http accepted, telnet rejected, anything else discarded (a service set with rules and no match).
    static func configuration(members: Int = 1, sessionLimit: Int? = nil) -> EngineConfiguration {
        let rule = PolicyRule(
            name: "r1", direction: .input,
            terms: [
                PolicyTerm(name: "web", applications: [PredefinedApplications.named("junos-http")!], action: .accept),
                PolicyTerm(
                    name: "no-telnet", applications: [PredefinedApplications.named("junos-telnet")!], action: .reject),
                PolicyTerm(name: "ping", applications: [PredefinedApplications.named("junos-icmp-all")!], action: .accept),
            ])
        var configuration = EngineConfiguration.builtInDefault(memberCount: members)
        configuration.serviceSets = [ServiceSetPolicy(name: "ss1", rules: [rule])]
        configuration.sessionLimit = sessionLimit
        return configuration
    }

    static func packet(_ frame: [UInt8], at time: UInt64 = 1_000_000_000) throws -> SessionPacket {
        SessionPacket(try DecodedPacket(parsing: frame.span, linkType: .ethernet), time: time)
    }

    @Test func sessionsStatesDecide() throws {
        var member = MemberProcessor(memberIndex: 0, configuration: Self.configuration(), seed: 1)
        let c = Self.client
        let s = Self.server
        // Accepted: both directions forwarded.
        #expect(member.process(try Self.packet(Self.b.tcp(from: c, port: 40000, to: s, port: 80, flags: [.syn]))) == .forward)
        #expect(member.process(try Self.packet(Self.b.tcp(from: s, port: 80, to: c, port: 40000, flags: [.syn, .ack]))) == .forward)
        // Rejected: the first packet and the later ones, both directions.
        #expect(member.process(try Self.packet(Self.b.tcp(from: c, port: 40001, to: s, port: 23, flags: [.syn]))) == .reject)
        #expect(member.process(try Self.packet(Self.b.tcp(from: c, port: 40001, to: s, port: 23, flags: [.syn]))) == .reject)
        #expect(member.process(try Self.packet(Self.b.tcp(from: s, port: 23, to: c, port: 40001, flags: [.ack]))) == .reject)
        // Discarded by the policy; an accepted TCP flow without SYN (tcp-non-syn drop-flow).
        #expect(member.process(try Self.packet(Self.b.udp(from: c, port: 5000, to: s, port: 9999))) == .drop)
        #expect(member.process(try Self.packet(Self.b.tcp(from: c, port: 40002, to: s, port: 80, flags: [.ack]))) == .drop)
        // ICMP: an error without a flow; an echo reply that answers no request; a request and its reply.
        let quoted = FrameBuilder(link: .raw).udp(from: c, port: 1, to: s, port: 2)
        let error = Self.b.icmpError(from: s, to: c, type: 3, code: 3, quoting: quoted)
        #expect(member.process(try Self.packet(error)) == .drop)
        #expect(member.process(try Self.packet(Self.b.icmpEcho(from: s, to: c, identifier: 9, sequenceNumber: 1, isReply: true))) == .drop)
        #expect(member.process(try Self.packet(Self.b.icmpEcho(from: c, to: s, identifier: 7, sequenceNumber: 1))) == .forward)
        #expect(member.process(try Self.packet(Self.b.icmpEcho(from: s, to: c, identifier: 7, sequenceNumber: 1, isReply: true))) == .forward)
        #expect(member.process(try Self.packet(Self.b.icmpEcho(from: s, to: c, identifier: 7, sequenceNumber: 5, isReply: true))) == .drop)
    }

    /// `tcp-non-syn drop-flow-send-rst`: an accepted TCP flow's first packet without SYN is answered with a
    /// reset (reject), its later packets dropped; the default (`drop-flow`) drops them all; a SYN is untouched.
    @Test(arguments: [false, true])
    func aNonSYNFirstPacketIsResetWhenTheServiceSetSaysSo(resets: Bool) throws {
        var configuration = Self.configuration()
        configuration.serviceSets[0].resetsNonSYN = resets
        var member = MemberProcessor(memberIndex: 0, configuration: configuration, seed: 1)
        let c = Self.client
        let s = Self.server
        #expect(member.process(try Self.packet(Self.b.tcp(from: c, port: 40002, to: s, port: 80, flags: [.ack]))) == (resets ? .reject : .drop))
        #expect(member.process(try Self.packet(Self.b.tcp(from: c, port: 40002, to: s, port: 80, flags: [.ack]))) == .drop)
        #expect(member.process(try Self.packet(Self.b.tcp(from: s, port: 80, to: c, port: 40002, flags: [.ack]))) == .drop)
        #expect(member.process(try Self.packet(Self.b.tcp(from: c, port: 40003, to: s, port: 80, flags: [.syn]))) == .forward)
        #expect(member.process(try Self.packet(Self.b.udp(from: c, port: 5000, to: s, port: 9999))) == .drop)
    }

    @Test func flowsRefusedOverTheLimitAreDropped() throws {
        var member = MemberProcessor(memberIndex: 0, configuration: Self.configuration(sessionLimit: 1), seed: 1)
        #expect(member.process(try Self.packet(Self.b.tcp(from: Self.client, port: 1, to: Self.server, port: 80, flags: [.syn]))) == .forward)
        #expect(member.process(try Self.packet(Self.b.tcp(from: Self.client, port: 2, to: Self.server, port: 80, flags: [.syn]))) == .drop)
        #expect(member.counters.engineDrops[DropReason.sessionLimit.rawValue] == 1)
    }

    /// The kinds of frame of the order test, and the verdict each must get.
    enum Kind: CaseIterable {
        case web, telnet, other, arp, truncated
        var verdict: PacketVerdict {
            switch self {
            case .web, .arp: .forward
            case .telnet: .reject
            case .other, .truncated: .drop
            }
        }
    }

    static func frame(_ kind: Kind, _ index: Int) -> [UInt8] {
        let client = IPAddress(10, 0, UInt8(index / 200), UInt8(1 + index % 200))
        let port = UInt16(20000 + index)
        switch kind {
        case .web: return b.tcp(from: client, port: port, to: server, port: 80, flags: [.syn])
        case .telnet: return b.tcp(from: client, port: port, to: server, port: 23, flags: [.syn])
        case .other: return b.udp(from: client, port: port, to: server, port: 9999)
        case .arp: return [UInt8](repeating: 0xFF, count: 6) + [2, 0, 0, 0, 0, 1, 0x08, 0x06] + [UInt8](repeating: 0, count: 28)
        case .truncated: return Array(b.tcp(from: client, port: port, to: server, port: 80, flags: [.syn]).prefix(30))
        }
    }

    /// Verdicts come out in frame order, one per frame, whichever frames the pump could not decode and
    /// however the owner rule spreads the packets over the members (groups of 32 with decode failures in
    /// them; two members).
    @Test(arguments: [1, 2])
    func verdictsKeepFrameOrderAcrossUndecodableFrames(members: Int) throws {
        var kinds: [Kind] = []
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<300 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            kinds.append(Kind.allCases[Int(state >> 33) % Kind.allCases.count])
        }
        var writer = PcapWriter(linkType: .ethernet, nanosecondResolution: true)
        for (index, kind) in kinds.enumerated() {
            writer.append(Self.frame(kind, index), timestamp: 1_000_000_000 + UInt64(index) * 1000)
        }
        let bytes = writer.bytes
        let configuration = Self.configuration(members: members)
        var pump = FramePump(configuration: configuration, expectedFlows: 1024, seed: 3)
        var source = CaptureFileSource(CaptureFile(bytes: bytes.span))
        var sink = VerdictSink(lanes: MemberLane.inlineMembers(of: configuration, seed: 3), capacity: kinds.count)
        _ = pump.run(from: &source, into: &sink, step: nil)
        #expect(sink.count == kinds.count)
        let verdicts = (0..<sink.count).map { sink[$0] }
        #expect(verdicts == kinds.map(\.verdict))
        #expect(pump.counters.wireDrops[WireError.notIP.counterIndex] == UInt64(kinds.filter { $0 == .arp }.count))
    }
}

/// A source of frames in memory, each on an interface.
struct InterfaceFrames: FrameSource, ~Copyable {
    var frames: [(bytes: [UInt8], interface: UInt32)]
    var next = 0

    mutating func lend(_ body: (Span<UInt8>, FrameInfo) -> Bool) -> FrameSourceEnd {
        while next < frames.count {
            let frame = frames[next]
            let info = FrameInfo(
                timestamp: 1_000 + UInt64(next), linkType: .ethernet, interface: frame.interface,
                originalLength: frame.bytes.count)
            guard body(frame.bytes.span, info) else { return .paused }
            next += 1
        }
        return .exhausted
    }
}

@Suite("Service set by interface")
struct InterfaceServiceSetTests {
    struct Recorder: PacketSink, ~Copyable {
        var taken: [(serviceSet: UInt8, side: PacketSide)] = []
        mutating func take(_ packet: SessionPacket, member: Int) { taken.append((packet.serviceSet, packet.side)) }
        mutating func flush() {}
    }

    /// A frame from a configured interface belongs to that interface's service set, whatever its VLAN;
    /// frames from other interfaces go by their VLAN.
    @Test func anInterfacesServiceSetWinsOverTheVLAN() {
        var configuration = EngineConfiguration.builtInDefault(memberCount: 1)
        configuration.serviceSets = [ServiceSetPolicy(name: "a", rules: []), ServiceSetPolicy(name: "b", rules: [])]
        configuration.vlanServiceSets = [10: 0, 20: 1]
        let tagged = FrameBuilder(link: .ethernet(vlans: [10]))
            .udp(from: IPAddress(10, 0, 0, 1), port: 1, to: IPAddress(10, 0, 0, 2), port: 2)
        var pump = FramePump(
            configuration: configuration, expectedFlows: 16, seed: 1, interfaceSides: [.inside, .outside],
            interfaceServiceSets: [1, 1])
        var source = InterfaceFrames(frames: [(tagged, 0), (tagged, 1), (tagged, 2)])
        var sink = Recorder()
        _ = pump.run(from: &source, into: &sink, step: nil)
        #expect(sink.taken.map(\.serviceSet) == [1, 1, 0])
        #expect(sink.taken.map(\.side) == [.inside, .outside, .unknown])
    }
}
