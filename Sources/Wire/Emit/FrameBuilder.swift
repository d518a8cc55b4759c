// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Builds whole frames for tests, fuzz corpora and synthetic traces.
///
/// Not a data-path type: every call returns a fresh `[UInt8]`. The IP family follows the addresses
/// (IPv4-mapped addresses give IPv4), headers come from the ``IPv4Header``, ``IPv6Header``, ``TCPHeader``…
/// emitters, and the IPv4 header, TCP, UDP, ICMP and ICMPv6 checksums are correct (RFC 1071; pseudo-headers
/// per RFC 9293 §3.1, RFC 768, RFC 8200 §8.1). SCTP's CRC32c is left zero.
///
/// ```swift
/// let builder = FrameBuilder(link: .ethernet(vlans: [100]))
/// let syn = builder.tcp(from: client, port: 40000, to: server, port: 21, flags: [.syn])
/// ```
public struct FrameBuilder: Sendable {
    /// A fragment's position, for ``fragment``.
    public struct Fragment: Hashable, Sendable {
        /// The offset in 8-byte units.
        public var offset: UInt16
        public var moreFragments: Bool
        /// The identification (IPv4 uses the low 16 bits).
        public var identification: UInt32

        public init(offset: UInt16, moreFragments: Bool, identification: UInt32) {
            self.offset = offset
            self.moreFragments = moreFragments
            self.identification = identification
        }
    }

    /// The link framing.
    public var link: FrameLink
    /// The Ethernet source address (6 bytes), also the Linux cooked capture's link-layer address.
    public var sourceMAC: [UInt8] = FrameLink.sourceMAC
    /// The Ethernet destination address (6 bytes).
    public var destinationMAC: [UInt8] = FrameLink.destinationMAC
    /// IPv4 TTL or IPv6 hop limit.
    public var timeToLive: UInt8 = 64
    /// The IPv4 identification (unless ``fragment`` sets it).
    public var identification: UInt16 = 0
    /// The IPv4 DF flag.
    public var dontFragment: Bool = false
    /// IPv4 options, zero-padded to a multiple of 4 (at most 40 bytes).
    public var ipv4Options: [UInt8] = []
    /// IPv6 extension headers, in order, before the transport (a ``fragment`` header goes after them).
    public var ipv6Extensions: [IPv6ExtensionHeader] = []
    /// Makes the datagram a fragment: IPv4 MF/offset/ID, or an IPv6 Fragment header.
    public var fragment: Fragment? = nil

    /// A builder for `link` framing with default IP fields (TTL 64, no options, not a fragment).
    public init(link: FrameLink = .ethernet()) {
        self.link = link
    }

    // MARK: - IP

