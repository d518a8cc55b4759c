// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The control socket's protocol (README.md, *ams run*). A client sends requests, one command line each,
/// ended by a line feed (at most ``maximumRequestLength`` bytes); the daemon answers each, in order, with
/// frames — a kind byte, the payload's length (4 bytes, big-endian, at most ``maximumFrameLength``), the
/// payload:
///
/// - `o`: bytes of the command's output (standard output), as many frames as it takes;
/// - `e`: a message for standard error (a syntax error with its caret, a failure);
/// - `x`: the command's exit status, 1 byte (0 ran, 1 failed): the reply's last frame.
///
/// A connection carries any number of requests, one after the other. A request too long is answered with an
/// error and the connection is closed.
public enum ControlProtocol {
    /// The longest request line taken, in bytes (the line feed not counted).
    public static let maximumRequestLength = 1 << 16
    /// The longest frame payload sent or taken.
    public static let maximumFrameLength = 1 << 20

    /// The kinds of reply frames.
    public enum Kind: UInt8, Sendable {
        case output = 0x6F  // "o"
        case error = 0x65  // "e"
        case status = 0x78  // "x"
    }

    /// Appends `payload` to `bytes` as frames of `kind` (split at ``maximumFrameLength``).
    public static func append(_ kind: Kind, _ payload: some Collection<UInt8>, to bytes: inout [UInt8]) {
        var rest = payload[...]
        repeat {
            let chunk = rest.prefix(maximumFrameLength)
            rest = rest.dropFirst(chunk.count)
            let length = UInt32(chunk.count)
            bytes.append(kind.rawValue)
            bytes += [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
            bytes += chunk
        } while !rest.isEmpty
    }
}

/// A reply frame, decoded.
public enum ReplyFrame: Sendable, Equatable {
    case output([UInt8])
    case error(String)
    case status(UInt8)
}

/// A reply that breaks the protocol (not an `ams` daemon, or a damaged stream).
public struct ControlProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Cuts the bytes a client reads into ``ReplyFrame``s, however they arrive.
public struct ReplyDecoder: Sendable {
    private var buffer: [UInt8] = []
    private var start = 0

    public init() {}

    public mutating func feed(_ bytes: some Collection<UInt8>) {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        buffer += bytes
    }

    /// The next whole frame, `nil` if more bytes are needed.
    ///
    /// - Throws: ``ControlProtocolError`` for an unknown kind, a length over the limit, or a status frame
    ///   that is not one byte.
    public mutating func next() throws(ControlProtocolError) -> ReplyFrame? {
        guard buffer.count - start >= 5 else { return nil }
        guard let kind = ControlProtocol.Kind(rawValue: buffer[start]) else {
            throw ControlProtocolError("not an ams control reply (frame kind \(buffer[start]))")
        }
        let length = buffer[start + 1 ..< start + 5].reduce(0) { $0 << 8 | Int($1) }
        guard length <= ControlProtocol.maximumFrameLength, kind != .status || length == 1 else {
            throw ControlProtocolError("not an ams control reply (a frame of \(length) bytes)")
        }
        guard buffer.count - start - 5 >= length else { return nil }
        let payload = Array(buffer[start + 5 ..< start + 5 + length])
        start += 5 + length
        // Compacted once the bytes taken are at least half the buffer, so each byte moves O(1) times (compacting
        // after every 64 KiB moved a 4 MiB buffer's rest 64 times: a quarter of a NETCONF listing's time).
        if start > 1 << 16 && start * 2 >= buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        switch kind {
        case .output: return .output(payload)
        case .error: return .error(String(decoding: payload, as: UTF8.self))
        case .status: return .status(payload[0])
        }
    }
}

/// A request line as the daemon reads it.
public enum RequestLine: Sendable, Equatable {
    case line(String)
    /// Longer than ``ControlProtocol/maximumRequestLength``: refused, and the connection closed.
    case tooLong
}

/// Cuts the bytes the daemon reads from a client into request lines, holding at most
/// ``ControlProtocol/maximumRequestLength`` bytes of a line.
public struct RequestReader: Sendable {
    private var pending: [UInt8] = []
    private var lines: [RequestLine] = []
    /// The first of ``lines`` not yet taken: taking a line is O(1), whatever a client packed into one read.
    private var taken = 0
    private var isTooLong = false

    public init() {}

    public mutating func feed(_ bytes: some Collection<UInt8>) {
        if taken == lines.count {
            lines.removeAll(keepingCapacity: true)
            taken = 0
        }
        for byte in bytes {
            if isTooLong { continue }
            if byte == 0x0A {
                if pending.last == 0x0D { pending.removeLast() }
                lines.append(.line(String(decoding: pending, as: UTF8.self)))
                pending.removeAll(keepingCapacity: true)
            } else if pending.count == ControlProtocol.maximumRequestLength {
                isTooLong = true
                pending = []
                lines.append(.tooLong)
            } else {
                pending.append(byte)
            }
        }
    }

    /// The next request line, `nil` if none is whole yet. After ``RequestLine/tooLong`` no more come.
    public mutating func next() -> RequestLine? {
        guard taken < lines.count else { return nil }
        taken += 1
        return lines[taken - 1]
    }
}
