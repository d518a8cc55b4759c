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
    /// The control connection's client (initiator) and server (responder).
    public let client: IPAddress
    public let server: IPAddress
    private var fromClient = ControlChannelBuffer()
    private var fromServer = ControlChannelBuffer()

    public init(client: IPAddress, server: IPAddress) {
        self.client = client
        self.server = server
    }

    /// Reads a segment of the control connection (`fromClient`: sent by the initiator) whose first byte
    /// has TCP sequence number `sequence`, and calls `act` for each announcement found.
    public mutating func inspect(
        _ payload: Span<UInt8>, sequence: UInt32, fromClient isClient: Bool, _ act: (GatewayAction) -> Void
    ) {
        let client = self.client
        let server = self.server
        if isClient {
            fromClient.append(payload, sequence: sequence) { line in
                if let action = Self.clientLine(line, client: client, server: server) { act(action) }
            }
        } else {
            fromServer.append(payload, sequence: sequence) { line in
                if let action = Self.serverLine(line, client: client, server: server) { act(action) }
            }
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

extension Span where Element == UInt8 {
    /// `true` if the span starts with `prefix`, letters compared without case.
    func hasPrefix(caseInsensitive prefix: String) -> Bool {
        var index = 0
        for expected in prefix.utf8 {
            guard index < count, self[index] | 0x20 == expected | 0x20 else { return false }
            index += 1
        }
        return true
    }

    func firstIndex(of byte: UInt8) -> Int? {
        for index in 0..<count where self[index] == byte { return index }
        return nil
    }

    /// A decimal number of at most `digits` digits at `index`; the number and the index after it.
    func number(at index: Int, digits: Int = 5) -> (value: Int, end: Int)? {
        var value = 0
        var end = index
        while end < count, end - index < digits, (48...57).contains(self[end]) {
            value = value * 10 + Int(self[end] - 48)
            end += 1
        }
        return end > index ? (value, end) : nil
    }

    /// `h1,h2,h3,h4,p1,p2` (RFC 959 §4.1.2) from `start`, spaces before it skipped.
    func hostPort(from start: Int) -> (address: IPAddress, port: Int)? {
        var index = start
        while index < count && self[index] == 0x20 { index += 1 }
        var fields = InlineArray<6, Int>(repeating: 0)
        for field in 0..<6 {
            if field > 0 {
                guard index < count, self[index] == UInt8(ascii: ",") else { return nil }
                index += 1
            }
            guard let (value, end) = number(at: index, digits: 3), value <= 255 else { return nil }
            fields[field] = value
            index = end
        }
        let address = IPAddress(UInt8(fields[0]), UInt8(fields[1]), UInt8(fields[2]), UInt8(fields[3]))
        return (address, fields[4] << 8 | fields[5])
    }

    /// `|1|a.b.c.d|port|` or `|2|ipv6|port|` (RFC 2428 §2) from `start`; the delimiter is the first byte.
    func extendedAddress(from start: Int) -> (address: IPAddress, port: Int)? {
        guard start < count else { return nil }
        let delimiter = self[start]
        var parts: [String] = []
        var current: [UInt8] = []
        var index = start + 1
        while index < count && parts.count < 3 {
            if self[index] == delimiter {
                parts.append(String(decoding: current, as: UTF8.self))
                current = []
            } else {
                guard current.count < 64 else { return nil }
                current.append(self[index])
            }
            index += 1
        }
        guard parts.count == 3, parts[0] == "1" || parts[0] == "2", let address = IPAddress(parts[1]),
            address.isIPv4 == (parts[0] == "1"), parts[2].count <= 5, let port = Int(parts[2])
        else { return nil }
        return (address, port)
    }

    /// `|||port|` (RFC 2428 §3) from `start`.
    func extendedPort(from start: Int) -> Int? {
        guard start + 3 < count else { return nil }
        let delimiter = self[start]
        guard self[start + 1] == delimiter, self[start + 2] == delimiter,
            let (port, end) = number(at: start + 3), end < count, self[end] == delimiter
        else { return nil }
        return port
    }
}
