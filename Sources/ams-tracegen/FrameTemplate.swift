/// A prebuilt Ethernet + IPv4 + TCP/UDP/ICMP frame whose per-packet fields (addresses, ports,
/// sequence numbers, IP ID, DNS ID, ICMP ID/sequence) are zero.
///
/// Checksums are incremental (RFC 1624 §3): the one's-complement sums of everything constant
/// (header words, payload, the pseudo-header's protocol and length) are computed once, here.
/// Per packet, the emitter only adds the variable words and folds, so a 1514-byte HTTP segment
/// costs the same as a 60-byte ACK.
struct FrameTemplate {
    /// Immortal copy of the frame (templates live for the whole run).
    let bytes: UnsafeMutableRawPointer
    let length: Int
    /// Bytes after the transport header.
    let payloadLength: Int
    /// Partial sum of the IPv4 header with ID, addresses and checksum zero.
    let ipSum: UInt32
    /// Partial sum of the transport checksum's constant part.
    let l4Sum: UInt32

    enum Direction {
        case clientToServer
        case serverToClient
    }

    static let ethernetHeader = 14
    static let ipv4Header = 20
    static let l4Offset = ethernetHeader + ipv4Header

    static let protoICMP: UInt8 = 1
    static let protoTCP: UInt8 = 6
    static let protoUDP: UInt8 = 17

    /// - Parameters:
    ///   - l4Header: the transport header with its checksum and variable fields zero.
    init(_ direction: Direction, proto: UInt8, l4Header: [UInt8], payload: [UInt8]) {
        var frame: [UInt8] = []
        let clientMAC: [UInt8] = [0x02, 0x00, 0x5E, 0x00, 0x00, 0x01]
        let serverMAC: [UInt8] = [0x02, 0x00, 0x5E, 0x00, 0x00, 0x02]
        switch direction {
        case .clientToServer: frame += serverMAC + clientMAC
        case .serverToClient: frame += clientMAC + serverMAC
        }
        frame += [0x08, 0x00]
        let totalLength = FrameTemplate.ipv4Header + l4Header.count + payload.count
        precondition(totalLength <= 1500, "frame exceeds the Ethernet MTU")
        let ttl: UInt8 = direction == .clientToServer ? 64 : 52
        frame += [
            0x45, 0x00, UInt8(totalLength >> 8), UInt8(totalLength & 0xFF),
            0x00, 0x00, 0x40, 0x00,  // ID (variable), DF
            ttl, proto, 0x00, 0x00,  // checksum (computed per packet)
            0, 0, 0, 0,  // source (variable)
            0, 0, 0, 0,  // destination (variable)
        ]
        frame += l4Header
        frame += payload

        let l4Length = l4Header.count + payload.count
        ipSum = FrameTemplate.fold(FrameTemplate.sum(frame[FrameTemplate.ethernetHeader..<FrameTemplate.l4Offset]))
        var l4 = FrameTemplate.sum(frame[FrameTemplate.l4Offset...])
        if proto != FrameTemplate.protoICMP {
            l4 &+= UInt32(proto) &+ UInt32(l4Length)  // pseudo-header without the addresses
        }
        if proto == FrameTemplate.protoUDP {
            // The UDP length field is constant; it was summed with the header above.
            precondition(l4Header.count == 8)
        }
        l4Sum = FrameTemplate.fold(l4)
        length = frame.count
        payloadLength = payload.count
        bytes = UnsafeMutableRawPointer.allocate(byteCount: frame.count, alignment: 16)
        frame.withUnsafeBytes { bytes.copyMemory(from: $0.baseAddress!, byteCount: frame.count) }
    }

    /// A TCP template. `options` must be a multiple of 4 bytes.
    static func tcp(_ direction: Direction, flags: UInt8, window: UInt16, options: [UInt8] = [], payload: [UInt8] = []) -> FrameTemplate {
        precondition(options.count % 4 == 0)
        let dataOffset = UInt8((20 + options.count) / 4) << 4
        let header: [UInt8] = [
            0, 0, 0, 0,  // ports
            0, 0, 0, 0,  // sequence number
            0, 0, 0, 0,  // acknowledgement number
            dataOffset, flags, UInt8(window >> 8), UInt8(window & 0xFF),
            0, 0, 0, 0,  // checksum, urgent pointer
        ] + options
        return FrameTemplate(direction, proto: protoTCP, l4Header: header, payload: payload)
    }

    static func udp(_ direction: Direction, payload: [UInt8]) -> FrameTemplate {
        let length = 8 + payload.count
        let header: [UInt8] = [0, 0, 0, 0, UInt8(length >> 8), UInt8(length & 0xFF), 0, 0]
        return FrameTemplate(direction, proto: protoUDP, l4Header: header, payload: payload)
    }

    static func icmpEcho(_ direction: Direction, payload: [UInt8]) -> FrameTemplate {
        let type: UInt8 = direction == .clientToServer ? 8 : 0  // echo request / echo reply
        let header: [UInt8] = [type, 0, 0, 0, 0, 0, 0, 0]
        return FrameTemplate(direction, proto: protoICMP, l4Header: header, payload: payload)
    }

    // MARK: One's-complement arithmetic

