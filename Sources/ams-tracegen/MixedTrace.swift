import Wire

/// The "mixed" trace: HTTP over TCP, DNS over UDP and ICMP echo, with a fixed number of
/// sessions alive at every instant.
///
/// A table of `sessions` slots each holds one session in progress. Every packet comes from a
/// slot drawn uniformly at random; when a session has sent its last packet a new one takes its
/// slot. So concurrency is exactly `sessions` from the first packet on, packets of different
/// sessions interleave, and a session lasts about `sessions × its packet count` packets.
///
/// Session kinds (by count): 30 % HTTP (3-way handshake, GET, 1–4 response segments, client
/// ACK, FIN/FIN/ACK: 9–12 packets), 50 % DNS (query + answer), 20 % ICMP (1–4 echo
/// request/reply pairs). Every 5-tuple is unique in the whole file (see `MixedTrace.client`).
struct MixedTrace {
    let sessions: Int
    let packets: Int
    let seed: UInt64

    /// Server address blocks, all inside 198.18.0.0/15 (RFC 2544 benchmarking).
    static let httpServers: UInt32 = 0xC612_0000  // 198.18.0.x
    static let dnsServers: UInt32 = 0xC612_0100  // 198.18.1.1–8
    static let pingTargets: UInt32 = 0xC612_0200  // 198.18.2.x

    static let responseTailSizes = [120, 317, 600, 1024, 1460]
    static let mss = 1460

    enum Kind: UInt8 {
        case http
        case dns
        case icmp
    }

    /// One session in progress (32 bytes; the 50 k-slot table stays in L2).
    struct Session {
        var client: UInt32 = 0
        var server: UInt32 = 0
        var clientSeq: UInt32 = 0  // next sequence number the client sends
        var serverSeq: UInt32 = 0  // next sequence number the server sends
        var clientPort: UInt16 = 0  // also the ICMP identifier
        var clientIPID: UInt16 = 0
        var serverIPID: UInt16 = 0
        var dnsID: UInt16 = 0
        var kind: Kind = .dns
        var step: UInt8 = 0
        var total: UInt8 = 0
        var variant: UInt8 = 0  // request/name variant
        var segments: UInt8 = 0  // HTTP response segments / ICMP pairs
        var tail: UInt8 = 0  // index into responseTailSizes
    }

    /// Client address and source port of session number `n`: 65,536 clients in 10.1.0.0/16,
    /// each using ports 32768–60999 in a per-client permutation, so no 5-tuple repeats for
    /// the first 1.85 × 10⁹ sessions.
    @inline(__always)
    static func client(_ n: UInt64) -> (address: UInt32, port: UInt16) {
        let host = n & 0xFFFF
        let salt = SplitMix64.mix(host) % 28232
        let port = 32768 + ((n >> 16) &* 7 &+ salt) % 28232
        return (0x0A01_0000 | UInt32(host), UInt16(port))
    }

    /// The frame templates, kept by the writer.
    struct Templates {
        typealias Template = TraceWriter.Template

        let syn: Template
        let synAck: Template
        let clientAck: Template
        let requests: [Template]
        /// `[segments - 1][tail]`: the first response segment, carrying the HTTP header.
        let responseFirst: [[Template]]
        let responseMiddle: Template
        let responseLast: [Template]
        let clientFin: Template
        let serverFin: Template
        let dnsQueries: [Template]
        let dnsAnswers: [Template]
        let echoRequest: Template
        let echoReply: Template

