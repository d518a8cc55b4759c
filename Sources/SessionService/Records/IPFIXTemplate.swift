// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import SessionEngine
import Wire

/// An IPFIX template (RFC 7011 §3.4.1): its ID and its fields in order. A data record of it is the fields'
/// values back to back (``IPFIXMessage``).
///
/// The session templates *(ours)*, one biflow record per session at its end (RFC 5103): ``sessionIPv4``
/// (ID 256) and ``sessionIPv6`` (257) — addresses, ports, protocol, `flowEndReason`, the forward and
/// reverse counters, `flowStartMilliseconds`, `flowEndMilliseconds`, `flowId` —, and the same without
/// `flowStartMilliseconds` (258, 259) for a session whose start is not known (none today: the members keep
/// every session's start while records are on).
public struct IPFIXTemplate: Sendable, Equatable {
    public let id: UInt16
    public let fields: [IPFIXField]
    /// Bytes of a data record.
    public let recordLength: Int
    /// Bytes of the template record (header and field specifiers).
    public let templateRecordLength: Int

    public init(id: UInt16, fields: [IPFIXField]) {
        self.id = id
        self.fields = fields
        recordLength = fields.reduce(0) { $0 + $1.length }
        templateRecordLength = 4 + fields.reduce(0) { $0 + $1.specifierLength }
    }

    public static func == (lhs: IPFIXTemplate, rhs: IPFIXTemplate) -> Bool { lhs.id == rhs.id && lhs.fields == rhs.fields }

    /// The fields after the addresses, shared by the session templates.
    private static func sessionFields(addresses: [IPFIXField], start: Bool) -> [IPFIXField] {
        addresses + [
            .sourceTransportPort, .destinationTransportPort, .protocolIdentifier, .flowEndReason,
            .octetDeltaCount, .packetDeltaCount, .reverseOctetDeltaCount, .reversePacketDeltaCount,
        ] + (start ? [.flowStartMilliseconds] : []) + [.flowEndMilliseconds, .flowId]
    }

    public static let sessionIPv4 = IPFIXTemplate(
        id: 256, fields: sessionFields(addresses: [.sourceIPv4Address, .destinationIPv4Address], start: true))
    public static let sessionIPv6 = IPFIXTemplate(
        id: 257, fields: sessionFields(addresses: [.sourceIPv6Address, .destinationIPv6Address], start: true))
    public static let sessionIPv4WithoutStart = IPFIXTemplate(
        id: 258, fields: sessionFields(addresses: [.sourceIPv4Address, .destinationIPv4Address], start: false))
    public static let sessionIPv6WithoutStart = IPFIXTemplate(
        id: 259, fields: sessionFields(addresses: [.sourceIPv6Address, .destinationIPv6Address], start: false))

    /// Every session template, in the order of ``sessionTemplateIndex(of:)``.
    public static let session: [IPFIXTemplate] = [sessionIPv4, sessionIPv6, sessionIPv4WithoutStart, sessionIPv6WithoutStart]

    /// The index in ``session`` of the template a finished session is exported with.
    @inline(__always)
    public static func sessionTemplateIndex(of session: FinishedSession) -> Int {
        (session.close.source.isIPv4 ? 0 : 1) + (session.start == nil ? 2 : 0)
    }

    /// Writes the template record (template ID, field count, field specifiers) at `pointer`.
    func writeTemplateRecord(to pointer: UnsafeMutableRawPointer) {
        pointer.storeBytes(of: id.bigEndian, as: UInt16.self)
        pointer.storeBytes(of: UInt16(fields.count).bigEndian, toByteOffset: 2, as: UInt16.self)
        var offset = 4
        for field in fields {
            let enterprise = field.enterpriseNumber
            let identifier = field.elementID | (enterprise == nil ? 0 : 0x8000)
            pointer.storeBytes(of: identifier.bigEndian, toByteOffset: offset, as: UInt16.self)
            pointer.storeBytes(of: UInt16(field.length).bigEndian, toByteOffset: offset + 2, as: UInt16.self)
            offset += 4
            if let enterprise {
                pointer.storeBytes(of: enterprise.bigEndian, toByteOffset: offset, as: UInt32.self)
                offset += 4
            }
        }
    }

    /// Writes a data record of `session` at `pointer` (``recordLength`` bytes).
    @inline(__always)
    func writeRecord(_ session: FinishedSession, to pointer: UnsafeMutableRawPointer) {
        var offset = 0
        for field in fields {
            field.write(session, to: pointer + offset)
            offset += field.length
        }
    }
}
