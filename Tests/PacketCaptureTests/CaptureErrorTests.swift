// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PacketCapture
import Testing

@Suite("CaptureError messages")
struct CaptureErrorTests {
    @Test(arguments: [
        (
            CaptureError(kind: .truncatedRecord, offset: 123_456, framesRead: 5_011, value: 1_514, limit: 310),
            "truncated record at offset 123456 (frame 5012): needs 1514 bytes, 310 remain; 5011 frames read"
        ),
        (
            CaptureError(kind: .truncatedHeader, offset: 0, framesRead: 0, value: 24, limit: 10),
            "truncated file header at offset 0: needs 24 bytes, 10 remain"
        ),
        (CaptureError(kind: .empty, offset: 0, framesRead: 0), "empty file: no pcap or pcapng header"),
        (
            CaptureError(kind: .badRecordLength, offset: 64, framesRead: 2, value: 70_000, limit: 262_144),
            "bad record length at offset 64 (frame 3): 70000 captured bytes, limit 262144; 2 frames read"
        ),
        (
            CaptureError(kind: .badBlockLength, offset: 96, framesRead: 1, value: 3),
            "bad block length at offset 96: 3 bytes (must be a multiple of 4, at least 12 and at most 16 MiB); 1 frames read"
        ),
        (
            CaptureError(kind: .badBlock, offset: 28, framesRead: 0, value: 1),
            "malformed block of type 0x00000001 at offset 28; 0 frames read"
        ),
        (
            CaptureError(kind: .unknownInterface, offset: 200, framesRead: 4, value: 3, limit: 2),
            "packet at offset 200 (frame 5) names interface 3, but its section describes 2; 4 frames read"
        ),
        (
            CaptureError(kind: .tooManyInterfaces, offset: 4_000, framesRead: 0, value: 65, limit: 64),
            "more than 64 interfaces in one section at offset 4000; 0 frames read"
        ),
        (CaptureError(kind: .open(2), offset: 0, framesRead: 0), "cannot open: No such file or directory (errno 2)"),
    ])
    func descriptionIsTheOperatorMessage(error: CaptureError, message: String) {
        #expect(error.description == message)
    }
}
