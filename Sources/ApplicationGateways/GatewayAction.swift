// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// A flow an ALG expects because its control channel announced it (a pinhole, a "gate").
///
/// The engine admits the first flow that matches — in either direction: a packet from `destination`,
/// sent from `destinationPort` to `source`, matches too — as a child session of the control session,
/// once, and forgets the gate after the application's gate timeout.
public struct Expectation: Hashable, Sendable, BitwiseCopyable {
    /// Who will open the flow (`nil`: any address), and to where.
    public var source: IPAddress?
    public var destination: IPAddress
    public var destinationPort: UInt16
    public var transport: IPProtocol
    /// For a PPTP call (GRE), the call ID the other direction carries (packets to `source`); the port-less
    /// GRE flows of one call become one session keyed by both call IDs. `nil` otherwise.
    public var sourcePort: UInt16?

    public init(
        source: IPAddress?, destination: IPAddress, destinationPort: UInt16, transport: IPProtocol,
        sourcePort: UInt16? = nil
    ) {
        self.source = source
        self.destination = destination
        self.destinationPort = destinationPort
        self.transport = transport
        self.sourcePort = sourcePort
    }
}

/// Why an ALG refused what a control channel said.
public enum GatewayViolation: Hashable, Sendable, BitwiseCopyable {
    /// The announced address is neither peer's (an FTP bounce): no gate is opened.
    case bounce
    /// The announced port is 0 or out of range.
    case badPort
}

extension GatewayAction {
    /// Calls `act` with `action` unless it is `nil`.
    static func emit(_ action: GatewayAction?, _ act: (GatewayAction) -> Void) {
        if let action { act(action) }
    }
}

/// What an ALG asks the engine to do after reading a line of its control channel.
public enum GatewayAction: Hashable, Sendable, BitwiseCopyable {
    /// Open a gate for a child flow.
    case expect(Expectation)
    /// The line was refused (counted); the packet is still forwarded.
    case violation(GatewayViolation)
}
