// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Testing
import Wire

/// The answers of a `Reject` session (SPEC.md §6): decoded with the project's own decoder, checksums
/// verified independently (RFC 1071 over the pseudo-header and segment).
@Suite("Reject answers")
struct RejectAnswerTests {
    static let client = IPAddress(10, 0, 0, 1)
    static let server = IPAddress(192, 0, 2, 7)
    static let client6 = IPAddress("2001:db8::1")!
    static let server6 = IPAddress("2001:db8::7")!

    /// Builds the answer to `frame`; empty when there is none.
    static func answer(_ frame: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0xEE, count: RejectAnswer.maximumLength)
        var span = output.mutableSpan
        let length = RejectAnswer.build(answering: frame.span, linkType: .ethernet, into: &span)
        return Array(output[0..<length])
    }

    /// `true` if the IPv4 header checksum verifies.
    static func ipv4HeaderIsValid(_ frame: [UInt8]) -> Bool {
        var sum = InternetChecksum()
        sum.add(frame[14..<34])
        return sum.isValid
    }

    /// `true` if the transport checksum (TCP, UDP, ICMPv6: with the pseudo-header; ICMP: without) verifies.
    static func transportIsValid(_ frame: [UInt8], _ packet: DecodedPacket) -> Bool {
        let ipHeader = packet.ipVersion == 4 ? 20 : 40
        let segment = frame[(14 + ipHeader)..<(14 + Int(packet.ipLength))]
        var sum = InternetChecksum()
        if packet.transport != .icmp {
            sum.add(packet.source)
            sum.add(packet.destination)
            sum.add(UInt32(segment.count))
            sum.add(UInt16(packet.transport.rawValue))
        }
        sum.add(segment)
        return sum.isValid
    }

    @Test func aSYNIsAnsweredWithAResetAcknowledgingIt() throws {
        let syn = FrameBuilder().tcp(from: Self.client, port: 40000, to: Self.server, port: 23, flags: [.syn], sequenceNumber: 1000)
        let reset = Self.answer(syn)
        let packet = try DecodedPacket(parsing: reset.span, linkType: .ethernet)
        #expect(packet.source == Self.server && packet.destination == Self.client)
        #expect(packet.sourcePort == 23 && packet.destinationPort == 40000)
        #expect(packet.tcpFlags == [.rst, .ack])
        let tcp = try TCPHeader(parsing: reset.span.extracting(droppingFirst: 34))
        #expect(tcp.sequenceNumber == 0 && tcp.acknowledgmentNumber == 1001)
        #expect(Array(reset[0..<6]) == Array(syn[6..<12]) && Array(reset[6..<12]) == Array(syn[0..<6]))
        #expect(reset.count == 54 && packet.ipLength == 40)
        #expect(Self.ipv4HeaderIsValid(reset) && Self.transportIsValid(reset, packet))
    }

    @Test func aSegmentWithAnACKIsResetAtThatSequenceNumber() throws {
        let data = FrameBuilder().tcp(
            from: Self.client, port: 40000, to: Self.server, port: 23, flags: [.ack, .psh], sequenceNumber: 5,
            acknowledgmentNumber: 0xDEAD_BEEF, payload: Array(repeating: 0x41, count: 10))
        let reset = Self.answer(data)
        let packet = try DecodedPacket(parsing: reset.span, linkType: .ethernet)
        let tcp = try TCPHeader(parsing: reset.span.extracting(droppingFirst: 34))
        #expect(tcp.flags == [.rst] && tcp.sequenceNumber == 0xDEAD_BEEF && tcp.acknowledgmentNumber == 0)
        #expect(Self.transportIsValid(reset, packet))
    }

    @Test func aFINWithDataIsAcknowledgedWhole() throws {
        let fin = FrameBuilder().tcp(
            from: Self.client, port: 1, to: Self.server, port: 2, flags: [.fin], sequenceNumber: 100,
            payload: [1, 2, 3])
        let tcp = try TCPHeader(parsing: Self.answer(fin).span.extracting(droppingFirst: 34))
        #expect(tcp.acknowledgmentNumber == 104 && tcp.flags == [.rst, .ack])
    }

    @Test func aResetIsNeverAnswered() {
        let rst = FrameBuilder().tcp(from: Self.client, port: 1, to: Self.server, port: 2, flags: [.rst])
        #expect(Self.answer(rst).isEmpty)
    }

    @Test func udpIsAnsweredWithPortUnreachableQuotingIt() throws {
        let udp = FrameBuilder().udp(from: Self.client, port: 5000, to: Self.server, port: 9999, payload: [1, 2, 3, 4])
        let error = Self.answer(udp)
        let packet = try DecodedPacket(parsing: error.span, linkType: .ethernet)
        #expect(packet.transport == .icmp && packet.icmpType == 3 && packet.icmpCode == 3)
        #expect(packet.source == Self.server && packet.destination == Self.client)
        #expect(packet.quoted.isPresent && packet.quoted.source == Self.client && packet.quoted.sourcePort == 5000)
        #expect(packet.quoted.destinationPort == 9999)
        #expect(Array(error[42...]) == Array(udp[14...]))
        #expect(Self.ipv4HeaderIsValid(error) && Self.transportIsValid(error, packet))
    }

    @Test func aLargeDatagramIsQuotedWithinTheMinimumMTU() throws {
        let udp = FrameBuilder().udp(
            from: Self.client, port: 5000, to: Self.server, port: 9999, payload: Array(repeating: 7, count: 1400))
        let error = Self.answer(udp)
        let packet = try DecodedPacket(parsing: error.span, linkType: .ethernet)
        #expect(packet.ipLength == 576 && error.count == 14 + 576)
        #expect(Array(error[42...]) == Array(udp[14..<(14 + 548)]))
        #expect(Self.ipv4HeaderIsValid(error) && Self.transportIsValid(error, packet))
    }

    @Test func ipv6UDPIsAnsweredWithICMPv6PortUnreachable() throws {
        let udp = FrameBuilder().udp(from: Self.client6, port: 5000, to: Self.server6, port: 53, payload: [9, 9])
        let error = Self.answer(udp)
        let packet = try DecodedPacket(parsing: error.span, linkType: .ethernet)
        #expect(packet.transport == .icmpv6 && packet.icmpType == 1 && packet.icmpCode == 4)
        #expect(packet.source == Self.server6 && packet.destination == Self.client6)
        #expect(packet.quoted.isPresent && packet.quoted.sourcePort == 5000 && packet.quoted.destinationPort == 53)
        #expect(Self.transportIsValid(error, packet))
    }

    @Test func ipv6TCPIsReset() throws {
        let syn = FrameBuilder().tcp(from: Self.client6, port: 40000, to: Self.server6, port: 80, flags: [.syn], sequenceNumber: 7)
        let reset = Self.answer(syn)
        let packet = try DecodedPacket(parsing: reset.span, linkType: .ethernet)
        #expect(packet.tcpFlags == [.rst, .ack] && packet.source == Self.server6 && packet.destinationPort == 40000)
        let tcp = try TCPHeader(parsing: reset.span.extracting(droppingFirst: 54))
        #expect(tcp.acknowledgmentNumber == 8)
        #expect(Self.transportIsValid(reset, packet))
    }

    @Test func otherProtocolsAndBroadcastsAreNotAnswered() {
        let b = FrameBuilder()
        #expect(Self.answer(b.icmpEcho(from: Self.client, to: Self.server, identifier: 1)).isEmpty)
        #expect(Self.answer(b.udp(from: Self.client, port: 68, to: IPAddress(255, 255, 255, 255), port: 67)).isEmpty)
        #expect(Self.answer(b.udp(from: Self.client, port: 1, to: IPAddress(224, 0, 0, 251), port: 5353)).isEmpty)
        #expect(Self.answer([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 1, 2, 3, 4, 5, 0x08, 0x06] + Array(repeating: 0, count: 28)).isEmpty)
    }
}
