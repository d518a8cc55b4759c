// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// The FTP application-level gateway (RFC 959, RFC 2428): reads the control connection and announces the
/// data connections it expects.
///
/// - `PORT h1,h2,h3,h4,p1,p2` and `EPRT |1|a.b.c.d|port|` / `EPRT |2|ipv6|port|` from the client: the
///   server will connect to the client's address and port (active mode).
/// - `227 … (h1,h2,h3,h4,p1,p2)` and `229 … (|||port|)` from the server: the client will connect to the
///   server (passive mode; 229 names no address: the server's own is meant).
///
/// An address that is not the announcing peer's own is an FTP bounce: no gate, a ``GatewayViolation``.
/// A pure state machine: it never touches the session table; the engine carries out what it returns.
public struct FTPGateway: Sendable {
    private var connection: ControlConnection
    /// The control connection's client (initiator) and server (responder).
    public var client: IPAddress { connection.client }
    public var server: IPAddress { connection.server }

    public init(client: IPAddress, server: IPAddress) {
        connection = ControlConnection(client: client, server: server)
    }

    /// Reads a segment of the control connection (`fromClient`: sent by the initiator) whose first byte
    /// has TCP sequence number `sequence`, and calls `act` for each announcement found.
    public mutating func inspect(
        _ payload: Span<UInt8>, sequence: UInt32, fromClient isClient: Bool, _ act: (GatewayAction) -> Void
    ) {
        let (client, server) = (connection.client, connection.server)
        connection.read(payload, sequence: sequence, fromClient: isClient) { line in
            GatewayAction.emit(
                isClient
                    ? Self.clientLine(line, client: client, server: server)
                    : Self.serverLine(line, client: client, server: server), act)
        }
    }

    /// `PORT` or `EPRT` from the client.
    static func clientLine(_ line: Span<UInt8>, client: IPAddress, server: IPAddress) -> GatewayAction? {
        let announced: (address: IPAddress, port: Int)?
        if line.hasPrefix(caseInsensitive: "PORT ") {
            announced = line.hostPort(from: 5)
        } else if line.hasPrefix(caseInsensitive: "EPRT ") {
            announced = line.extendedAddress(from: 5)
        } else {
            return nil
        }
        guard let announced else { return nil }
        guard (1...65535).contains(announced.port) else { return .violation(.badPort) }
        guard announced.address == client else { return .violation(.bounce) }
        return .expect(
            Expectation(source: server, destination: client, destinationPort: UInt16(announced.port), transport: .tcp))
    }

    /// A `227` or `229` reply from the server.
    static func serverLine(_ line: Span<UInt8>, client: IPAddress, server: IPAddress) -> GatewayAction? {
        let announced: (address: IPAddress, port: Int)?
        if line.hasPrefix(caseInsensitive: "227") {
            guard let open = line.firstIndex(of: UInt8(ascii: "(")) else { return nil }
            announced = line.hostPort(from: open + 1)
        } else if line.hasPrefix(caseInsensitive: "229") {
            guard let open = line.firstIndex(of: UInt8(ascii: "(")),
                let port = line.extendedPort(from: open + 1)
            else { return nil }
            announced = (server, port)
        } else {
            return nil
        }
        guard let announced else { return nil }
        guard (1...65535).contains(announced.port) else { return .violation(.badPort) }
        guard announced.address == server else { return .violation(.bounce) }
        return .expect(
            Expectation(source: client, destination: server, destinationPort: UInt16(announced.port), transport: .tcp))
    }
}
