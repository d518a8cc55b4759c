// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

// Writes the seed corpus of `CaptureFuzzer`: small pcap and pcapng files covering both byte orders,
// µs/ns timestamps, several interfaces, options, Simple and obsolete Packet Blocks, unknown blocks and
// several sections, with Ethernet, raw IP and Linux cooked frames.
//
// Regenerate (from the repository root; deterministic, so an unchanged generator rewrites identical files):
//
//     swift run --package-path Fuzz CorpusWriter Fuzz/Corpora/capture

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PacketCapture
import Wire

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    print("usage: CorpusWriter <directory>")
    exit(2)
}
let directory = arguments[1]

// MARK: - Frames

let client4 = IPAddress(10, 0, 0, 1)
let server4 = IPAddress(192, 0, 2, 80)
let client6 = IPAddress("2001:db8::1")!
let server6 = IPAddress("2001:db8::80")!

/// A few frames of every kind for `link`: TCP SYN, UDP with payload, ICMPv6 echo, an IPv4 fragment.
func frames(_ link: FrameLink) -> [[UInt8]] {
    let builder = FrameBuilder(link: link)
    var fragmenter = FrameBuilder(link: link)
    fragmenter.fragment = FrameBuilder.Fragment(offset: 0, moreFragments: true, identification: 0x1234)
    return [
        builder.tcp(from: client4, port: 40000, to: server4, port: 80, flags: [.syn], sequenceNumber: 1),
        builder.udp(from: client4, port: 5353, to: server4, port: 53, payload: Array("query".utf8)),
        builder.icmpEcho(from: client6, to: server6, identifier: 7, sequenceNumber: 1, payload: [1, 2, 3, 4]),
        builder.tcp(
            from: server6,
            port: 443,
            to: client6,
            port: 50000,
            flags: [.syn, .ack],
            acknowledgmentNumber: 2,
            payload: Array(repeating: 0xAB, count: 24)
        ),
        fragmenter.udp(from: client4, port: 1000, to: server4, port: 2000, payload: Array(repeating: 0x55, count: 16)),
    ]
}

/// 2023-11-14T22:13:20.123456789Z in nanoseconds.
let baseTime: UInt64 = 1_700_000_000_123_456_789
func time(_ index: Int) -> UInt64 { baseTime + UInt64(index) * 1_001_001 }

// MARK: - Raw pcapng block bodies (for what PcapNGWriter does not emit)

func append16(_ value: UInt16, to bytes: inout [UInt8], bigEndian: Bool) {
    let pair = [UInt8(truncatingIfNeeded: value &>> 8), UInt8(truncatingIfNeeded: value)]
    bytes += bigEndian ? pair : pair.reversed()
}

func append32(_ value: UInt32, to bytes: inout [UInt8], bigEndian: Bool) {
    let high = UInt16(truncatingIfNeeded: value &>> 16)
    let low = UInt16(truncatingIfNeeded: value)
    append16(bigEndian ? high : low, to: &bytes, bigEndian: bigEndian)
    append16(bigEndian ? low : high, to: &bytes, bigEndian: bigEndian)
}

func appendOption(_ code: UInt16, _ value: [UInt8], to bytes: inout [UInt8], bigEndian: Bool) {
    append16(code, to: &bytes, bigEndian: bigEndian)
    append16(UInt16(value.count), to: &bytes, bigEndian: bigEndian)
    bytes += value
    while bytes.count % 4 != 0 { bytes.append(0) }
}

/// An Interface Description Block body with `if_tsresol` and `if_tsoffset` (seconds).
func interfaceBody(linkType: LinkType, resolution: UInt8, offsetSeconds: Int64, bigEndian: Bool) -> [UInt8] {
    var body: [UInt8] = []
    append16(UInt16(truncatingIfNeeded: linkType.rawValue), to: &body, bigEndian: bigEndian)
    append16(0, to: &body, bigEndian: bigEndian)
    append32(0, to: &body, bigEndian: bigEndian)  // snap length: none
    appendOption(9, [resolution], to: &body, bigEndian: bigEndian)
    var offset: [UInt8] = []
    let raw = UInt64(bitPattern: offsetSeconds)
    append32(UInt32(truncatingIfNeeded: bigEndian ? raw &>> 32 : raw), to: &offset, bigEndian: bigEndian)
    append32(UInt32(truncatingIfNeeded: bigEndian ? raw : raw &>> 32), to: &offset, bigEndian: bigEndian)
    appendOption(14, offset, to: &body, bigEndian: bigEndian)
    appendOption(0, [], to: &body, bigEndian: bigEndian)
    return body
}

