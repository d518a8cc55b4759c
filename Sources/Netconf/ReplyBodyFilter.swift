// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands

/// Turns what the command executor writes — `| display xml`, `| display json` or the CLI text, chunk by chunk
/// — into the body of an `<rpc-reply>`, chunk by chunk, holding back only a few bytes (SPEC.md §7):
/// - xml: the CLI's envelope removed (its `<rpc-reply xmlns:junos=…>` line and the closing
///   `<cli><banner></banner></cli></rpc-reply>` lines), the document kept as it is;
/// - text: escaped, in `<output>`;
/// - json: compacted (white space outside strings removed), escaped, on a line of its own.
public struct ReplyBodyFilter: Sendable {
    public let format: ReplyFormat
    /// xml: the bytes of the envelope's first line still to drop (until its `\n`).
    private var inFirstLine = true
    /// xml: the last bytes, held back until they are known not to be the envelope's end.
    private var held: [UInt8] = []
    /// json: inside a string, and after a backslash in one.
    private var inString = false
    private var escaping = false
    private var started = false

    /// The envelope's end as ``JunosReply/displayXML(_:release:banner:)`` writes it.
    static let envelopeEnd: [UInt8] = {
        let probe = Array(JunosReply.displayXML(JunosElement("ams-probe")).utf8)
        let element = Array("<ams-probe/>\n".utf8)
        for start in probe.indices where probe[start...].starts(with: element) {
            return Array(probe[(start + element.count)...])
        }
        return []
    }()

    public init(format: ReplyFormat) {
        self.format = format
    }

    /// The body bytes `chunk` gives.
    public mutating func feed(_ chunk: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        if !started {
            started = true
            switch format {
            case .text: output += Array("<output>\n".utf8)
            case .json, .xml: break
            }
        }
        switch format {
        case .xml:
            var bytes = chunk[...]
            if inFirstLine {
                guard let newline = bytes.firstIndex(of: 0x0A) else { return output }
                inFirstLine = false
                bytes = bytes[(newline + 1)...]
            }
            held += bytes
            let keep = Self.envelopeEnd.count
            if held.count > keep {
                output += held[..<(held.count - keep)]
                held.removeFirst(held.count - keep)
            }
        case .text:
            Self.appendEscaped(chunk[...], to: &output)
        case .json:
            var compact: [UInt8] = []
            compact.reserveCapacity(chunk.count)
            for byte in chunk {
                if inString {
                    compact.append(byte)
                    if escaping {
                        escaping = false
                    } else if byte == UInt8(ascii: "\\") {
                        escaping = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    }
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                    compact.append(byte)
                } else if byte != 0x20 && byte != 0x0A && byte != 0x09 && byte != 0x0D {
                    compact.append(byte)
                }
            }
            Self.appendEscaped(compact[...], to: &output)
        }
        return output
    }

    /// The body's last bytes, once the command is done.
    public mutating func finish() -> [UInt8] {
        var output: [UInt8] = []
        if !started { output += feed([]) }
        switch format {
        case .xml:
            // Anything but the envelope's exact end (an empty or cut reply) is passed on as it is.
            if held.count >= Self.envelopeEnd.count, held.suffix(Self.envelopeEnd.count).elementsEqual(Self.envelopeEnd) {
                output += held.dropLast(Self.envelopeEnd.count)
            } else {
                output += held
            }
            held = []
        case .text:
            output += Array("</output>\n".utf8)
        case .json:
            output += [0x0A]
        }
        return output
    }

    static func appendEscaped(_ bytes: ArraySlice<UInt8>, to output: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "&"): output += Array("&amp;".utf8)
            case UInt8(ascii: "<"): output += Array("&lt;".utf8)
            case UInt8(ascii: ">"): output += Array("&gt;".utf8)
            default: output.append(byte)
            }
        }
    }
}
