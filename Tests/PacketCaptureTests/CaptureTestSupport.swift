// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PacketCapture
import Testing
import Wire

/// Everything a reader produced from one capture: frames, their bytes, and the error that stopped it.
struct ReadOutcome {
    var format: CaptureFormat?
    var frames: [CapturedFrame] = []
    var payloads: [[UInt8]] = []
    var error: CaptureError?
    var endOffset = 0
}

/// Reads `bytes` to the end or to the first error.
func readCapture(_ bytes: [UInt8]) -> ReadOutcome {
    let span = bytes.span
    var outcome = ReadOutcome()
    do throws(CaptureError) {
        var reader = try CaptureReader(span)
        outcome.format = reader.format
        while let frame = try reader.next(span) {
            #expect(reader.framesRead == outcome.frames.count + 1)
            outcome.frames.append(frame)
            outcome.payloads.append(copyBytes(span.extracting(frame.byteRange)))
        }
        outcome.endOffset = reader.offset
    } catch {
        outcome.error = error
    }
    return outcome
}

/// Copies a span into an array (test code only).
func copyBytes(_ span: Span<UInt8>) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(span.count)
    for index in span.indices { result.append(span[index]) }
    return result
}

/// A frame of `count` bytes with a recognisable pattern.
func patternFrame(_ count: Int, seed: UInt8) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(seed)) }
}

/// Little-endian field builder for hand-made pcapng blocks.
struct LittleEndianBytes {
    var bytes: [UInt8] = []

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func u32(_ value: UInt32) {
        u16(UInt16(truncatingIfNeeded: value))
        u16(UInt16(truncatingIfNeeded: value >> 16))
    }

    mutating func u64(_ value: UInt64) {
        u32(UInt32(truncatingIfNeeded: value))
        u32(UInt32(truncatingIfNeeded: value >> 32))
    }

    mutating func raw(_ value: [UInt8]) {
        bytes += value
        while bytes.count % 4 != 0 { bytes.append(0) }
    }
}

/// The body of an Enhanced Packet Block (little-endian), for blocks the writer will not produce.
func enhancedPacketBody(interface: UInt32, units: UInt64, captured: UInt32? = nil, data: [UInt8]) -> [UInt8] {
    var body = LittleEndianBytes()
    body.u32(interface)
    body.u32(UInt32(truncatingIfNeeded: units >> 32))
    body.u32(UInt32(truncatingIfNeeded: units))
    body.u32(captured ?? UInt32(data.count))
    body.u32(UInt32(data.count))
    body.raw(data)
    return body.bytes
}

/// Overwrites a little-endian `UInt32` at `offset`.
func patchUInt32(_ bytes: inout [UInt8], at offset: Int, _ value: UInt32, bigEndian: Bool = false) {
    for index in 0..<4 {
        let shift = bigEndian ? (3 - index) * 8 : index * 8
        bytes[offset + index] = UInt8(truncatingIfNeeded: value >> UInt32(shift))
    }
}
