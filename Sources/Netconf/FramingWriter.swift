// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Frames what the server sends (SPEC.md §7): in `]]>]]>` mode the parts as they are, then the marker; in
/// chunked mode each part a chunk `\n#<size>\n<part>`, then `\n##\n`. A reply is written part by part as it
/// is rendered — never held whole.
public struct FramingWriter: Sendable, Hashable {
    public var mode: FramingDecoder.Mode

    public init(mode: FramingDecoder.Mode = .endOfMessage) {
        self.mode = mode
    }

    /// `part` framed (empty parts vanish: a chunk is never empty).
    public func part(_ part: [UInt8]) -> [UInt8] {
        guard !part.isEmpty else { return [] }
        switch mode {
        case .endOfMessage: return part
        case .chunked: return Array("\n#\(part.count)\n".utf8) + part
        }
    }

    /// The end of the message.
    public var end: [UInt8] {
        switch mode {
        case .endOfMessage: Array("]]>]]>".utf8)
        case .chunked: Array("\n##\n".utf8)
        }
    }

    /// A whole message: `text` and the end.
    public func message(_ text: String) -> [UInt8] {
        part(Array(text.utf8)) + end
    }
}