/// An obsolete Packet Block (type 2) body: 16-bit interface ID, drops count, µs timestamp, lengths, data.
func packetBlockBody(_ frame: [UInt8], interface: UInt16, timestamp: UInt64, bigEndian: Bool) -> [UInt8] {
    var body: [UInt8] = []
    let units = timestamp / 1_000
    append16(interface, to: &body, bigEndian: bigEndian)
    append16(0, to: &body, bigEndian: bigEndian)
    append32(UInt32(truncatingIfNeeded: units &>> 32), to: &body, bigEndian: bigEndian)
    append32(UInt32(truncatingIfNeeded: units), to: &body, bigEndian: bigEndian)
    append32(UInt32(frame.count), to: &body, bigEndian: bigEndian)
    append32(UInt32(frame.count), to: &body, bigEndian: bigEndian)
    body += frame
    return body
}

// MARK: - Files

var files: [(name: String, bytes: [UInt8])] = []

// Classic pcap: µs and ns, both byte orders, several link types.
let pcapCases: [(String, FrameLink, nanoseconds: Bool, bigEndian: Bool, snapLength: UInt32)] = [
    ("pcap-le-us-ethernet", .ethernet(), false, false, 262_144),
    ("pcap-be-us-ethernet", .ethernet(vlans: [100]), false, true, 262_144),
    ("pcap-le-ns-ethernet-qinq", .ethernet(vlans: [10, 20], qinq: true), true, false, 262_144),
    ("pcap-be-ns-ethernet-snap60", .ethernet(), true, true, 60),
    ("pcap-le-us-raw", .raw, false, false, 65_535),
    ("pcap-be-ns-raw", .raw, true, true, 65_535),
    ("pcap-le-ns-cooked", .linuxCooked, true, false, 262_144),
    ("pcap-be-us-cooked2", .linuxCooked2, false, true, 262_144),
    ("pcap-le-us-null", .null(), false, false, 262_144),
    ("pcap-be-ns-loop", .loop, true, true, 262_144),
]
for (name, link, nanoseconds, bigEndian, snapLength) in pcapCases {
    var writer = PcapWriter(
        linkType: link.linkType,
        nanosecondResolution: nanoseconds,
        bigEndian: bigEndian,
        snapLength: snapLength
    )
    for (index, frame) in frames(link).enumerated() { writer.append(frame, timestamp: time(index)) }
    files.append((name, writer.takeBytes()))
}
files.append(("pcap-le-us-header-only", PcapWriter(linkType: .ethernet).bytes))

