// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

/// The link types the fuzzer cycles through; the input's first byte picks one.
let linkTypes: [LinkType] = [
    .ethernet, .linuxCooked, .linuxCooked2, .raw, .ipv4, .ipv6, .null, .loop,
    LinkType(rawValue: 12), LinkType(rawValue: 14), LinkType(rawValue: 9),
]

/// libFuzzer's entry point: byte 0 chooses the link type, the rest is the frame.
///
/// Checks the invariants the session engine relies on, so a violation is a crash libFuzzer reports.
@c(LLVMFuzzerTestOneInput)
public func fuzzWire(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    // Safe: libFuzzer guarantees `size` readable bytes at `data` for the duration of the call.
    let bytes = unsafe UnsafeBufferPointer(start: data, count: size)
    let linkType = linkTypes[Int(unsafe bytes[0]) % linkTypes.count]
    let frame = unsafe Array(bytes.dropFirst())
    do {
        let packet = try DecodedPacket(parsing: frame.span, linkType: linkType)
        precondition(Int(packet.payloadOffset) + Int(packet.payloadLength) <= frame.count, "payload beyond the frame")
        precondition(packet.ipVersion == 4 || packet.ipVersion == 6, "bad IP version")
        precondition(
            !packet.isLaterFragment || (packet.sourcePort == 0 && packet.destinationPort == 0),
            "ports on a later fragment"
        )
        precondition(!packet.isLaterFragment || packet.isFragment, "later fragment that is not a fragment")
    } catch {
        _ = error.counterIndex
    }
    // The answer a Reject session would send (inline `ams run`): whatever the frame, it fits its buffer,
    // and one that is sent decodes as the RST, ICMP or ICMPv6 error it is meant to be.
    var answer = [UInt8](repeating: 0, count: RejectAnswer.maximumLength)
    var output = answer.mutableSpan
    let length = RejectAnswer.build(answering: frame.span, linkType: linkType, into: &output)
    precondition(length >= 0 && length <= RejectAnswer.maximumLength, "answer longer than its bound")
    if length > 0 {
        guard let reply = try? DecodedPacket(parsing: answer.span.extracting(0..<length), linkType: .ethernet) else {
            preconditionFailure("a reject answer that does not decode")
        }
        precondition(
            reply.transport == .tcp ? reply.tcpFlags.contains(.rst) : reply.transport == .icmp || reply.transport == .icmpv6,
            "a reject answer that is neither a reset nor an ICMP error")
    }
    return 0
}
