// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Netconf
import OperationalCommands

/// libFuzzer's entry point for what a NETCONF client sends (SPEC.md §7): the input after its first byte is
/// the byte stream, fed to ``FramingDecoder`` in pieces whose sizes the first byte picks, in `]]>]]>` mode
/// switching to chunked after the first message when its low bit is set (as after the hellos). Each message
/// is read as a hello and as an RPC (``XMLReader``, ``NetconfRequest``) and mapped (``NetconfOperations``), and
/// the reply filters run over it. A trap or a hang is a finding; so is a message that does not come back the
/// same through ``FramingWriter`` and a fresh decoder.
@c(LLVMFuzzerTestOneInput)
public func fuzzNetconf(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 1 else { return 0 }
    // Safe: libFuzzer guarantees `size` readable bytes at `data` for the duration of the call.
    let bytes = Array(unsafe UnsafeBufferPointer(start: data, count: size))
    let control = bytes[0]
    let stream = Array(bytes[1...])
    let piece = Int(control >> 1) % 17 + 1
    var decoder = FramingDecoder(maximumMessage: 4096)
    var start = 0
    var first = true
    feeding: while start < stream.count {
        let end = min(stream.count, start + piece)
        decoder.feed(stream[start..<end])
        start = end
        while true {
            let message: [UInt8]
            do {
                guard let next = try decoder.next() else { break }
                message = next
            } catch {
                break feeding
            }
            precondition(message.count <= decoder.maximumMessage, "a message beyond the limit")
            roundTrip(message)
            examine(message, mayClear: control & 4 != 0)
            if first && control & 1 != 0 { decoder.mode = .chunked }
            first = false
        }
        precondition(decoder.bufferedCount <= decoder.maximumMessage + 6 + piece + 16, "the decoder holds too much")
    }
    return 0
}

/// A message framed in either mode comes back the same.
private func roundTrip(_ message: [UInt8]) {
    guard !message.isEmpty else { return }
    for mode in [FramingDecoder.Mode.chunked, .endOfMessage] {
        // `]]>]]>` inside a message cannot be framed in that mode.
        if mode == .endOfMessage && message.indices.contains(where: { message[$0...].starts(with: Array("]]>]]>".utf8)) }) {
            continue
        }
        let writer = FramingWriter(mode: mode)
        let half = message.count / 2
        var decoder = FramingDecoder(mode: mode, maximumMessage: 4096)
        decoder.feed(writer.part(Array(message[..<half])) + writer.part(Array(message[half...])) + writer.end)
        let again = try? decoder.next()
        precondition(again == message, "framing round trip lost the message")
    }
}

private func examine(_ message: [UInt8], mayClear: Bool) {
    if let element = try? XMLReader.parse(message) {
        _ = try? NetconfHello.clientCapabilities(element)
    }
    switch NetconfRequest.read(message) {
    case .success(let request):
        let action = NetconfOperations.action(for: request.operation, mayClear: mayClear)
        if case .run(let command, _) = action, !mayClear, case .clearSessions = command.command {
            preconditionFailure("a clear allowed to a class that may not clear")
        }
        _ = NetconfReply.header(echoing: request.attributes)
    case .failure(let rejected):
        _ = rejected.error.xml
    }
    for format in ReplyFormat.allCases {
        var filter = ReplyBodyFilter(format: format)
        let half = message.count / 2
        _ = filter.feed(Array(message[..<half]))
        _ = filter.feed(Array(message[half...]))
        _ = filter.finish()
    }
}
