// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// The SQL*Net application-level gateway (Oracle TNS on TCP 1521): reads the server's TNS packets and
/// announces the TCP connection a `(HOST=address)(PORT=port)` pair in them names — a Redirect, or a
/// dedicated server's address — from the client (README.md, *ALGs*: SQL*Net).
///
/// TNS packets start with their 16-bit length (header included, at least 8 bytes). The host must be an
/// address literal (a name cannot be resolved here); another host than the server is allowed: that is
/// what a redirect is for.
public struct SQLNetGateway: Sendable {
    private var connection: ControlConnection
    public var client: IPAddress { connection.client }
    public var server: IPAddress { connection.server }

    public init(client: IPAddress, server: IPAddress) {
        connection = ControlConnection(client: client, server: server, framing: .lengthPrefixed(minimum: 8))
    }

    /// Reads a segment of the control connection (see ``FTPGateway/inspect(_:sequence:fromClient:_:)``);
    /// the client's packets announce nothing.
    public mutating func inspect(
        _ payload: Span<UInt8>, sequence: UInt32, fromClient isClient: Bool, _ act: (GatewayAction) -> Void
    ) {
        let client = connection.client
        connection.read(payload, sequence: sequence, fromClient: isClient) {
            guard !isClient else { return }
            GatewayAction.emit(Self.packet($0, client: client), act)
        }
    }

    /// The connection a server packet announces, if it names a host and a port.
    static func packet(_ packet: Span<UInt8>, client: IPAddress) -> GatewayAction? {
        guard let host = packet.firstIndex(ofCaseInsensitive: "(HOST=", from: 8),
            let port = packet.firstIndex(ofCaseInsensitive: "(PORT=", from: 8),
            let hostText = packet.text(from: host + 6, upTo: UInt8(ascii: ")")),
            let address = IPAddress(hostText.trimmingSpaces)
        else { return nil }
        guard let (number, end) = packet.number(at: port + 6, digits: 6), end < packet.count,
            packet[end] == UInt8(ascii: ")"), (1...65535).contains(number)
        else { return .violation(.badPort) }
        return .expect(Expectation(source: client, destination: address, destinationPort: UInt16(number), transport: .tcp))
    }
}

extension String {
    /// The string without leading and trailing spaces.
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
