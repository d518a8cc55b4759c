// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// The RTSP application-level gateway (RFC 2326): reads the server's answers to `SETUP` and announces the
/// RTP and RTCP flows their `Transport` header names.
///
/// `Transport: RTP/AVP;unicast;client_port=8000-8001;server_port=9000-9001` announces two UDP flows, RTP
/// between the client's port 8000 and the server's 9000 and RTCP between 8001 and 9001 (RFC 2326 §12.39);
/// whichever side sends first opens it. `interleaved=` (RTP inside the RTSP connection) announces nothing.
/// Only the server's reply counts: it is the answer the client will use.
public struct RTSPGateway: Sendable {
    private var connection: ControlConnection
    public var client: IPAddress { connection.client }
    public var server: IPAddress { connection.server }

    public init(client: IPAddress, server: IPAddress) {
        connection = ControlConnection(client: client, server: server)
    }

    /// Reads a segment of the control connection (see ``FTPGateway/inspect(_:sequence:fromClient:_:)``);
    /// requests are only placed in the stream: they announce nothing.
    public mutating func inspect(
        _ payload: Span<UInt8>, sequence: UInt32, fromClient isClient: Bool, _ act: (GatewayAction) -> Void
    ) {
        let (client, server) = (connection.client, connection.server)
        connection.read(payload, sequence: sequence, fromClient: isClient) { line in
            guard !isClient else { return }
            for action in Self.serverLine(line, client: client, server: server) { act(action) }
        }
    }

    /// The gates a `Transport:` header line from the server announces (none for other lines).
    static func serverLine(_ line: Span<UInt8>, client: IPAddress, server: IPAddress) -> [GatewayAction] {
        guard line.hasPrefix(caseInsensitive: "Transport:") else { return [] }
        // The first transport specification is the one chosen; parameters end at ',' (the next one).
        let end = line.firstIndex(of: UInt8(ascii: ","), from: 10) ?? line.count
        if let interleaved = line.firstIndex(ofCaseInsensitive: "interleaved=", from: 10), interleaved < end {
            return []
        }
        guard let found = line.firstIndex(ofCaseInsensitive: "client_port=", from: 10), found < end else { return [] }
        guard let (first, afterFirst) = line.number(at: found + 12, digits: 6) else { return [.violation(.badPort)] }
        var ports = [first]
        if afterFirst < end, line[afterFirst] == UInt8(ascii: "-") {
            guard let (second, _) = line.number(at: afterFirst + 1, digits: 6) else { return [.violation(.badPort)] }
            ports.append(second)
        }
        guard ports.allSatisfy({ (1...65535).contains($0) }) else { return [.violation(.badPort)] }
        return ports.map {
            .expect(Expectation(source: server, destination: client, destinationPort: UInt16($0), transport: .udp))
        }
    }
}
