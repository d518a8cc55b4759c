// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Why a NETCONF byte stream cannot be split into messages: the session ends (RFC 6242 §4.2).
public enum FramingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A message grew beyond the limit before its end was seen.
    case messageTooLarge(limit: Int)
    /// A chunk header that is not `\n#<1–4294967295, no leading zero>\n`, nor the end of chunks `\n##\n`:
    /// the bytes seen (at most 16).
    case badChunkHeader([UInt8])

    public var description: String {
        switch self {
        case .messageTooLarge(let limit): "message larger than \(limit) bytes"
        case .badChunkHeader(let bytes):
            "bad chunk header: \(String(decoding: bytes, as: UTF8.self).debugDescription)"
        }
    }
}