    static func sum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var total: UInt32 = 0
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            total &+= UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            index += 2
        }
        if index < bytes.endIndex { total &+= UInt32(bytes[index]) << 8 }
        return total
    }

    @inline(__always)
    static func fold(_ sum: UInt32) -> UInt32 {
        var s = (sum & 0xFFFF) &+ (sum >> 16)
        s = (s & 0xFFFF) &+ (s >> 16)
        return s
    }

    /// The two 16-bit words of a 32-bit field, added.
    @inline(__always)
    static func words(_ value: UInt32) -> UInt32 {
        (value >> 16) &+ (value & 0xFFFF)
    }

    @inline(__always)
    static func checksum(_ sum: UInt32) -> UInt16 {
        ~UInt16(truncatingIfNeeded: fold(sum))
    }
}

// MARK: - Emitters

extension PcapSink {
    /// Patches the IPv4 ID, addresses and header checksum; returns the address words' sum,
    /// which the TCP and UDP pseudo-header reuse.
    @inline(__always)
    private static func patchIPv4(_ frame: UnsafeMutableRawPointer, _ t: FrameTemplate, src: UInt32, dst: UInt32, ipID: UInt16) -> UInt32 {
        let addresses = FrameTemplate.words(src) &+ FrameTemplate.words(dst)
        let ip = FrameTemplate.l4Offset - FrameTemplate.ipv4Header
        frame.storeBytes(of: ipID.bigEndian, toByteOffset: ip + 4, as: UInt16.self)
        frame.storeBytes(of: src.bigEndian, toByteOffset: ip + 12, as: UInt32.self)
        frame.storeBytes(of: dst.bigEndian, toByteOffset: ip + 16, as: UInt32.self)
        let sum = FrameTemplate.checksum(t.ipSum &+ UInt32(ipID) &+ addresses)
        frame.storeBytes(of: sum.bigEndian, toByteOffset: ip + 10, as: UInt16.self)
        return addresses
    }

    @inline(__always)
    mutating func tcp(
        _ t: FrameTemplate, src: UInt32, dst: UInt32, sport: UInt16, dport: UInt16,
        seq: UInt32, ack: UInt32, ipID: UInt16
    ) throws(GeneratorError) {
        let frame = try append(t)
        let addresses = PcapSink.patchIPv4(frame, t, src: src, dst: dst, ipID: ipID)
        let l4 = FrameTemplate.l4Offset
        frame.storeBytes(of: sport.bigEndian, toByteOffset: l4, as: UInt16.self)
        frame.storeBytes(of: dport.bigEndian, toByteOffset: l4 + 2, as: UInt16.self)
        frame.storeBytes(of: seq.bigEndian, toByteOffset: l4 + 4, as: UInt32.self)
        frame.storeBytes(of: ack.bigEndian, toByteOffset: l4 + 8, as: UInt32.self)
        let sum = t.l4Sum &+ addresses &+ UInt32(sport) &+ UInt32(dport)
            &+ FrameTemplate.words(seq) &+ FrameTemplate.words(ack)
        frame.storeBytes(of: FrameTemplate.checksum(sum).bigEndian, toByteOffset: l4 + 16, as: UInt16.self)
    }

    /// A UDP datagram; `payloadWord`, when given, is stored at payload offset 0 (the DNS ID).
    @inline(__always)
    mutating func udp(
        _ t: FrameTemplate, src: UInt32, dst: UInt32, sport: UInt16, dport: UInt16,
        ipID: UInt16, payloadWord: UInt16 = 0
    ) throws(GeneratorError) {
        let frame = try append(t)
        let addresses = PcapSink.patchIPv4(frame, t, src: src, dst: dst, ipID: ipID)
        let l4 = FrameTemplate.l4Offset
        frame.storeBytes(of: sport.bigEndian, toByteOffset: l4, as: UInt16.self)
        frame.storeBytes(of: dport.bigEndian, toByteOffset: l4 + 2, as: UInt16.self)
        if payloadWord != 0 {
            frame.storeBytes(of: payloadWord.bigEndian, toByteOffset: l4 + 8, as: UInt16.self)
        }
        var sum = FrameTemplate.checksum(
            t.l4Sum &+ addresses &+ UInt32(sport) &+ UInt32(dport) &+ UInt32(payloadWord))
        if sum == 0 { sum = 0xFFFF }  // RFC 768: zero means "no checksum"
        frame.storeBytes(of: sum.bigEndian, toByteOffset: l4 + 6, as: UInt16.self)
    }

    @inline(__always)
    mutating func icmpEcho(
        _ t: FrameTemplate, src: UInt32, dst: UInt32, identifier: UInt16, sequence: UInt16, ipID: UInt16
    ) throws(GeneratorError) {
        let frame = try append(t)
        _ = PcapSink.patchIPv4(frame, t, src: src, dst: dst, ipID: ipID)
        let l4 = FrameTemplate.l4Offset
        frame.storeBytes(of: identifier.bigEndian, toByteOffset: l4 + 4, as: UInt16.self)
        frame.storeBytes(of: sequence.bigEndian, toByteOffset: l4 + 6, as: UInt16.self)
        let sum = FrameTemplate.checksum(t.l4Sum &+ UInt32(identifier) &+ UInt32(sequence))
        frame.storeBytes(of: sum.bigEndian, toByteOffset: l4 + 2, as: UInt16.self)
    }
}
