// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ApplicationGateways
import Wire

let client = IPAddress(10, 0, 0, 1)
let server = IPAddress(192, 0, 2, 7)

/// libFuzzer's entry point for the ALG parsers: byte 0 picks the gateway (FTP, TFTP, RTSP, PPTP,
/// SQL*Net); the rest is a series of segments, each `[length] [flags] payload…`: flags bit 0 says who
/// sends it (client or server), bits 1–7 move its sequence number back (a retransmission or overlap) or
/// ahead (a gap) of the next expected byte.
///
/// Checks what the engine relies on: announced ports are 1–65535 (PPTP call IDs may be 0), FTP never announces a third host, TFTP
/// always the client; a crash or a broken invariant is a finding.
@c(LLVMFuzzerTestOneInput)
public func fuzzGateways(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 1 else { return 0 }
    // Safe: libFuzzer guarantees `size` readable bytes at `data` for the duration of the call.
    let bytes = unsafe Array(UnsafeBufferPointer(start: data, count: size))
    let kind = bytes[0] % 5
    var ftp = FTPGateway(client: client, server: server)
    var rtsp = RTSPGateway(client: client, server: server)
    var pptp = PPTPGateway(client: client, server: server)
    var sqlnet = SQLNetGateway(client: client, server: server)
    var sequences: [UInt32] = [1000, 5000]
    var index = 1
    func check(_ action: GatewayAction) {
        guard case .expect(let expectation) = action else { return }
        // A PPTP call ID may be 0 (RFC 2637 sets no range); a port may not.
        precondition(expectation.destinationPort != 0 || expectation.transport == .gre, "port 0 announced")
        switch kind {
        case 0: precondition([client, server].contains(expectation.destination), "FTP bounce announced")
        case 1: precondition(expectation.destination == client, "TFTP gate not to the client")
        default: break
        }
    }
    while index + 2 <= bytes.count {
        let length = min(Int(bytes[index]), bytes.count - index - 2)
        let flags = bytes[index + 1]
        let payload = Array(bytes[(index + 2)..<(index + 2 + length)])
        index += 2 + length
        let fromClient = flags & 1 == 0
        let side = fromClient ? 0 : 1
        let shift = Int32(Int8(bitPattern: flags) >> 1)
        let sequence = UInt32(bitPattern: Int32(bitPattern: sequences[side]) &+ shift)
        switch kind {
        case 0: ftp.inspect(payload.span, sequence: sequence, fromClient: fromClient, check)
        case 1:
            if fromClient, let action = TFTPGateway.inspect(payload.span, client: client, clientPort: 4000, server: server) {
                check(action)
            }
        case 2: rtsp.inspect(payload.span, sequence: sequence, fromClient: fromClient, check)
        case 3: pptp.inspect(payload.span, sequence: sequence, fromClient: fromClient, check)
        default: sqlnet.inspect(payload.span, sequence: sequence, fromClient: fromClient, check)
        }
        sequences[side] = sequence &+ UInt32(payload.count)
    }
    return 0
}
