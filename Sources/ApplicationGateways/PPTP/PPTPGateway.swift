// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// The PPTP application-level gateway (RFC 2637): reads the control connection (TCP 1723) and announces
/// the GRE tunnel of each call.
///
/// A call is set up by an Outgoing-Call-Request from the PNS and an Outgoing-Call-Reply from the PAC
/// (RFC 2637 §2.7, §2.8); the reply carries the PAC's Call ID and, as Peer's Call ID, the PNS's. Enhanced
/// GRE packets carry the Call ID of their receiver (§4.1): PNS → PAC packets the PAC's, PAC → PNS packets
/// the PNS's. A successful reply (result code 1, Connected) announces one GRE flow, both directions.
public struct PPTPGateway: Sendable {
    private var connection: ControlConnection
    public var client: IPAddress { connection.client }
    public var server: IPAddress { connection.server }

    /// The PPTP magic cookie (RFC 2637 §2).
    static let magicCookie: UInt32 = 0x1A2B_3C4D

    public init(client: IPAddress, server: IPAddress) {
        connection = ControlConnection(client: client, server: server, framing: .lengthPrefixed(minimum: 12))
    }

    /// Reads a segment of the control connection (see ``FTPGateway/inspect(_:sequence:fromClient:_:)``).
    public mutating func inspect(
        _ payload: Span<UInt8>, sequence: UInt32, fromClient isClient: Bool, _ act: (GatewayAction) -> Void
    ) {
        // The sender of the reply is the PAC, whichever side opened the TCP connection.
        let (sender, receiver) = isClient ? (connection.client, connection.server) : (connection.server, connection.client)
        connection.read(payload, sequence: sequence, fromClient: isClient) {
            GatewayAction.emit(Self.message($0, pac: sender, pns: receiver), act)
        }
    }

    /// The GRE flow an Outgoing-Call-Reply from `pac` to `pns` announces; `nil` for other messages.
    static func message(_ message: Span<UInt8>, pac: IPAddress, pns: IPAddress) -> GatewayAction? {
        // Length(2) PPTP Message Type(2) Magic Cookie(4) Control Message Type(2) Reserved0(2) …
        guard message.count >= 12, message.networkUInt16(at: 2) == 1, message.networkUInt32(at: 4) == magicCookie
        else { return nil }
        // Outgoing-Call-Reply: … Call ID(2) Peer's Call ID(2) Result Code(1) …, 32 bytes (§2.8).
        guard message.networkUInt16(at: 8) == 8, message.count >= 32, message[16] == 1 else { return nil }
        let pacCall = message.networkUInt16(at: 12)
        let pnsCall = message.networkUInt16(at: 14)
        return .expect(Expectation(source: pns, destination: pac, destinationPort: pacCall, transport: .gre, sourcePort: pnsCall))
    }
}