        init(writer: inout TraceWriter) {
            let client = TraceDirection.clientToServer.builder
            let server = TraceDirection.serverToClient.builder
            let synOptions: [UInt8] = [0x02, 0x04, 0x05, 0xB4, 0x01, 0x01, 0x04, 0x02]  // MSS 1460, NOP NOP SACK-permitted
            syn = writer.add(client.tcpTemplate(flags: [.syn], window: 64240, options: synOptions))
            synAck = writer.add(server.tcpTemplate(flags: [.syn, .ack], window: 65160, options: synOptions))
            clientAck = writer.add(client.tcpTemplate(flags: [.ack], window: 64240))
            clientFin = writer.add(client.tcpTemplate(flags: [.fin, .ack], window: 64240))
            serverFin = writer.add(server.tcpTemplate(flags: [.fin, .ack], window: 65160))
            let hosts = ["www.example.com", "static.example.net", "api.example.org", "cdn.example.com"]
            let paths = ["/", "/index.html", "/v1/items?page=2", "/img/logo.png"]
            requests = (0..<hosts.count).map { i in
                let text = "GET \(paths[i]) HTTP/1.1\r\nHost: \(hosts[i])\r\nUser-Agent: ams-tracegen/1\r\nAccept: */*\r\n\r\n"
                return writer.add(client.tcpTemplate(flags: [.psh, .ack], window: 64240, payload: Array(text.utf8)))
            }
            func body(_ count: Int) -> [UInt8] {
                (0..<count).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            }
            responseFirst = (1...4).map { segments in
                MixedTrace.responseTailSizes.map { tail in
                    let total = (segments - 1) * MixedTrace.mss + tail
                    // The header's length depends on Content-Length's digit count: iterate.
                    var header = ""
                    var contentLength = total
                    for _ in 0..<3 {
                        header = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(contentLength)\r\n\r\n"
                        contentLength = total - header.utf8.count
                    }
                    let first = segments == 1 ? tail : MixedTrace.mss
                    let payload = Array(header.utf8) + body(first - header.utf8.count)
                    return writer.add(server.tcpTemplate(flags: segments == 1 ? [.psh, .ack] : [.ack], window: 65160, payload: payload))
                }
            }
            responseMiddle = writer.add(server.tcpTemplate(flags: [.ack], window: 65160, payload: body(MixedTrace.mss)))
            responseLast = MixedTrace.responseTailSizes.map {
                writer.add(server.tcpTemplate(flags: [.psh, .ack], window: 65160, payload: body($0)))
            }
            let names = [
                "www.example.com", "mail.example.org", "ntp.example.net", "api.example.com",
                "images.example.net", "login.example.org", "updates.example.com", "a.b.example.net",
            ]
            var queries: [Template] = []
            var answers: [Template] = []
            for (i, name) in names.enumerated() {
                var question: [UInt8] = []
                for label in name.split(separator: ".") {
                    question.append(UInt8(label.utf8.count))
                    question += Array(label.utf8)
                }
                question += [0, 0x00, 0x01, 0x00, 0x01]  // root, type A, class IN
                // ID (variable), flags, QD/AN/NS/AR counts.
                let query: [UInt8] = [0, 0, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0] + question
                let answer: [UInt8] = [0, 0, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0] + question + [
                    0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01,  // name pointer, A, IN
                    0x00, 0x00, 0x01, 0x2C, 0x00, 0x04,  // TTL 300, RDLENGTH 4
                    198, 18, 3, UInt8(i + 1),
                ]
                queries.append(writer.add(client.udpTemplate(payload: query)))
                answers.append(writer.add(server.udpTemplate(payload: answer)))
            }
            dnsQueries = queries
            dnsAnswers = answers
            // Linux ping: 8 bytes of timestamp then 0x10, 0x11, … (56 bytes in all).
            let ping = [UInt8](repeating: 0, count: 8) + (0..<48).map { UInt8(0x10 + $0) }
            echoRequest = writer.add(client.icmpEchoTemplate(payload: ping))
            echoReply = writer.add(server.icmpEchoTemplate(isReply: true, payload: ping))
        }
    }

    /// Writes the trace; returns the number of sessions started.
    func write(to writer: inout TraceWriter) throws(GeneratorError) -> Int {
        guard sessions > 0, packets >= 0 else { throw GeneratorError.invalid("--sessions must be positive") }
        let t = Templates(writer: &writer)
        var random = SplitMix64(seed: seed)
        var started: UInt64 = 0

        func start(_ random: inout SplitMix64) -> Session {
            var s = Session()
            let (address, port) = MixedTrace.client(started)
            started += 1
            s.client = address
            s.clientPort = port
            let r = random.next()
            s.clientIPID = UInt16(truncatingIfNeeded: r)
            s.serverIPID = UInt16(truncatingIfNeeded: r >> 16)
            s.variant = UInt8(truncatingIfNeeded: r >> 32)
            let pick = random.below(100)
            if pick < 30 {
                s.kind = .http
                s.server = MixedTrace.httpServers | UInt32(1 + random.below(254))
                s.clientSeq = UInt32(truncatingIfNeeded: random.next())
                s.serverSeq = UInt32(truncatingIfNeeded: random.next())
                s.segments = UInt8(1 + random.below(4))
                s.tail = UInt8(random.below(MixedTrace.responseTailSizes.count))
                s.variant %= UInt8(t.requests.count)
                s.total = 8 + s.segments
            } else if pick < 80 {
                s.kind = .dns
                s.server = MixedTrace.dnsServers | UInt32(1 + random.below(8))
                s.dnsID = UInt16(truncatingIfNeeded: r >> 48)
                s.variant %= UInt8(t.dnsQueries.count)
                s.total = 2
            } else {
                s.kind = .icmp
                s.server = MixedTrace.pingTargets | UInt32(1 + random.below(254))
                s.segments = UInt8(1 + random.below(4))
                s.total = 2 * s.segments
            }
            return s
        }

        var table = [Session]()
        table.reserveCapacity(sessions)
        for _ in 0..<sessions { table.append(start(&random)) }

        try table.withUnsafeMutableBufferPointer { (slots) throws(GeneratorError) in
            for _ in 0..<packets {
                let index = random.below(sessions)
                try emit(&slots[index], t, &writer)
                if slots[index].step == slots[index].total {
                    slots[index] = start(&random)
                }
            }
        }
        return Int(started)
    }

