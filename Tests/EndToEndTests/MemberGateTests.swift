// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import SessionEngine
import ServicesCore
import Testing
import Wire

/// One member's side of the ALGs, driven with marked packets directly (no capture): what it does when a
/// child cannot be created for want of a session number.
@Suite("A member's gates")
struct MemberGateTests {
    static let client = IPAddress(10, 1, 1, 2)
    static let server = IPAddress(192, 0, 2, 10)

    static func packet(
        from source: IPAddress, _ sourcePort: UInt16, to destination: IPAddress, _ destinationPort: UInt16,
        flags: TCPFlags, at time: UInt64, mark: (inout GateMark) -> Void = { _ in }
    ) -> SessionPacket {
        var packet = SessionPacket(.tcp, from: source, sourcePort, to: destination, destinationPort, time: time)
        packet.tcpFlags = flags
        packet.ipLength = 60
        mark(&packet.gateMark)
        return packet
    }

    /// Session numbers are never reused: once a member has spent them all, a child is refused and its
    /// parent shows flag 0x4 (no free session ID, SPEC.md §1), counted as `no-free-session-id`.
    @Test func aChildWithoutASessionNumberFlagsItsParent() {
        var member = MemberProcessor(memberIndex: 0, configuration: .builtInDefault(memberCount: 1), seed: 1)
        member.nextNumber = .max - 1
        member.process(Self.packet(from: Self.client, 40000, to: Self.server, 21, flags: [.syn], at: 1))
        member.process(Self.packet(from: Self.server, 21, to: Self.client, 40000, flags: [.psh, .ack], at: 2) {
            $0.open(first: 7, count: 2)
        })
        member.process(Self.packet(from: Self.client, 50001, to: Self.server, 30000, flags: [.syn], at: 3) { $0.use(7) })
        member.process(Self.packet(from: Self.client, 50002, to: Self.server, 30001, flags: [.syn], at: 4) { $0.use(8) })
        let sessions = member.selectedSlots(SessionFilter(), serviceSets: ["default"], limit: .max).map {
            member.snapshot(slot: Int($0 & 0xFFFF_FFFF), configuration: .builtInDefault(memberCount: 1))
        }
        #expect(sessions.count == 2)
        #expect(sessions.first?.flags == 0x4 && sessions.last?.parentID == sessions.first?.id)
        #expect(member.counters.engineDrops[DropReason.noFreeSessionID.rawValue] == 1)
        #expect(member.counters.gatesOpened == 2 && member.counters.childSessions == 1)
    }

    /// A SYN flood on an ALG port cannot grow the director's tables past their bound: channels beyond it
    /// are counted and not tracked, and a full table is searched for idle channels at most once a second.
    @Test func aFloodOnAnALGPortIsBounded() {
        var director = GatewayDirector(configuration: .builtInDefault(memberCount: 2))
        let empty: [UInt8] = []
        let flood = GatewayDirector.capacity + 1000
        for index in 0..<flood {
            let source = IPAddress(10, UInt8(index >> 16), UInt8(index >> 8 & 0xFF), UInt8(index & 0xFF))
            var packet = Self.packet(from: source, 40000, to: Self.server, 21, flags: [.syn], at: UInt64(index))
            let watching = director.isWatching(.tcp, sourcePort: 40000, destinationPort: 21)
            #expect(watching)
            director.mark(&packet, payloadOffset: 0, payloadLength: 0, sequence: 0, frame: empty.span)
            if index == 0 { #expect(packet.designatedMember != nil) }
        }
        let (tracked, untracked) = (director.channels.count, director.untracked)
        #expect(tracked == GatewayDirector.capacity)
        #expect(untracked == 1000)
        // Long after, the idle channels are forgotten and new ones tracked again.
        var late = Self.packet(from: Self.client, 40001, to: Self.server, 21, flags: [.syn], at: 1_000_000_000_000)
        director.mark(&late, payloadOffset: 0, payloadLength: 0, sequence: 0, frame: empty.span)
        let remaining = director.channels.count
        #expect(remaining == 1 && late.designatedMember != nil)
    }
}
