// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Reassembles one direction of a TCP control channel into units — text lines (FTP, RTSP) or binary
/// messages with a 16-bit length prefix (PPTP, Oracle TNS) — within a fixed budget.
///
/// Segments are placed by sequence number: a retransmission (data already seen) is skipped, an overlap is
/// trimmed, and a gap (data missing) discards the partial unit, since a unit with a hole cannot be
/// trusted. A unit longer than ``capacity`` is dropped whole and counted. Lines end at LF (a CR before it
/// is removed). A message's first two bytes are its length in network byte order, header included; a
/// length below ``Framing/lengthPrefixed(minimum:)``'s minimum loses the message boundaries, so the rest
/// of the stream is ignored (counted).
public struct ControlChannelBuffer: Sendable {
    /// How the byte stream is cut into units.
    public enum Framing: Sendable, Equatable {
        /// Text lines ending at LF.
        case lines
        /// Messages starting with their 16-bit big-endian length (header included), at least `minimum`.
        case lengthPrefixed(minimum: Int)
    }

    /// The longest unit kept, in bytes.
    public static let capacity = 2048

    public let framing: Framing
    private var unit: [UInt8] = []
    private var nextSequence: UInt32?
    private var isDiscardingUnit = false
    /// Bytes still to skip of an over-long message.
    private var skipping = 0
    private var isLost = false
    /// Units dropped for being too long, bytes skipped as retransmitted, and whether the message
    /// boundaries were lost (a bad length).
    public private(set) var overlongUnits = 0
    public private(set) var retransmittedBytes = 0
    public var lostFraming: Bool { isLost }

    public init(framing: Framing = .lines) {
        self.framing = framing
    }

    /// Adds the payload of a segment whose first byte has TCP sequence number `sequence`, and calls
    /// `body` with each complete unit (a line without its line end, or a whole message).
    public mutating func append(_ payload: Span<UInt8>, sequence: UInt32, _ body: (Span<UInt8>) -> Void) {
        var start = 0
        if let expected = nextSequence {
            // Wrapping distance (RFC 9293 §3.4): how far this segment starts after the expected byte.
            let ahead = Int32(bitPattern: sequence &- expected)
            if ahead < 0 {
                let seen = Int(-Int64(ahead))
                if seen >= payload.count {
                    retransmittedBytes += payload.count
                    return
                }
                retransmittedBytes += seen
                start = seen
            } else if ahead > 0 {
                // Data is missing: the partial unit cannot be completed.
                unit.removeAll(keepingCapacity: true)
                switch framing {
                case .lines: isDiscardingUnit = true
                case .lengthPrefixed: isLost = true  // where the next message starts is unknown
                }
            }
        }
        nextSequence = sequence &+ UInt32(truncatingIfNeeded: payload.count)
        switch framing {
        case .lines: appendLines(payload, from: start, body)
        case .lengthPrefixed(let minimum): appendMessages(payload, from: start, minimum: minimum, body)
        }
    }

    private mutating func appendLines(_ payload: Span<UInt8>, from start: Int, _ body: (Span<UInt8>) -> Void) {
        var index = start
        while index < payload.count {
            let byte = payload[index]
            index += 1
            if byte == 0x0A {
                if !isDiscardingUnit {
                    if unit.last == 0x0D { unit.removeLast() }
                    body(unit.span)
                }
                unit.removeAll(keepingCapacity: true)
                isDiscardingUnit = false
            } else if !isDiscardingUnit {
                if unit.count == Self.capacity {
                    overlongUnits += 1
                    unit.removeAll(keepingCapacity: true)
                    isDiscardingUnit = true
                } else {
                    unit.append(byte)
                }
            }
        }
    }

    private mutating func appendMessages(
        _ payload: Span<UInt8>, from start: Int, minimum: Int, _ body: (Span<UInt8>) -> Void
    ) {
        var index = start
        while index < payload.count && !isLost {
            if skipping > 0 {
                let skipped = min(skipping, payload.count - index)
                skipping -= skipped
                index += skipped
                continue
            }
            unit.append(payload[index])
            index += 1
            guard unit.count >= 2 else { continue }
            let length = Int(unit[0]) << 8 | Int(unit[1])
            if length < max(minimum, 2) {
                isLost = true
                unit.removeAll(keepingCapacity: true)
                return
            }
            if length > Self.capacity {
                overlongUnits += 1
                skipping = length - unit.count
                unit.removeAll(keepingCapacity: true)
                continue
            }
            // Take as much of the message as this segment holds at once.
            let wanted = min(length - unit.count, payload.count - index)
            for offset in 0..<wanted { unit.append(payload[index + offset]) }
            index += wanted
            if unit.count == length {
                body(unit.span)
                unit.removeAll(keepingCapacity: true)
            }
        }
    }
}