// pcapng, both byte orders.
for bigEndian in [false, true] {
    let order = bigEndian ? "be" : "le"

    // One Ethernet interface, plain Enhanced Packet Blocks.
    var single = PcapNGWriter(bigEndian: bigEndian)
    let ethernet = single.addInterface(linkType: .ethernet)
    for (index, frame) in frames(.ethernet()).enumerated() {
        single.appendEnhanced(frame, interface: ethernet, timestamp: time(index))
    }
    files.append(("pcapng-\(order)-ethernet", single.takeBytes()))

    // Several interfaces with options and resolutions; packets interleaved, some with options.
    var multi = PcapNGWriter(bigEndian: bigEndian)
    let links: [(FrameLink, UInt8?, UInt32)] = [
        (.ethernet(vlans: [7]), nil, 262_144),
        (.raw, 9, 0),
        (.linuxCooked, 0x8A, 96),
        (.linuxCooked2, 3, 262_144),
    ]
    var interfaces: [(UInt32, [[UInt8]])] = []
    for (index, (link, resolution, snapLength)) in links.enumerated() {
        let id = multi.addInterface(
            linkType: link.linkType,
            snapLength: snapLength,
            timestampResolution: resolution,
            extraOptions: index % 2 == 0
        )
        interfaces.append((id, frames(link)))
    }
    for round in 0..<3 {
        for (index, (id, frames)) in interfaces.enumerated() {
            multi.appendEnhanced(
                frames[(round + index) % frames.count],
                interface: id,
                timestamp: time(round * 4 + index),
                originalLength: round == 2 ? 1500 : nil,
                withOptions: (round + index) % 2 == 1
            )
        }
    }
    files.append(("pcapng-\(order)-multi-interface", multi.takeBytes()))

    // Simple Packet Blocks on a snap-limited interface 0, after an Enhanced one for the timestamp.
    var simple = PcapNGWriter(bigEndian: bigEndian)
    simple.addInterface(linkType: .raw, snapLength: 64)
    let rawFrames = frames(.raw)
    simple.appendEnhanced(rawFrames[0], interface: 0, timestamp: time(0))
    for frame in rawFrames.dropFirst() { simple.appendSimple(frame) }
    files.append(("pcapng-\(order)-simple-packets", simple.takeBytes()))

    // Unknown and skipped blocks between packets: Name Resolution, Interface Statistics, custom,
    // obsolete Packet Block, an IDB with if_tsoffset, and an unknown type.
    var mixed = PcapNGWriter(bigEndian: bigEndian)
    mixed.appendCustomBlock(type: 4, body: [0, 0, 0, 0])  // Name Resolution: nrb_record_end only
    mixed.addInterface(linkType: .linuxCooked, timestampResolution: 6, extraOptions: true)
    mixed.appendCustomBlock(
        type: 1,
        body: interfaceBody(linkType: .ethernet, resolution: 6, offsetSeconds: -3600, bigEndian: bigEndian)
    )
    let cooked = frames(.linuxCooked)
    let ethernetFrames = frames(.ethernet())
    mixed.appendEnhanced(cooked[0], interface: 0, timestamp: time(0))
    mixed.appendCustomBlock(type: 0x0000_0BAD, body: Array("custom block, copyable".utf8))
    mixed.appendEnhanced(ethernetFrames[1], interface: 1, timestamp: time(1), withOptions: true)
    mixed.appendCustomBlock(type: 5, body: [UInt8](repeating: 0, count: 12))  // Interface Statistics
    mixed.appendCustomBlock(
        type: 2,
        body: packetBlockBody(cooked[2], interface: 0, timestamp: time(2), bigEndian: bigEndian)
    )
    mixed.appendCustomBlock(type: 0x4000_0BAD, body: Array("do not copy".utf8))
    mixed.appendCustomBlock(type: 0x1234_5678, body: [])
    mixed.appendEnhanced(ethernetFrames[3], interface: 1, timestamp: time(3))
    files.append(("pcapng-\(order)-unknown-blocks", mixed.takeBytes()))
}

// Several sections, switching byte order; each forgets the previous section's interfaces.
var sections = PcapNGWriter(bigEndian: false)
for (index, (bigEndian, link)) in [(false, FrameLink.ethernet()), (true, .raw), (false, .linuxCooked2)].enumerated() {
    if index > 0 { sections.startSection(bigEndian: bigEndian) }
    sections.addInterface(linkType: link.linkType, timestampResolution: index == 1 ? 9 : nil)
    for (frameIndex, frame) in frames(link).prefix(2).enumerated() {
        sections.appendEnhanced(frame, interface: 0, timestamp: time(index * 2 + frameIndex))
    }
}
files.append(("pcapng-sections-mixed-order", sections.takeBytes()))

// A section with an interface but no packets.
var empty = PcapNGWriter(bigEndian: true)
empty.addInterface(linkType: .ethernet, extraOptions: true)
files.append(("pcapng-be-no-packets", empty.takeBytes()))

// MARK: - Write

for (name, bytes) in files {
    let path = directory + "/" + name
    guard let stream = fopen(path, "wb") else {
        print("cannot open \(path)")
        exit(1)
    }
    let written = bytes.withUnsafeBufferPointer { unsafe fwrite($0.baseAddress, 1, $0.count, stream) }
    fclose(stream)
    guard written == bytes.count else {
        print("short write to \(path)")
        exit(1)
    }
}
print("wrote \(files.count) files to \(directory)")
