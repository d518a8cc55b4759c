// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import SessionEngine
import Wire

/// An information element of the session templates (``IPFIXTemplate``): its IANA element ID, its length on
/// the wire and, for the RFC 5103 reverse elements, the reverse enterprise number 29305; and how a finished
/// session's value of it is written.
public enum IPFIXField: Sendable, CaseIterable {
    case sourceIPv4Address, destinationIPv4Address, sourceIPv6Address, destinationIPv6Address
    case sourceTransportPort, destinationTransportPort, protocolIdentifier
    /// The initiator → responder direction's counters (RFC 5103's forward direction).
    case octetDeltaCount, packetDeltaCount
    /// The responder → initiator direction's: the same elements with the reverse PEN (RFC 5103 §6.1).
    case reverseOctetDeltaCount, reversePacketDeltaCount
    case flowStartMilliseconds, flowEndMilliseconds
    /// Why the session ended (``flowEndReason(of:)``).
    case flowEndReason
    /// The session ID (`show services sessions`' `Session ID`).
    case flowId

    /// RFC 5103's Private Enterprise Number for reverse information elements.
    public static let reversePEN: UInt32 = 29305

    /// The element ID (IANA "IPFIX Information Elements"; a reverse element's forward ID).
    public var elementID: UInt16 {
        switch self {
        case .octetDeltaCount, .reverseOctetDeltaCount: 1
        case .packetDeltaCount, .reversePacketDeltaCount: 2
        case .protocolIdentifier: 4
        case .sourceTransportPort: 7
        case .sourceIPv4Address: 8
        case .destinationTransportPort: 11
        case .destinationIPv4Address: 12
        case .sourceIPv6Address: 27
        case .destinationIPv6Address: 28
        case .flowEndReason: 136
        case .flowId: 148
        case .flowStartMilliseconds: 152
        case .flowEndMilliseconds: 153
        }
    }

    /// The enterprise number: ``reversePEN`` for the reverse elements, `nil` for IANA's.
    public var enterpriseNumber: UInt32? {
        switch self {
        case .reverseOctetDeltaCount, .reversePacketDeltaCount: Self.reversePEN
        default: nil
        }
    }

    /// Bytes of the value (the elements' full lengths: no reduced-size encoding).
    public var length: Int {
        switch self {
        case .protocolIdentifier, .flowEndReason: 1
        case .sourceTransportPort, .destinationTransportPort: 2
        case .sourceIPv4Address, .destinationIPv4Address: 4
        case .sourceIPv6Address, .destinationIPv6Address: 16
        case .octetDeltaCount, .packetDeltaCount, .reverseOctetDeltaCount, .reversePacketDeltaCount,
            .flowStartMilliseconds, .flowEndMilliseconds, .flowId:
            8
        }
    }

    /// Bytes of the field specifier in a template record: 4, 8 with an enterprise number.
    public var specifierLength: Int { enterpriseNumber == nil ? 4 : 8 }

    /// `flowEndReason` (IANA element 136, RFC 5102 §5.11.3) of a session's close reason: `idle` → 1 idle timeout;
    /// `limit` (its `session-timeout`, a limit on a long-lived session's life) → 2 active timeout; `fin`, `rst`
    /// and `replaced` (a new SYN after FIN or RST) → 3 end of flow detected; `cleared`, `shutdown` and
    /// `reload` → 4 forced end. 5 (lack of resources) is never sent: a session refused over a limit is never
    /// created, so has no record.
    public static func flowEndReason(of reason: SessionRecord.CloseReason) -> UInt8 {
        switch reason {
        case .idle: 1
        case .limit: 2
        case .fin, .rst, .replaced: 3
        case .cleared, .shutdown, .reload, .none: 4
        }
    }

    /// Writes the value of `session` at `pointer` (``length`` bytes, network order).
    @inline(__always)
    func write(_ session: FinishedSession, to pointer: UnsafeMutableRawPointer) {
        let record = session.close
        switch self {
        case .sourceIPv4Address: pointer.storeBytes(of: record.source.ipv4Value.bigEndian, as: UInt32.self)
        case .destinationIPv4Address: pointer.storeBytes(of: record.destination.ipv4Value.bigEndian, as: UInt32.self)
        case .sourceIPv6Address:
            pointer.storeBytes(of: record.source.high.bigEndian, as: UInt64.self)
            pointer.storeBytes(of: record.source.low.bigEndian, toByteOffset: 8, as: UInt64.self)
        case .destinationIPv6Address:
            pointer.storeBytes(of: record.destination.high.bigEndian, as: UInt64.self)
            pointer.storeBytes(of: record.destination.low.bigEndian, toByteOffset: 8, as: UInt64.self)
        case .sourceTransportPort: pointer.storeBytes(of: record.sourcePort.bigEndian, as: UInt16.self)
        case .destinationTransportPort: pointer.storeBytes(of: record.destinationPort.bigEndian, as: UInt16.self)
        case .protocolIdentifier: pointer.storeBytes(of: record.transport.rawValue, as: UInt8.self)
        case .octetDeltaCount: pointer.storeBytes(of: record.initiatorBytes.bigEndian, as: UInt64.self)
        case .packetDeltaCount: pointer.storeBytes(of: record.initiatorPackets.bigEndian, as: UInt64.self)
        case .reverseOctetDeltaCount: pointer.storeBytes(of: record.responderBytes.bigEndian, as: UInt64.self)
        case .reversePacketDeltaCount: pointer.storeBytes(of: record.responderPackets.bigEndian, as: UInt64.self)
        case .flowStartMilliseconds:
            pointer.storeBytes(of: ((session.start ?? 0) / 1_000_000).bigEndian, as: UInt64.self)
        case .flowEndMilliseconds: pointer.storeBytes(of: (session.end / 1_000_000).bigEndian, as: UInt64.self)
        case .flowEndReason: pointer.storeBytes(of: Self.flowEndReason(of: record.reason), as: UInt8.self)
        case .flowId: pointer.storeBytes(of: record.id.bigEndian, as: UInt64.self)
        }
    }
}
