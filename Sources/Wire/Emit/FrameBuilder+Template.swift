// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension FrameBuilder {
    /// A TCP segment template (RFC 9293 §3.1): this builder's link and IPv4 fields with zero addresses,
    /// identification, ports, sequence and acknowledgment numbers.
    ///
    /// - Precondition: The builder makes no fragment (a template's identification is per packet).
    public func tcpTemplate(
        flags: TCPFlags,
        window: UInt16 = 65535,
        options: [UInt8] = [],
        payload: [UInt8] = []
    ) -> FrameTemplate {
        let builder = templateBuilder()
        let frame = builder.tcp(
            from: Self.unspecified,
            port: 0,
            to: Self.unspecified,
            port: 0,
            flags: flags,
            window: window,
            options: options,
            payload: payload
        )
        return FrameTemplate(frame: frame, networkOffset: builder.linkHeaderLength)
    }

    /// A UDP datagram template (RFC 768): this builder's link and IPv4 fields with zero addresses,
    /// identification and ports.
    ///
    /// The payload's first two bytes may be replaced per packet (see
    /// ``FrameTemplate/rewriteUDP(in:source:destination:identification:sourcePort:destinationPort:leadingPayloadWord:)``).
    ///
    /// - Precondition: The builder makes no fragment.
    public func udpTemplate(payload: [UInt8] = []) -> FrameTemplate {
        let builder = templateBuilder()
        let frame = builder.udp(from: Self.unspecified, port: 0, to: Self.unspecified, port: 0, payload: payload)
        return FrameTemplate(frame: frame, networkOffset: builder.linkHeaderLength)
    }

    /// An ICMP echo request (type 8) or reply (type 0) template (RFC 792): this builder's link and IPv4 fields
    /// with zero addresses, identification, identifier and sequence number.
    ///
    /// - Precondition: The builder makes no fragment.
    public func icmpEchoTemplate(isReply: Bool = false, payload: [UInt8] = []) -> FrameTemplate {
        let builder = templateBuilder()
        let frame = builder.icmpEcho(
            from: Self.unspecified,
            to: Self.unspecified,
            identifier: 0,
            isReply: isReply,
            payload: payload
        )
        return FrameTemplate(frame: frame, networkOffset: builder.linkHeaderLength)
    }

    /// 0.0.0.0, the zero a template's addresses start from.
    private static var unspecified: IPAddress { IPAddress(ipv4: 0) }

    /// This builder with the identification zero (a template's identification is rewritten per packet).
    private func templateBuilder() -> FrameBuilder {
        precondition(fragment == nil, "a frame template cannot be a fragment")
        var builder = self
        builder.identification = 0
        return builder
    }

    /// The length of the link header this builder writes before an IPv4 datagram.
    private var linkHeaderLength: Int {
        var header: [UInt8] = []
        link.emit(into: &header, networkProtocol: .ipv4, sourceMAC: sourceMAC, destinationMAC: destinationMAC)
        return header.count
    }
}
