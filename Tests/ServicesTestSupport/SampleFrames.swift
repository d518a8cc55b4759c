// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// One named frame and the link type it is framed for.
public struct SampleFrame: Sendable {
    public var name: String
    public var linkType: LinkType
    public var bytes: [UInt8]

    public init(name: String, linkType: LinkType, bytes: [UInt8]) {
        self.name = name
        self.linkType = linkType
        self.bytes = bytes
    }
}

/// A catalogue of small valid frames covering every protocol and link type ``Wire`` decodes.
///
/// Used by the robustness tests (every prefix, random byte flips) and to write the fuzz seed corpus.
public enum SampleFrames {
    public static let client4 = IPAddress(10, 0, 0, 1)
    public static let server4 = IPAddress(192, 0, 2, 7)
    public static let client6 = IPAddress("2001:db8::1")!
    public static let server6 = IPAddress("2001:db8:ffff::7")!

    /// Every sample frame.
    public static var all: [SampleFrame] {
        var frames: [SampleFrame] = []
        let links: [(String, FrameLink)] = [
            ("eth", .ethernet()), ("vlan", .ethernet(vlans: [100])),
            ("qinq", .ethernet(vlans: [100, 200], qinq: true)),
            ("sll", .linuxCooked), ("sll2", .linuxCooked2), ("raw", .raw), ("null", .null()),
            ("nullbe", .null(bigEndian: true)), ("loop", .loop),
        ]
        for (linkName, link) in links {
            let b = FrameBuilder(link: link)
            for (family, c, s) in [("4", client4, server4), ("6", client6, server6)] {
                func add(_ name: String, _ bytes: [UInt8]) {
                    frames.append(
                        SampleFrame(name: "\(linkName)-ip\(family)-\(name)", linkType: link.linkType, bytes: bytes)
                    )
                }
                add("tcp-syn", b.tcp(from: c, port: 40000, to: s, port: 21, flags: [.syn], sequenceNumber: 1))
                guard linkName == "eth" || linkName == "vlan" || linkName == "sll2" || linkName == "raw" else {
                    continue
                }
                add(
                    "tcp-data",
                    b.tcp(
                        from: s,
                        port: 21,
                        to: c,
                        port: 40000,
                        flags: [.psh, .ack],
                        options: [1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2],
                        payload: Array("227 Entering Passive Mode (192,0,2,7,195,80)\r\n".utf8)
                    )
                )
                add("udp", b.udp(from: c, port: 5353, to: s, port: 53, payload: [0x12, 0x34, 1, 0, 0, 1, 0, 0]))
                add("sctp", b.sctp(from: c, port: 2905, to: s, port: 2905, verificationTag: 7, payload: [1, 0, 0, 4]))
                add("echo", b.icmpEcho(from: c, to: s, identifier: 0x1234, sequenceNumber: 1, payload: [0, 1, 2, 3]))
                let probe = FrameBuilder(link: .raw).udp(
                    from: c,
                    port: 33434,
                    to: s,
                    port: 33435,
                    payload: [0, 0, 0, 0]
                )
                add("unreachable", b.icmpError(from: s, to: c, type: family == "4" ? 3 : 1, code: 3, quoting: probe))
                add(
                    "gre1",
                    b.gre(
                        from: c,
                        to: s,
                        header: .enhanced(payloadLength: 4, callID: 0xBEEF, sequenceNumber: 1),
                        payload: [0xff, 0x03, 0, 0x21]
                    )
                )
                add(
                    "gre0",
                    b.gre(
                        from: c,
                        to: s,
                        header: GREHeader(checksumPresent: true, keyPresent: true, protocolType: .ipv4, key: 9)
                    )
                )
                add("esp", b.esp(from: c, to: s, securityParametersIndex: 0x1000, payload: [1, 2, 3, 4]))
                add(
                    "ah",
                    b.ah(
                        from: c,
                        to: s,
                        header: AuthenticationHeader(
                            nextHeader: .tcp,
                            headerLength: 24,
                            securityParametersIndex: 5,
                            sequenceNumber: 1
                        )
                    )
                )
                var fragmenting = b
                fragmenting.fragment = .init(offset: 0, moreFragments: true, identification: 77)
                add(
                    "frag-first",
                    fragmenting.udp(from: c, port: 1, to: s, port: 2, payload: Array(repeating: 0x55, count: 16))
                )
                fragmenting.fragment = .init(offset: 3, moreFragments: false, identification: 77)
                add(
                    "frag-later",
                    fragmenting.frame(from: c, to: s, transport: .udp, segment: Array(repeating: 0x55, count: 8))
                )
                add("other", b.frame(from: c, to: s, transport: .ospf, segment: [2, 1, 0, 4]))
                if family == "6" {
                    var extended = b
                    extended.ipv6Extensions = [.hopByHop(), .destinationOptions(units: 2), .routing()]
                    add("ext-tcp", extended.tcp(from: c, port: 1000, to: s, port: 80, flags: [.syn]))
                    add("nonext", b.frame(from: c, to: s, transport: IPProtocol(rawValue: 59), segment: []))
                } else {
                    var optioned = b
                    optioned.ipv4Options = [0x94, 0x04, 0, 0]
                    add("options-tcp", optioned.tcp(from: c, port: 1000, to: s, port: 80, flags: [.syn]))
                }
            }
        }
        return frames
    }
}
