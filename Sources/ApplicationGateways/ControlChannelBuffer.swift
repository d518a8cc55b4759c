// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Reassembles one direction of a TCP control channel into lines, within a fixed budget.
///
/// Segments are placed by sequence number: a retransmission (data already seen) is skipped, an overlap is
/// trimmed, and a gap (data missing) discards the partial line, since a line with a hole cannot be trusted.
/// A line longer than ``capacity`` is dropped whole and counted. Lines end at LF (a CR before it is
/// removed).
public struct ControlChannelBuffer: Sendable {
    /// The longest line kept, in bytes.
    public static let capacity = 512

    private var line: [UInt8] = []
    private var nextSequence: UInt32?
    private var isDiscardingLine = false
    /// Lines dropped for being too long, and bytes skipped as retransmitted.
    public private(set) var overlongLines = 0
    public private(set) var retransmittedBytes = 0

    public init() {
        line.reserveCapacity(Self.capacity)
    }

    /// Adds the payload of a segment whose first byte has TCP sequence number `sequence`, and calls
    /// `body` with each complete line, without its line end.
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
                // Data is missing: the partial line cannot be completed.
                line.removeAll(keepingCapacity: true)
                isDiscardingLine = true
            }
        }
        nextSequence = sequence &+ UInt32(truncatingIfNeeded: payload.count)
        var index = start
        while index < payload.count {
            let byte = payload[index]
            index += 1
            if byte == 0x0A {
                if !isDiscardingLine {
                    if line.last == 0x0D { line.removeLast() }
                    body(line.span)
                }
                line.removeAll(keepingCapacity: true)
                isDiscardingLine = false
            } else if !isDiscardingLine {
                if line.count == Self.capacity {
                    overlongLines += 1
                    line.removeAll(keepingCapacity: true)
                    isDiscardingLine = true
                } else {
                    line.append(byte)
                }
            }
        }
    }
}