    /// Emits the next packet of `s` and advances it.
    @inline(__always)
    private func emit(_ s: inout Session, _ t: Templates, _ writer: inout TraceWriter) throws(GeneratorError) {
        let step = s.step
        s.step += 1
        switch s.kind {
        case .dns:
            if step == 0 {
                try writer.udp(t.dnsQueries[Int(s.variant)], src: s.client, dst: s.server, sport: s.clientPort, dport: 53, ipID: s.clientIPID, payloadWord: s.dnsID)
            } else {
                try writer.udp(t.dnsAnswers[Int(s.variant)], src: s.server, dst: s.client, sport: 53, dport: s.clientPort, ipID: s.serverIPID, payloadWord: s.dnsID)
            }
        case .icmp:
            let sequence = UInt16(step / 2 + 1)
            if step % 2 == 0 {
                try writer.icmpEcho(t.echoRequest, src: s.client, dst: s.server, identifier: s.clientPort, sequence: sequence, ipID: s.clientIPID)
                s.clientIPID &+= 1
            } else {
                try writer.icmpEcho(t.echoReply, src: s.server, dst: s.client, identifier: s.clientPort, sequence: sequence, ipID: s.serverIPID)
                s.serverIPID &+= 1
            }
        case .http:
            let k = s.segments
            func fromClient(_ template: TraceWriter.Template, _ s: inout Session, _ writer: inout TraceWriter, ack: UInt32) throws(GeneratorError) {
                try writer.tcp(template, src: s.client, dst: s.server, sport: s.clientPort, dport: 80, seq: s.clientSeq, ack: ack, ipID: s.clientIPID)
                s.clientIPID &+= 1
            }
            func fromServer(_ template: TraceWriter.Template, _ s: inout Session, _ writer: inout TraceWriter) throws(GeneratorError) {
                try writer.tcp(template, src: s.server, dst: s.client, sport: 80, dport: s.clientPort, seq: s.serverSeq, ack: s.clientSeq, ipID: s.serverIPID)
                s.serverIPID &+= 1
            }
            switch step {
            case 0:  // SYN
                try fromClient(t.syn, &s, &writer, ack: 0)
                s.clientSeq &+= 1
            case 1:  // SYN-ACK
                try fromServer(t.synAck, &s, &writer)
                s.serverSeq &+= 1
            case 2:  // ACK
                try fromClient(t.clientAck, &s, &writer, ack: s.serverSeq)
            case 3:  // GET
                let request = t.requests[Int(s.variant)]
                try fromClient(request, &s, &writer, ack: s.serverSeq)
                s.clientSeq &+= UInt32(request.payloadLength)
            case 4..<(4 + k):  // response segments
                let j = step - 4
                let segment =
                    j == 0 ? t.responseFirst[Int(k) - 1][Int(s.tail)]
                    : j == k - 1 ? t.responseLast[Int(s.tail)] : t.responseMiddle
                try fromServer(segment, &s, &writer)
                s.serverSeq &+= UInt32(segment.payloadLength)
            case 4 + k:  // client ACKs the response
                try fromClient(t.clientAck, &s, &writer, ack: s.serverSeq)
            case 5 + k:  // client FIN
                try fromClient(t.clientFin, &s, &writer, ack: s.serverSeq)
                s.clientSeq &+= 1
            case 6 + k:  // server FIN
                try fromServer(t.serverFin, &s, &writer)
                s.serverSeq &+= 1
            default:  // last ACK
                try fromClient(t.clientAck, &s, &writer, ack: s.serverSeq)
            }
        }
    }
}
