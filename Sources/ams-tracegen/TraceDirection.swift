// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

/// Which way a packet travels: it sets the MAC addresses and the TTL of the frame templates.
enum TraceDirection {
    case clientToServer
    case serverToClient

    static let clientMAC: [UInt8] = [0x02, 0x00, 0x5E, 0x00, 0x00, 0x01]
    static let serverMAC: [UInt8] = [0x02, 0x00, 0x5E, 0x00, 0x00, 0x02]

    /// Builds this direction's templates: Ethernet, DF set, TTL 64 from the client and 52 from the server
    /// (as if seen 12 hops away).
    var builder: FrameBuilder {
        var builder = FrameBuilder(link: .ethernet())
        builder.dontFragment = true
        switch self {
        case .clientToServer:
            builder.sourceMAC = Self.clientMAC
            builder.destinationMAC = Self.serverMAC
            builder.timeToLive = 64
        case .serverToClient:
            builder.sourceMAC = Self.serverMAC
            builder.destinationMAC = Self.clientMAC
            builder.timeToLive = 52
        }
        return builder
    }
}
