// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Splits the bytes a NETCONF client sends into messages (SPEC.md §7): `]]>]]>`-terminated (RFC 4742, the
/// Junos default, and always for the hellos) or RFC 6242 chunked framing — ``mode`` may change between two
/// messages (after the hellos) and the bytes already buffered are then read in the new mode.
///
/// Bounded: a message longer than ``maximumMessage`` is an error as soon as it is known to be, and the
/// decoder never holds more than that plus one read.
public struct FramingDecoder: Sendable {
    public enum Mode: Sendable, Hashable {
        /// Each message ends with `]]>]]>`.
        case endOfMessage
        /// `\n#<size>\n<data>` chunks, the message ended by `\n##\n` (RFC 6242 §4.2).
        case chunked
    }

    /// The default limit: 16 MiB, far above any RPC a client sends.
    public static let defaultMaximumMessage = 16 << 20
    static let endOfMessage: [UInt8] = Array("]]>]]>".utf8)

    public var mode: Mode
    public let maximumMessage: Int
    /// Bytes received and not yet part of a returned message, from `start`.
    private var buffer: [UInt8] = []
    private var start = 0
    /// `]]>]]>` mode: bytes of `buffer` after `start` already searched for the marker.
    private var searched = 0
    /// Chunked mode: the message so far, and the data bytes the current chunk still has.
    private var message: [UInt8] = []
    private var chunkRemaining = 0

    public init(mode: Mode = .endOfMessage, maximumMessage: Int = FramingDecoder.defaultMaximumMessage) {
        self.mode = mode
        self.maximumMessage = maximumMessage
    }

    /// Bytes buffered and not yet returned (tests; a bound on memory).
    public var bufferedCount: Int { buffer.count - start + message.count }

    /// Takes bytes received from the client.
    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete message, or `nil` until more bytes are fed.
    ///
    /// - Throws: ``FramingError``; the stream cannot be read further.
    public mutating func next() throws(FramingError) -> [UInt8]? {
        switch mode {
        case .endOfMessage: try nextEndOfMessage()
        case .chunked: try nextChunked()
        }
    }

    private mutating func nextEndOfMessage() throws(FramingError) -> [UInt8]? {
        let marker = Self.endOfMessage
        let available = buffer.count - start
        // Resume a little before where the last search stopped: the marker may straddle two reads.
        var index = start + max(0, searched - (marker.count - 1))
        while index + marker.count <= buffer.count {
            if buffer[index] == marker[0] && buffer[index..<index + marker.count].elementsEqual(marker) {
                let message = Array(buffer[start..<index])
                start = index + marker.count
                searched = 0
                if message.count > maximumMessage { throw .messageTooLarge(limit: maximumMessage) }
                return message
            }
            index += 1
        }
        searched = available
        if available > maximumMessage + marker.count { throw .messageTooLarge(limit: maximumMessage) }
        return nil
    }

    private mutating func nextChunked() throws(FramingError) -> [UInt8]? {
        while true {
            if chunkRemaining > 0 {
                let take = min(chunkRemaining, buffer.count - start)
                if take == 0 { return nil }
                message.append(contentsOf: buffer[start..<start + take])
                start += take
                chunkRemaining -= take
                continue
            }
            // A header: `\n#` then `#\n` (end of chunks) or 1–10 digits and `\n`.
            let available = buffer.count - start
            if available < 3 { return try checkPartialHeader() }
            guard buffer[start] == 0x0A, buffer[start + 1] == 0x23 else { throw badHeader() }
            if buffer[start + 2] == 0x23 {
                if available < 4 { return nil }
                guard buffer[start + 3] == 0x0A, !message.isEmpty else { throw badHeader() }
                start += 4
                defer { message = [] }
                return message
            }
            var size = 0
            var index = start + 2
            while index < buffer.count, buffer[index] != 0x0A {
                let digit = buffer[index]
                guard digit >= 0x30, digit <= 0x39, index - start - 2 < 10,
                    !(index == start + 2 && digit == 0x30)
                else { throw badHeader() }
                size = size * 10 + Int(digit - 0x30)
                index += 1
            }
            if index == buffer.count {
                if index - start - 2 > 10 { throw badHeader() }
                return nil
            }
            guard index > start + 2, size <= 4_294_967_295 else { throw badHeader() }
            if message.count + size > maximumMessage { throw .messageTooLarge(limit: maximumMessage) }
            start = index + 1
            chunkRemaining = size
        }
    }

    /// Fewer than 3 bytes of a header: wrong already, or wait for more.
    private func checkPartialHeader() throws(FramingError) -> [UInt8]? {
        if buffer.count - start >= 1 && buffer[start] != 0x0A { throw badHeader() }
        if buffer.count - start >= 2 && buffer[start + 1] != 0x23 { throw badHeader() }
        return nil
    }

    private func badHeader() -> FramingError {
        .badChunkHeader(Array(buffer[start..<min(buffer.count, start + 16)]))
    }
}
