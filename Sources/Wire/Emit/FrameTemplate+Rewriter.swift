// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension FrameTemplate {
    /// Where a template's per-packet fields are, and the sums of everything else: all that rewriting a copy
    /// of the template needs, in a `BitwiseCopyable` value that a closure captures without reference counting.
    ///
    /// The `rewrite…(in:)` methods are inlinable: a generator calls one for every packet, and as calls
    /// across the module boundary they made `ams-tracegen` markedly slower (measured).
    public struct Rewriter: Hashable, Sendable, BitwiseCopyable {
        /// The length of the frame.
        public let length: Int
        /// ``IPProtocol/tcp``, ``IPProtocol/udp`` or ``IPProtocol/icmp``.
        public let transport: IPProtocol
        /// The offset of the IPv4 header: the link header's length.
        public let networkOffset: Int
        /// The offset of the transport header.
        public let transportOffset: Int
        /// The offset of the payload: the end of the transport header, options included.
        public let payloadOffset: Int

        /// The sum of the IPv4 header's constant words (all but the identification, checksum and addresses).
        @usableFromInline let networkSum: InternetChecksum
        /// The sum of the transport checksum's constant words: the pseudo-header's protocol and length (not for
        /// ICMP, RFC 792), the header and the payload, without the checksum field and, for UDP, the payload's
        /// first word.
        @usableFromInline let transportSum: InternetChecksum
        /// The payload's first two bytes as a word (zero if there are fewer), for
        /// ``rewriteUDP(in:source:destination:identification:sourcePort:destinationPort:leadingPayloadWord:)``.
        @usableFromInline let leadingPayloadWord: UInt16

        /// The number of bytes after the transport header.
        @inlinable
        public var payloadLength: Int { length - payloadOffset }

        /// Wraps `frame`, an IPv4 TCP, UDP or ICMP echo frame whose per-packet fields are zero, and sums its
        /// constant words.
        ///
        /// - Precondition: `frame` holds a whole IPv4 datagram at `networkOffset` (``FrameBuilder`` built it).
        init(frame: [UInt8], networkOffset: Int) {
            precondition(frame.count >= networkOffset + 20 && frame[networkOffset] >> 4 == 4, "not an IPv4 frame")
            let transportOffset = networkOffset + Int(frame[networkOffset] & 0x0F) * 4
            let transport = IPProtocol(rawValue: frame[networkOffset + 9])
            let checksumOffset: Int
            let payloadOffset: Int
            switch transport {
            case .tcp:
                checksumOffset = transportOffset + 16
                payloadOffset = transportOffset + Int(frame[transportOffset + 12] >> 4) * 4
            case .udp:
                checksumOffset = transportOffset + 6
                payloadOffset = transportOffset + 8
            case .icmp:
                checksumOffset = transportOffset + 2
                payloadOffset = transportOffset + 8
            default:
                preconditionFailure("a frame template carries TCP, UDP or ICMP")
            }
            precondition(payloadOffset <= frame.count, "truncated transport header")

            var networkSum = InternetChecksum()
            networkSum.add(frame[networkOffset..<(networkOffset + 10)])
            networkSum.add(frame[(networkOffset + 12)..<transportOffset])

            var transportSum = InternetChecksum()
            if transport != .icmp {
                transportSum.add(UInt16(transport.rawValue))
                transportSum.add(UInt16(truncatingIfNeeded: frame.count - transportOffset))
            }
            transportSum.add(frame[transportOffset..<checksumOffset])
            var leadingPayloadWord: UInt16 = 0
            if transport == .udp && frame.count - payloadOffset >= 2 {
                // Left out of the sum, so that a rewrite may replace it.
                transportSum.add(frame[(checksumOffset + 2)..<payloadOffset])
                transportSum.add(frame[(payloadOffset + 2)...])
                leadingPayloadWord = UInt16(frame[payloadOffset]) &<< 8 | UInt16(frame[payloadOffset + 1])
            } else {
                transportSum.add(frame[(checksumOffset + 2)...])
            }

            self.length = frame.count
            self.transport = transport
            self.networkOffset = networkOffset
            self.transportOffset = transportOffset
            self.payloadOffset = payloadOffset
            self.networkSum = networkSum
            self.transportSum = transportSum
            self.leadingPayloadWord = leadingPayloadWord
        }

        // MARK: - Rewriting a copy

        /// Stores a TCP segment's per-packet fields and both checksums (RFC 791 §3.1; RFC 9293 §3.1) into
        /// `frame`, a copy of ``FrameTemplate/bytes``.
        ///
        /// - Precondition: This is a TCP template, `frame` is as long as ``FrameTemplate/bytes``, and both addresses are IPv4.
        @inlinable
        public func rewriteTCP(
            in frame: inout MutableSpan<UInt8>,
            source: IPAddress,
            destination: IPAddress,
            identification: UInt16,
            sourcePort: UInt16,
            destinationPort: UInt16,
            sequenceNumber: UInt32,
            acknowledgmentNumber: UInt32
        ) {
            precondition(transport == .tcp, "not a TCP template")
            var checksum = rewriteIPv4(
                in: &frame,
                source: source,
                destination: destination,
                identification: identification
            )
            frame.storeNetwork(sourcePort, at: transportOffset)
            frame.storeNetwork(destinationPort, at: transportOffset + 2)
            frame.storeNetwork(sequenceNumber, at: transportOffset + 4)
            frame.storeNetwork(acknowledgmentNumber, at: transportOffset + 8)
            checksum.add(sourcePort)
            checksum.add(destinationPort)
            checksum.add(sequenceNumber)
            checksum.add(acknowledgmentNumber)
            frame.storeNetwork(checksum.value, at: transportOffset + 16)
        }

        /// Stores a UDP datagram's per-packet fields and both checksums (RFC 791 §3.1; RFC 768) into `frame`,
        /// a copy of ``FrameTemplate/bytes``.
        ///
        /// - Parameter leadingPayloadWord: The payload's first two bytes, in network order (a DNS message ID,
        ///   RFC 1035 §4.1.1); `nil` keeps the template's.
        /// - Precondition: This is a UDP template, `frame` is as long as ``FrameTemplate/bytes``, both addresses are IPv4, and
        ///   the payload has two bytes if `leadingPayloadWord` is given.
        @inlinable
        public func rewriteUDP(
            in frame: inout MutableSpan<UInt8>,
            source: IPAddress,
            destination: IPAddress,
            identification: UInt16,
            sourcePort: UInt16,
            destinationPort: UInt16,
            leadingPayloadWord: UInt16? = nil
        ) {
            precondition(transport == .udp, "not a UDP template")
            var checksum = rewriteIPv4(
                in: &frame,
                source: source,
                destination: destination,
                identification: identification
            )
            frame.storeNetwork(sourcePort, at: transportOffset)
            frame.storeNetwork(destinationPort, at: transportOffset + 2)
            checksum.add(sourcePort)
            checksum.add(destinationPort)
            if let word = leadingPayloadWord {
                precondition(payloadLength >= 2, "the payload has no leading word")
                frame.storeNetwork(word, at: payloadOffset)
                checksum.add(word)
            } else {
                checksum.add(self.leadingPayloadWord)
            }
            var value = checksum.value
            // UDP transmits a computed zero as all ones: zero means "no checksum" (RFC 768).
            if value == 0 { value = 0xFFFF }
            frame.storeNetwork(value, at: transportOffset + 6)
        }

        /// Stores an ICMP echo request's or reply's per-packet fields and both checksums (RFC 791 §3.1; RFC 792)
        /// into `frame`, a copy of ``FrameTemplate/bytes``.
        ///
        /// - Precondition: This is an ICMP template, `frame` is as long as ``FrameTemplate/bytes``, and both addresses are IPv4.
        @inlinable
        public func rewriteICMPEcho(
            in frame: inout MutableSpan<UInt8>,
            source: IPAddress,
            destination: IPAddress,
            identification: UInt16,
            identifier: UInt16,
            sequenceNumber: UInt16
        ) {
            precondition(transport == .icmp, "not an ICMP template")
            _ = rewriteIPv4(in: &frame, source: source, destination: destination, identification: identification)
            frame.storeNetwork(identifier, at: transportOffset + 4)
            frame.storeNetwork(sequenceNumber, at: transportOffset + 6)
            // ICMP has no pseudo-header: the addresses stay out of its checksum.
            var checksum = transportSum
            checksum.add(identifier)
            checksum.add(sequenceNumber)
            frame.storeNetwork(checksum.value, at: transportOffset + 2)
        }

        /// Stores the IPv4 identification, addresses and header checksum; returns ``transportSum`` with the
        /// pseudo-header's addresses added.
        @inlinable @inline(__always)
        func rewriteIPv4(
            in frame: inout MutableSpan<UInt8>,
            source: IPAddress,
            destination: IPAddress,
            identification: UInt16
        ) -> InternetChecksum {
            precondition(frame.count == length, "the frame is not a copy of the template")
            precondition(source.isIPv4 && destination.isIPv4, "a frame template is IPv4")
            frame.storeNetwork(identification, at: networkOffset + 4)
            frame.storeNetwork(source.ipv4Value, at: networkOffset + 12)
            frame.storeNetwork(destination.ipv4Value, at: networkOffset + 16)
            var header = networkSum
            header.add(identification)
            header.add(source.ipv4Value)
            header.add(destination.ipv4Value)
            frame.storeNetwork(header.value, at: networkOffset + 10)
            var pseudoHeader = transportSum
            pseudoHeader.add(source.ipv4Value)
            pseudoHeader.add(destination.ipv4Value)
            return pseudoHeader
        }
    }
}
