// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PacketCapture
import Wire

/// libFuzzer's entry point: the input is a whole capture file (pcap or pcapng).
///
/// Reads every frame until the end or the first error and decodes each one, as the session engine
/// does. `bytes.extracting(frame.byteRange)` traps if a frame's range leaves the file, so a reader
/// that hands out a bad range is a crash libFuzzer reports; the preconditions check the rest of the
/// reader's contract.
@c(LLVMFuzzerTestOneInput)
public func fuzzCapture(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    // Safe: libFuzzer guarantees `size` readable bytes at `data` for the duration of the call.
    let file = unsafe Array(UnsafeBufferPointer(start: data, count: size))
    let bytes = file.span
    var reader: CaptureReader
    do {
        reader = try CaptureReader(bytes)
    } catch {
        _ = error.description
        return 0
    }
    var previousOffset = reader.offset
    precondition(previousOffset >= 0 && previousOffset <= bytes.count, "header offset outside the file")
    while true {
        let frame: CapturedFrame?
        do {
            frame = try reader.next(bytes)
        } catch {
            _ = error.description
            precondition(error.framesRead == reader.framesRead, "error counts a different number of frames")
            // Documented: calling again throws the same error.
            do {
                _ = try reader.next(bytes)
                preconditionFailure("next() succeeded after throwing")
            } catch let again {
                precondition(again == error, "next() threw a different error the second time")
            }
            return 0
        }
        guard let frame else { break }
        precondition(frame.capturedLength >= 0, "negative captured length")
        precondition(frame.capturedLength <= CaptureReader.maximumCapturedLength, "captured length over the limit")
        precondition(reader.offset > previousOffset && reader.offset <= bytes.count, "reader did not advance")
        previousOffset = reader.offset
        let frameBytes = bytes.extracting(frame.byteRange)  // traps if the range leaves the file
        if let packet = try? DecodedPacket(parsing: frameBytes, linkType: frame.linkType) {
            precondition(
                Int(packet.payloadOffset) + Int(packet.payloadLength) <= frameBytes.count,
                "payload beyond the frame"
            )
        }
    }
    precondition(reader.offset == bytes.count, "clean end before the end of the file")
    return 0
}
