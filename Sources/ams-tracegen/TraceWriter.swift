// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PacketCapture
import Wire

/// Writes a trace: a classic pcap file (microseconds, little-endian, Ethernet, snapshot length 65,535)
/// whose frames are copies of prebuilt `FrameTemplate`s, rewritten in place.
///
/// `PcapWriter` copies each template straight into its reusable 8 MiB buffer, the template's rewriter
/// stores the per-packet fields and checksums there, and the buffer goes to the file with `write(2)`
/// whenever it is nearly full. Nothing is allocated or reference-counted per packet.
struct TraceWriter: ~Copyable {
    /// A template added with ``add(_:)``: where its bytes are and how to rewrite a copy.
    ///
    /// `BitwiseCopyable`, so traces pass templates around per packet for free. A `FrameTemplate` holds an
    /// array, and copying one — which the optimizer did not avoid, in nested functions or when reading
    /// `[FrameTemplate]` — retains and releases it: measured, that was about 45 % of the time of `udp-pairs`
    /// and 13 % of `mixed`. So the writer keeps every template's bytes in one array and traces hold these.
    struct Template: BitwiseCopyable {
        /// The offset of the bytes in the writer's store of templates.
        let start: Int
        let length: Int
        let rewriter: FrameTemplate.Rewriter
        let payloadLength: Int
    }

    /// The buffer's size; it is flushed before a record could make it grow.
    static let bufferBytes = 8 << 20
    static let snapLength: UInt32 = 65_535

    private var pcap: PcapWriter
    private var output: CaptureFileOutput
    /// The bytes of every template added, one after another.
    private var templates: [UInt8] = []
    private(set) var packets = 0
    /// The next packet's time: `seconds` since the epoch (modulo 2³²) and `micros` below 1,000,000.
    private var seconds: UInt32
    private var micros: UInt32 = 0
    private let intervalMicros: UInt32

    /// Creates (or truncates) the file at `path` and writes the pcap file header.
    init(path: String, startSeconds: UInt32, intervalMicros: UInt32) throws(GeneratorError) {
        do {
            output = try CaptureFileOutput(path: path)
        } catch {
            throw GeneratorError.io("\(path): \(error)")
        }
        pcap = PcapWriter(linkType: .ethernet, snapLength: Self.snapLength, capacity: Self.bufferBytes)
        seconds = startSeconds
        self.intervalMicros = intervalMicros
    }

    /// Keeps `template`'s bytes for the packets written from it.
    mutating func add(_ template: FrameTemplate) -> Template {
        let start = templates.count
        templates += template.bytes
        return Template(
            start: start,
            length: template.bytes.count,
            rewriter: template.rewriter,
            payloadLength: template.payloadLength
        )
    }

    @inline(__always)
    mutating func tcp(
        _ t: Template,
        src: UInt32,
        dst: UInt32,
        sport: UInt16,
        dport: UInt16,
        seq: UInt32,
        ack: UInt32,
        ipID: UInt16
    ) throws(GeneratorError) {
        let time = nextTimestamp()
        Self.append(t, from: templates, to: &pcap, timestamp: time) { frame in
            t.rewriter.rewriteTCP(
                in: &frame,
                source: IPAddress(ipv4: src),
                destination: IPAddress(ipv4: dst),
                identification: ipID,
                sourcePort: sport,
                destinationPort: dport,
                sequenceNumber: seq,
                acknowledgmentNumber: ack
            )
        }
        try flushIfFull()
    }

    /// A UDP datagram; `payloadWord`, when given, replaces the payload's first two bytes (the DNS ID).
    @inline(__always)
    mutating func udp(
        _ t: Template,
        src: UInt32,
        dst: UInt32,
        sport: UInt16,
        dport: UInt16,
        ipID: UInt16,
        payloadWord: UInt16? = nil
    ) throws(GeneratorError) {
        let time = nextTimestamp()
        Self.append(t, from: templates, to: &pcap, timestamp: time) { frame in
            t.rewriter.rewriteUDP(
                in: &frame,
                source: IPAddress(ipv4: src),
                destination: IPAddress(ipv4: dst),
                identification: ipID,
                sourcePort: sport,
                destinationPort: dport,
                leadingPayloadWord: payloadWord
            )
        }
        try flushIfFull()
    }

    @inline(__always)
    mutating func icmpEcho(
        _ t: Template,
        src: UInt32,
        dst: UInt32,
        identifier: UInt16,
        sequence: UInt16,
        ipID: UInt16
    ) throws(GeneratorError) {
        let time = nextTimestamp()
        Self.append(t, from: templates, to: &pcap, timestamp: time) { frame in
            t.rewriter.rewriteICMPEcho(
                in: &frame,
                source: IPAddress(ipv4: src),
                destination: IPAddress(ipv4: dst),
                identification: ipID,
                identifier: identifier,
                sequenceNumber: sequence
            )
        }
        try flushIfFull()
    }

    /// Copies `t`'s bytes into `pcap` and lets `rewrite` change the copy.
    ///
    /// Static, so that the templates are borrowed while `pcap` is modified: a `Span` of `self.templates`
    /// would keep all of `self` accessed.
    @inline(__always)
    private static func append(
        _ t: Template,
        from templates: borrowing [UInt8],
        to pcap: inout PcapWriter,
        timestamp: UInt64,
        rewriting rewrite: (inout MutableSpan<UInt8>) -> Void
    ) {
        pcap.append(templates.span.extracting(t.start..<(t.start + t.length)), timestamp: timestamp, rewriting: rewrite)
    }

    /// The current packet time in nanoseconds; the clock then advances by `intervalMicros`.
    @inline(__always)
    private mutating func nextTimestamp() -> UInt64 {
        let timestamp = UInt64(seconds) &* 1_000_000_000 &+ UInt64(micros) &* 1_000
        packets += 1
        micros &+= intervalMicros
        while micros >= 1_000_000 {
            micros -= 1_000_000
            seconds &+= 1
        }
        return timestamp
    }

    @inline(__always)
    private mutating func flushIfFull() throws(GeneratorError) {
        // Room for one more record of the largest size the snapshot length allows.
        if pcap.bytes.count > Self.bufferBytes - 16 - Int(Self.snapLength) { try flush() }
    }

    private mutating func flush() throws(GeneratorError) {
        do {
            try pcap.flush(to: &output)
        } catch {
            throw GeneratorError.io("write: \(error)")
        }
    }

    /// Flushes and closes the file.
    consuming func finish() throws(GeneratorError) -> (packets: Int, bytes: Int) {
        try flush()
        do {
            try output.close()
        } catch {
            throw GeneratorError.io("close: \(error)")
        }
        return (packets, output.bytesWritten)
    }
}
