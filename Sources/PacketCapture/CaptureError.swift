// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a capture could not be read (or written) further.
///
/// Payloads are integers, so throwing one never allocates. ``description`` is the operator message,
/// without a file name; the caller prefixes `"path: "`, for example:
///
/// ```
/// capture.pcap: truncated record at offset 123456 (frame 5012): needs 1514 bytes, 310 remain; 5011 frames read
/// ```
///
/// Frames returned before the error stay valid: a reader stops at the damage, it does not undo.
public struct CaptureError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of damage.
    public enum Kind: Sendable, Hashable {
        /// The file could not be opened, mapped, read or written; the payload is `errno`.
        case open(Int32)
        /// The file has no bytes at all.
        case empty
        /// The first bytes are neither a pcap magic number nor a pcapng Section Header Block,
        /// or a pcapng byte-order magic is wrong.
        case badMagic
        /// The file ends inside the pcap file header or the first pcapng Section Header Block.
        case truncatedHeader
        /// The file ends inside a record (pcap record or pcapng block).
        case truncatedRecord
        /// A record's captured length exceeds its original length, the 256 KiB limit, or its block.
        case badRecordLength
        /// A pcapng block length is not a multiple of 4, is under 12 or over 16 MiB, or differs
        /// from the trailing copy.
        case badBlockLength
        /// A pcapng block's contents are inconsistent: the block is too short for its fixed fields, or
        /// options overrun it.
        case badBlock
        /// A pcapng packet names an interface that its section has not described.
        case unknownInterface
        /// A pcapng section describes more than ``CaptureReader/maximumInterfaces`` interfaces.
        case tooManyInterfaces
        /// A pcapng Section Header Block's byte-order magic is neither `1a2b3c4d` nor its reverse (in a
        /// later section: the file's first section was read). ``value`` is the magic as read.
        case badByteOrderMark
        /// A pcapng section of a major version other than 1; ``value`` and ``limit`` are the major and
        /// minor version.
        case unsupportedVersion
    }

    /// The kind of damage.
    public var kind: Kind
    /// The byte offset of the damaged record or block (0 for file-level problems).
    public var offset: Int
    /// The number of frames successfully returned before the damage.
    public var framesRead: Int
    /// The number the damaged record claimed: a length, an interface ID or a block type (0 if none).
    public var value: Int
    /// What was available or allowed for ``value``: bytes remaining, a length limit, the trailing
    /// block length, or the number of interfaces defined (0 if none).
    public var limit: Int

    /// Creates an error.
    public init(kind: Kind, offset: Int, framesRead: Int, value: Int = 0, limit: Int = 0) {
        self.kind = kind
        self.offset = offset
        self.framesRead = framesRead
        self.value = value
        self.limit = limit
    }

    /// The operator message, without a file name.
    public var description: String {
        let frame = "(frame \(framesRead + 1))"
        let read = "; \(framesRead) frames read"
        switch kind {
        case .open(let code):
            return "cannot open: \(Self.systemMessage(code)) (errno \(code))"
        case .empty:
            return "empty file: no pcap or pcapng header"
        case .badMagic:
            return "not a pcap or pcapng file: unknown magic number at offset \(offset)"
        case .truncatedHeader:
            return "truncated file header at offset \(offset): needs \(value) bytes, \(limit) remain"
        case .truncatedRecord:
            return "truncated record at offset \(offset) \(frame): needs \(value) bytes, \(limit) remain\(read)"
        case .badRecordLength:
            return "bad record length at offset \(offset) \(frame): \(value) captured bytes, limit \(limit)\(read)"
        case .badBlockLength:
            if value % 4 == 0 && value >= 12 && value <= CaptureReader.maximumBlockLength {
                return
                    "bad block length at offset \(offset): \(value) bytes, but the trailing length says \(limit)\(read)"
            }
            return "bad block length at offset \(offset): \(value) bytes "
                + "(must be a multiple of 4, at least 12 and at most 16 MiB)\(read)"
        case .badBlock:
            return "malformed block of type \(Self.hex(value)) at offset \(offset)\(read)"
        case .unknownInterface:
            return "packet at offset \(offset) \(frame) names interface \(value), "
                + "but its section describes \(limit)\(read)"
        case .tooManyInterfaces:
            return "more than \(CaptureReader.maximumInterfaces) interfaces in one section at offset \(offset)\(read)"
        case .badByteOrderMark:
            return "section header at offset \(offset) has byte-order mark \(Self.hex(value)), "
                + "neither 0x1a2b3c4d nor 0x4d3c2b1a\(read)"
        case .unsupportedVersion:
            return "section at offset \(offset) is pcapng version \(value).\(limit); only version 1 is read\(read)"
        }
    }

    private static func hex(_ value: Int) -> String {
        let digits = String(UInt32(truncatingIfNeeded: value), radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    private static func systemMessage(_ code: Int32) -> String {
        // `strerror` returns a pointer to a static, NUL-terminated string (or NULL on some libcs).
        guard let message = unsafe strerror(code) else { return "error" }
        return unsafe String(cString: message)
    }
}