    /// Builds a frame carrying `segment` (the transport header and payload, checksums already in place)
    /// as protocol `transport` from `source` to `destination`.
    public func frame(from source: IPAddress, to destination: IPAddress, transport: IPProtocol, segment: [UInt8])
        -> [UInt8]
    {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + segment.count)
        let isIPv4 = source.isIPv4
        link.emit(
            into: &bytes,
            networkProtocol: isIPv4 ? .ipv4 : .ipv6,
            sourceMAC: sourceMAC,
            destinationMAC: destinationMAC
        )
        if isIPv4 {
            let optionLength = (ipv4Options.count + 3) / 4 * 4
            let header = IPv4Header(
                totalLength: UInt16(truncatingIfNeeded: 20 + optionLength + segment.count),
                identification: fragment.map { UInt16(truncatingIfNeeded: $0.identification) } ?? identification,
                dontFragment: dontFragment,
                moreFragments: fragment?.moreFragments ?? false,
                fragmentOffset: fragment?.offset ?? 0,
                timeToLive: timeToLive,
                transport: transport,
                source: source,
                destination: destination
            )
            header.emit(into: &bytes, options: ipv4Options)
        } else {
            var extensions = ipv6Extensions
            if let fragment {
                extensions.append(
                    .fragment(
                        offset: fragment.offset,
                        moreFragments: fragment.moreFragments,
                        identification: fragment.identification
                    )
                )
            }
            let extensionLength = extensions.reduce(0) { $0 + $1.length }
            let header = IPv6Header(
                payloadLength: UInt16(truncatingIfNeeded: extensionLength + segment.count),
                nextHeader: extensions.first?.protocolNumber ?? transport,
                hopLimit: timeToLive,
                source: source,
                destination: destination
            )
            header.emit(into: &bytes)
            for (index, header) in extensions.enumerated() {
                let next = index + 1 < extensions.count ? extensions[index + 1].protocolNumber : transport
                header.emit(into: &bytes, next: next)
            }
        }
        bytes.append(contentsOf: segment)
        return bytes
    }

    /// Stores the transport checksum at `offset` in `segment`, over the pseudo-header (RFC 9293 §3.1,
    /// RFC 8200 §8.1) when `pseudoHeader` is set.
    static func checksummed(
        _ segment: [UInt8],
        at offset: Int,
        transport: IPProtocol,
        source: IPAddress,
        destination: IPAddress,
        pseudoHeader: Bool = true
    ) -> [UInt8] {
        var checksum = InternetChecksum()
        if pseudoHeader {
            checksum.add(source)
            checksum.add(destination)
            if source.isIPv4 {
                checksum.add(UInt16(transport.rawValue))
                checksum.add(UInt16(truncatingIfNeeded: segment.count))
            } else {
                checksum.add(UInt32(truncatingIfNeeded: segment.count))
                checksum.add(UInt32(transport.rawValue))
            }
        }
        checksum.add(segment)
        var result = segment
        var value = checksum.value
        // UDP transmits a computed zero as all ones (RFC 768).
        if transport == .udp && value == 0 { value = 0xFFFF }
        result.storeNetwork(value, at: offset)
        return result
    }

    // MARK: - Transports

    /// A TCP segment (RFC 9293 §3.1) with a correct checksum.
    public func tcp(
        from source: IPAddress,
        port sourcePort: UInt16,
        to destination: IPAddress,
        port destinationPort: UInt16,
        flags: TCPFlags,
        sequenceNumber: UInt32 = 0,
        acknowledgmentNumber: UInt32 = 0,
        window: UInt16 = 65535,
        options: [UInt8] = [],
        payload: [UInt8] = []
    ) -> [UInt8] {
        var segment: [UInt8] = []
        TCPHeader(
            sourcePort: sourcePort,
            destinationPort: destinationPort,
            sequenceNumber: sequenceNumber,
            acknowledgmentNumber: acknowledgmentNumber,
            flags: flags,
            window: window
        ).emit(into: &segment, options: options)
        segment += payload
        let checked = Self.checksummed(segment, at: 16, transport: .tcp, source: source, destination: destination)
        return frame(from: source, to: destination, transport: .tcp, segment: checked)
    }

    /// A UDP datagram (RFC 768) with a correct checksum.
    public func udp(
        from source: IPAddress,
        port sourcePort: UInt16,
        to destination: IPAddress,
        port destinationPort: UInt16,
        payload: [UInt8] = []
    ) -> [UInt8] {
        var segment: [UInt8] = []
        UDPHeader(
            sourcePort: sourcePort,
            destinationPort: destinationPort,
            length: UInt16(truncatingIfNeeded: 8 + payload.count)
        ).emit(into: &segment)
        segment += payload
        let checked = Self.checksummed(segment, at: 6, transport: .udp, source: source, destination: destination)
        return frame(from: source, to: destination, transport: .udp, segment: checked)
    }

    /// An SCTP packet (RFC 9260 §3) whose chunks are `payload`; the CRC32c is left zero.
    public func sctp(
        from source: IPAddress,
        port sourcePort: UInt16,
        to destination: IPAddress,
        port destinationPort: UInt16,
        verificationTag: UInt32 = 0,
        payload: [UInt8] = []
    ) -> [UInt8] {
        var segment: [UInt8] = []
        SCTPHeader(sourcePort: sourcePort, destinationPort: destinationPort, verificationTag: verificationTag)
            .emit(into: &segment)
        segment += payload
        return frame(from: source, to: destination, transport: .sctp, segment: segment)
    }

    /// An ICMP (IPv4 addresses, RFC 792) or ICMPv6 (IPv6 addresses, RFC 4443) message with a correct checksum.
    public func icmp(from source: IPAddress, to destination: IPAddress, header: ICMPHeader, body: [UInt8] = [])
        -> [UInt8]
    {
        var segment: [UInt8] = []
        header.emit(into: &segment)
        segment += body
        let transport: IPProtocol = source.isIPv4 ? .icmp : .icmpv6
        let checked = Self.checksummed(
            segment,
            at: 2,
            transport: transport,
            source: source,
            destination: destination,
            pseudoHeader: !source.isIPv4
        )
        return frame(from: source, to: destination, transport: transport, segment: checked)
    }

    /// An echo request or reply: ICMP type 8/0 or ICMPv6 type 128/129.
    public func icmpEcho(
        from source: IPAddress,
        to destination: IPAddress,
        identifier: UInt16,
        sequenceNumber: UInt16 = 0,
        isReply: Bool = false,
        payload: [UInt8] = []
    ) -> [UInt8] {
        let type: UInt8 = source.isIPv4 ? (isReply ? 0 : 8) : (isReply ? 129 : 128)
        return icmp(
            from: source,
            to: destination,
            header: ICMPHeader(type: type, identifier: identifier, sequenceNumber: sequenceNumber),
            body: payload
        )
    }

    /// An ICMP or ICMPv6 error quoting `datagram` (an IP datagram, e.g. from a ``FrameLink/raw`` builder),
    /// cut to `quoteLimit` bytes (RFC 792: header + 8 bytes; RFC 4443 §2.4 (c): as much as fits in 1280).
    public func icmpError(
        from source: IPAddress,
        to destination: IPAddress,
        type: UInt8,
        code: UInt8,
        restOfHeader: UInt32 = 0,
        quoting datagram: [UInt8],
        quoteLimit: Int = 1232
    ) -> [UInt8] {
        icmp(
            from: source,
            to: destination,
            header: ICMPHeader(type: type, code: code, restOfHeader: restOfHeader),
            body: Array(datagram.prefix(quoteLimit))
        )
    }

    /// A GRE packet (RFC 2784, RFC 2890) or enhanced GRE packet (RFC 2637 §4.1, see ``GREHeader/enhanced(payloadLength:callID:sequenceNumber:acknowledgmentNumber:)``).
    public func gre(from source: IPAddress, to destination: IPAddress, header: GREHeader, payload: [UInt8] = [])
        -> [UInt8]
    {
        var segment: [UInt8] = []
        header.emit(into: &segment)
        segment += payload
        if header.checksumPresent {
            segment = Self.checksummed(
                segment,
                at: 4,
                transport: .gre,
                source: source,
                destination: destination,
                pseudoHeader: false
            )
        }
        return frame(from: source, to: destination, transport: .gre, segment: segment)
    }

    /// An ESP packet (RFC 4303 §2) whose encrypted part is `payload`.
    public func esp(
        from source: IPAddress,
        to destination: IPAddress,
        securityParametersIndex: UInt32,
        sequenceNumber: UInt32 = 1,
        payload: [UInt8] = []
    ) -> [UInt8] {
        var segment: [UInt8] = []
        ESPHeader(securityParametersIndex: securityParametersIndex, sequenceNumber: sequenceNumber)
            .emit(into: &segment)
        segment += payload
        return frame(from: source, to: destination, transport: .esp, segment: segment)
    }

    /// An AH packet (RFC 4302 §2) protecting `payload` (the bytes of `header.nextHeader`).
    public func ah(
        from source: IPAddress,
        to destination: IPAddress,
        header: AuthenticationHeader,
        payload: [UInt8] = []
    ) -> [UInt8] {
        var segment: [UInt8] = []
        header.emit(into: &segment)
        segment += payload
        return frame(from: source, to: destination, transport: .ah, segment: segment)
    }
}
