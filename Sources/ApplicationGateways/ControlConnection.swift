// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// Both directions of an ALG's TCP control connection, each reassembled into units by its own
/// ``ControlChannelBuffer``: what every TCP gateway (FTP, RTSP, PPTP, SQL*Net) reads through.
public struct ControlConnection: Sendable {
    /// The connection's client (initiator) and server (responder).
    public let client: IPAddress
    public let server: IPAddress
    private var fromClient: ControlChannelBuffer
    private var fromServer: ControlChannelBuffer

    public init(client: IPAddress, server: IPAddress, framing: ControlChannelBuffer.Framing = .lines) {
        self.client = client
        self.server = server
        fromClient = ControlChannelBuffer(framing: framing)
        fromServer = ControlChannelBuffer(framing: framing)
    }

    /// Adds a segment (`isClient`: sent by the client) whose first byte has TCP sequence number
    /// `sequence`, and calls `unit` with each unit of that direction it completes.
    public mutating func read(
        _ payload: Span<UInt8>, sequence: UInt32, fromClient isClient: Bool, _ unit: (Span<UInt8>) -> Void
    ) {
        if isClient {
            fromClient.append(payload, sequence: sequence, unit)
        } else {
            fromServer.append(payload, sequence: sequence, unit)
        }
    }
}
