// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import SessionEngine
import SessionTable
import ServicesCore
import Wire

/// Reads the session records' JSON lines (``JSONLinesRecordSink``) back: a line is one ``FinishedSession``,
/// its names turned into the indices of the engine's configuration (README, *Session records*).
///
/// Strict: every key the sink writes must be there with a value of its kind (keys it does not write are
/// ignored); the names must be the configuration's; the session ID must be its member's; the responder
/// flow must be the initiator's reversed.
public struct SessionRecordReader {
    /// Why a line was not read. ``isFatal``: the records and the configuration disagree (another
    /// configuration's records), so nothing read would be right.
    public struct LineError: Error, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable, CaseIterable {
            /// Not a JSON object, or a key missing, or a value of the wrong kind.
            case notJSON = "not-json"
            /// A value out of its range or not one of its names.
            case badValue = "bad-value"
            /// A session ID its member already has (the same file read twice, say).
            case duplicate
            /// A member, bundle or service set the configuration lacks.
            case unknownName = "unknown-name"
        }

        public var kind: Kind
        public var message: String
        public var isFatal: Bool { kind == .unknownName }
        public var description: String { message }
    }

    private let names: SessionRecordNames
    private let memberIndex: [String: Int]
    private let serviceSetIndex: [String: Int]
    private let algs: [String: ApplicationLayerProtocol]
    private let decoder = JSONDecoder()
    /// Each member's session numbers read so far.
    private var numbers: [Set<UInt32>]

    public init(configuration: EngineConfiguration) {
        names = SessionRecordNames(configuration)
        memberIndex = Dictionary(names.members.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        serviceSetIndex = Dictionary(names.serviceSets.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        algs = Dictionary(ApplicationLayerProtocol.allCases.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        numbers = Array(repeating: [], count: names.members.count)
    }

    /// The session of one line (without its newline).
    ///
    /// - Throws: ``LineError`` saying what is wrong with it.
    public mutating func session(_ line: Span<UInt8>) throws(LineError) -> FinishedSession {
        let fields: Line
        do {
            fields = try line.withUnsafeBufferPointer { try decoder.decode(Line.self, from: Data($0)) }
        } catch let error as DecodingError {
            throw LineError(kind: .notJSON, message: Self.describe(error))
        } catch {
            throw LineError(kind: .notJSON, message: "\(error)")
        }
        return try session(fields)
    }

    private mutating func session(_ line: Line) throws(LineError) -> FinishedSession {
        func bad(_ message: String) -> LineError { LineError(kind: .badValue, message: message) }
        guard let member = memberIndex[line.member] else {
            throw LineError(kind: .unknownName, message: "member \(line.member) is not in the configuration (\(names.members.joined(separator: ", ")))")
        }
        guard names.bundles[member] == line.bundle else {
            throw LineError(kind: .unknownName, message: "member \(line.member) is of bundle \(names.bundles[member]) in the configuration, not \(line.bundle)")
        }
        guard let serviceSet = serviceSetIndex[line.serviceSet] else {
            throw LineError(kind: .unknownName, message: "service set \(line.serviceSet) is not in the configuration")
        }
        let (idMember, number) = SessionID.decode(line.sessionID)
        guard idMember == member, number != 0 else { throw bad("session_id \(line.sessionID) is not a session ID of member \(line.member)") }
        var parent: UInt32 = 0
        if let parentID = line.parentID {
            let decoded = SessionID.decode(parentID)
            guard decoded.member == member, decoded.number != 0, decoded.number != number else {
                throw bad("parent_id \(parentID) is not another session ID of member \(line.member)")
            }
            parent = decoded.number
        }
        guard let alg = algs[line.alg] else { throw bad("alg \"\(line.alg)\" is not an ALG's name") }
        let transport = IPProtocol(rawValue: line.protocolNumber)
        guard transport.flowName == line.protocolName else {
            throw bad("protocol \"\(line.protocolName)\" is not protocol_number \(line.protocolNumber)'s name (\(transport.flowName))")
        }
        guard let source = IPAddress(line.initiatorSource) else { throw bad("initiator_source \"\(line.initiatorSource)\" is not an address") }
        guard let destination = IPAddress(line.initiatorDestination) else {
            throw bad("initiator_destination \"\(line.initiatorDestination)\" is not an address")
        }
        guard source.isIPv4 == destination.isIPv4 else { throw bad("initiator_source and initiator_destination are of different families") }
        guard IPAddress(line.responderSource) == destination, IPAddress(line.responderDestination) == source,
            line.responderSourcePort == line.initiatorDestinationPort, line.responderDestinationPort == line.initiatorSourcePort
        else { throw bad("the responder flow is not the initiator flow reversed") }
        guard let reason = SessionRecord.CloseReason.allCases.first(where: { $0.name == line.reason }), reason != .none else {
            throw bad("reason \"\(line.reason)\" is not a reason a session ends for")
        }
        guard let phase = SessionPhase(name: line.phase) else { throw bad("phase \"\(line.phase)\" is not a session phase") }
        guard let initiatorState = FlowState.allCases.first(where: { $0.name == line.initiatorState }) else {
            throw bad("initiator_state \"\(line.initiatorState)\" is not a flow state")
        }
        guard let responderState = FlowState.allCases.first(where: { $0.name == line.responderState }) else {
            throw bad("responder_state \"\(line.responderState)\" is not a flow state")
        }
        if let start = line.startNanoseconds, start > line.endNanoseconds { throw bad("start_ns is after end_ns") }
        guard !numbers[member].contains(number) else {
            throw LineError(kind: .duplicate, message: "session \(line.sessionID) of member \(line.member) was read before")
        }
        numbers[member].insert(number)

        var session = Session()
        session.source = source
        session.destination = destination
        session.sourcePort = line.initiatorSourcePort
        session.destinationPort = line.initiatorDestinationPort
        session.transport = transport
        session.serviceSet = UInt8(serviceSet)
        session.initiatorFrames = line.initiatorPackets
        session.initiatorBytes = line.initiatorBytes
        session.responderFrames = line.responderPackets
        session.responderBytes = line.responderBytes
        session.lastSeen = line.endNanoseconds
        session.number = number
        session.link = session.isICMP ? 0 : parent
        session.timeout = line.timeout
        session.phase = phase
        session.initiatorState = initiatorState
        session.responderState = responderState
        session.alg = alg
        session.algFlags = line.algFlags
        let close = SessionRecord(
            .close, reason: reason, session: session, start: line.startNanoseconds ?? .max, member: member,
            at: line.recordedNanoseconds)
        return FinishedSession(start: line.startNanoseconds, close: close)
    }

    /// A decoding error in a line's words: the key and what was wrong.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "no \"\(key.stringValue)\""
        case .typeMismatch(let type, let context): return "\"\(path(context))\" is not \(Self.kind(type))"
        case .valueNotFound(let type, let context): return "\"\(path(context))\" is null, not \(Self.kind(type))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not a JSON object" : "\"\(path(context))\": \(context.debugDescription)"
        @unknown default: return "not a session record"
        }
    }

    private static func kind(_ type: Any.Type) -> String {
        type == String.self ? "a string" : type is any BinaryInteger.Type ? "a whole number in range" : "\(type)"
    }

    /// The keys of a line (``JSONLinesRecordSink``); `start` and `end` are read as their exact `_ns` forms.
    struct Line: Decodable {
        var member: String
        var bundle: String
        var serviceSet: String
        var sessionID: UInt64
        var parentID: UInt64?
        var alg: String
        var protocolName: String
        var protocolNumber: UInt8
        var initiatorSource: String
        var initiatorSourcePort: UInt16
        var initiatorDestination: String
        var initiatorDestinationPort: UInt16
        var initiatorPackets: UInt64
        var initiatorBytes: UInt64
        var responderSource: String
        var responderSourcePort: UInt16
        var responderDestination: String
        var responderDestinationPort: UInt16
        var responderPackets: UInt64
        var responderBytes: UInt64
        var reason: String
        var phase: String
        var initiatorState: String
        var responderState: String
        var algFlags: UInt8
        var timeout: UInt32
        var startNanoseconds: UInt64?
        var endNanoseconds: UInt64
        var recordedNanoseconds: UInt64

        enum CodingKeys: String, CodingKey {
            case member, bundle, alg, reason, phase, timeout
            case serviceSet = "service_set"
            case sessionID = "session_id"
            case parentID = "parent_id"
            case protocolName = "protocol"
            case protocolNumber = "protocol_number"
            case initiatorSource = "initiator_source"
            case initiatorSourcePort = "initiator_source_port"
            case initiatorDestination = "initiator_destination"
            case initiatorDestinationPort = "initiator_destination_port"
            case initiatorPackets = "initiator_packets"
            case initiatorBytes = "initiator_bytes"
            case responderSource = "responder_source"
            case responderSourcePort = "responder_source_port"
            case responderDestination = "responder_destination"
            case responderDestinationPort = "responder_destination_port"
            case responderPackets = "responder_packets"
            case responderBytes = "responder_bytes"
            case initiatorState = "initiator_state"
            case responderState = "responder_state"
            case algFlags = "alg_flags"
            case startNanoseconds = "start_ns"
            case endNanoseconds = "end_ns"
            case recordedNanoseconds = "recorded_ns"
        }
    }
}
