// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import SessionService

/// libFuzzer's entry point for the control socket's framing (README, *The daemon*): what a client sends the
/// daemon (request lines) and what the daemon sends a client (reply frames), cut into reads of a size the
/// input's first byte picks. Both readers must stay within their bounds, whatever the bytes.
@c(LLVMFuzzerTestOneInput)
public func fuzzControl(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    // Safe: libFuzzer guarantees `size` readable bytes at `data` for the duration of the call.
    let bytes = unsafe Array(UnsafeBufferPointer(start: data, count: size))
    let chunk = Int(bytes[0]) + 1
    let body = bytes.dropFirst()

    var reader = RequestReader()
    var replies = ReplyDecoder()
    var tooLong = false
    var start = body.startIndex
    while start < body.endIndex {
        let end = min(body.endIndex, start + chunk)
        reader.feed(body[start..<end])
        while let request = reader.next() {
            switch request {
            case .line(let line):
                precondition(!tooLong, "a line after a request that was too long")
                precondition(line.utf8.count <= ControlProtocol.maximumRequestLength * 3, "a line over the bound")
                precondition(!line.utf8.contains(0x0A), "a newline inside a request line")
            case .tooLong:
                tooLong = true
            }
        }
        replies.feed(body[start..<end])
        start = end
    }
    while true {
        do throws(ControlProtocolError) {
            guard let frame = try replies.next() else { break }
            if case .output(let payload) = frame {
                precondition(payload.count <= ControlProtocol.maximumFrameLength, "a frame over the bound")
            }
        } catch {
            break
        }
    }
    // What the daemon writes, the client reads back whole.
    var written: [UInt8] = []
    ControlProtocol.append(.output, body.prefix(300), to: &written)
    ControlProtocol.append(.status, [1], to: &written)
    var decoder = ReplyDecoder()
    decoder.feed(written)
    precondition((try? decoder.next()) == .output(Array(body.prefix(300))), "an output frame does not read back")
    precondition((try? decoder.next()) == .status(1), "a status frame does not read back")
    return 0
}
