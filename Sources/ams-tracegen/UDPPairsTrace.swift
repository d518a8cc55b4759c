import Wire

/// The "udp-pairs" trace: `flows` UDP flows with distinct 5-tuples, each a request
/// client → server and (unless `oneWay`) a reply server → client `lag` requests later.
///
/// It measures session creation: nearly every packet is a miss in the flow table. With
/// `oneWay`, every packet creates a session (the 10 M-session memory trace at 76 bytes a
/// record instead of 152).
struct UDPPairsTrace {
    let flows: Int
    let oneWay: Bool
    let lag: Int
    let seed: UInt64

    /// 1,048,576 clients in 10.16.0.0/12 with per-client port permutations over 1024–65535:
    /// no 5-tuple repeats for the first 6.7 × 10¹⁰ flows. Servers: 198.18.0.0/15.
    @inline(__always)
    func flow(_ n: UInt64) -> (client: UInt32, clientPort: UInt16, server: UInt32, serverPort: UInt16) {
        let host = n & 0xF_FFFF
        let salt = SplitMix64.mix(host ^ seed) % 64512
        let port = 1024 + ((n >> 20) &* 11 &+ salt) % 64512
        let h = SplitMix64.mix(n &+ seed &* 0x9E37_79B9_7F4A_7C15)
        return (
            0x0A10_0000 | UInt32(host), UInt16(port),
            0xC612_0000 | UInt32(truncatingIfNeeded: h & 0x1_FFFF), UInt16(1024 + (h >> 32) % 64512)
        )
    }

    func write(to writer: inout TraceWriter) throws(GeneratorError) -> Int {
        guard flows >= 0, lag >= 0 else { throw GeneratorError.invalid("--flows and --lag must not be negative") }
        // 18 bytes of payload: 14 + 20 + 8 + 18 = 60, the minimum Ethernet frame without FCS.
        let payload = Array("ams-tracegen udp\r\n".utf8)
        let request = writer.add(TraceDirection.clientToServer.builder.udpTemplate(payload: payload))
        let reply = writer.add(TraceDirection.serverToClient.builder.udpTemplate(payload: payload))

        func emitReply(_ n: Int, _ writer: inout TraceWriter) throws(GeneratorError) {
            let f = flow(UInt64(n))
            try writer.udp(reply, src: f.server, dst: f.client, sport: f.serverPort, dport: f.clientPort, ipID: UInt16(truncatingIfNeeded: n &* 31))
        }
        for n in 0..<flows {
            let f = flow(UInt64(n))
            try writer.udp(request, src: f.client, dst: f.server, sport: f.clientPort, dport: f.serverPort, ipID: UInt16(truncatingIfNeeded: n))
            if !oneWay && n >= lag { try emitReply(n - lag, &writer) }
        }
        if !oneWay {
            for n in max(0, flows - lag)..<flows { try emitReply(n, &writer) }
        }
        return flows
    }
}
