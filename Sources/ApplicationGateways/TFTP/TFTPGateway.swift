// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// The TFTP application-level gateway (RFC 1350): a read (RRQ) or write (WRQ) request to the server's port
/// 69 announces the transfer, which the server answers from a new port of its own (RFC 1350 §4, "TID") to
/// the client's port.
///
/// A request is `opcode (2 bytes) filename NUL mode NUL`, with opcode 1 (RRQ) or 2 (WRQ); anything else
/// on port 69 opens nothing.
public enum TFTPGateway {
    /// Longest filename or mode accepted, bytes (a request fits one datagram of 512 bytes, RFC 1350 §2).
    public static let longestField = 512

    /// The transfer a request from `client`:`clientPort` to `server` announces, or `nil` when `payload`
    /// is not a well-formed RRQ or WRQ.
    public static func inspect(
        _ payload: Span<UInt8>, client: IPAddress, clientPort: UInt16, server: IPAddress
    ) -> GatewayAction? {
        guard payload.count >= 4, payload[0] == 0, payload[1] == 1 || payload[1] == 2 else { return nil }
        // filename NUL mode NUL
        var index = 2
        for _ in 0..<2 {
            let start = index
            while index < payload.count && payload[index] != 0 { index += 1 }
            guard index < payload.count, index > start, index - start <= longestField else { return nil }
            index += 1
        }
        guard clientPort != 0 else { return .violation(.badPort) }
        return .expect(Expectation(source: server, destination: client, destinationPort: clientPort, transport: .udp))
    }
}
