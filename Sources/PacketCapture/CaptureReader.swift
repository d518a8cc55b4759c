// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

/// Iterates the records of a pcap or pcapng file held in a `Span`; allocation-free per frame.
///
/// The reader keeps no reference to the bytes: pass the same span to ``init(_:)`` and to every
/// ``next(_:)`` call. Every length in the file is checked against the span before it is used, so
/// a damaged or hostile file makes the reader throw a ``CaptureError``, never trap.
///
/// ```swift
/// try file.withBytes { (bytes) throws(CaptureError) in
///     var reader = try CaptureReader(bytes)
///     while let frame = try reader.next(bytes) {
///         let frameBytes = bytes.extracting(frame.byteRange)
///         …
///     }
/// }
/// ```
///
/// pcapng support: several sections (each with its own byte order and interfaces), Interface
/// Description Blocks with `if_tsresol` and `if_tsoffset`, Enhanced, Simple and (obsolete) Packet
/// Blocks; every other block type is skipped by its length. Per-interface state lives in inline
/// storage for up to ``maximumInterfaces`` interfaces per section.
public struct CaptureReader: Sendable {
    /// The file's container format.
    public private(set) var format: CaptureFormat
    /// The number of frames returned so far.
    public private(set) var framesRead: Int
    /// The byte offset of the next record.
    public private(set) var offset: Int

    /// The byte order of the pcap file or of the current pcapng section.
    private var byteOrder: ByteOrder
    /// pcap: the link type from the file header.
    private var pcapLinkType: LinkType
    /// pcap: `true` for nanosecond timestamps (magic `a1b23c4d`).
    private var pcapNanoseconds: Bool
    /// pcap: the snapshot length from the file header.
    private var pcapSnapLength: UInt32
    /// pcapng: the interfaces of the current section; the first ``interfaceCount`` are valid.
    private var interfaces: InlineArray<64, InterfaceDescription>
    /// pcapng: the number of interfaces described in the current section.
    private var interfaceCount: Int
    /// pcapng: the last timestamp returned, reused by Simple Packet Blocks, which carry none.
    private var lastTimestamp: UInt64

    /// The most interfaces one pcapng section may describe.
    public static let maximumInterfaces = 64
    /// The largest captured length accepted for one frame (256 KiB, as libpcap's `MAXIMUM_SNAPLEN`).
    public static let maximumCapturedLength = 262_144
    /// The largest pcapng block accepted (16 MiB, as Wireshark).
    public static let maximumBlockLength = 16 * 1024 * 1024

    /// Reads the pcap file header or the first pcapng Section Header Block.
    ///
    /// - Parameter bytes: The whole file.
    /// - Throws: ``CaptureError`` with kind `.empty`, `.badMagic`, `.truncatedHeader`,
    ///   `.badBlockLength` or `.badBlock`.
    public init(_ bytes: Span<UInt8>) throws(CaptureError) {
        format = .pcap
        framesRead = 0
        offset = 0
        byteOrder = .little
        pcapLinkType = LinkType(rawValue: 0)
        pcapNanoseconds = false
        pcapSnapLength = 0
        interfaces = InlineArray(repeating: .unused)
        interfaceCount = 0
        lastTimestamp = 0

        guard !bytes.isEmpty else { throw CaptureError(kind: .empty, offset: 0, framesRead: 0) }
        guard let magic = try Magic(prefixOf: bytes) else {
            throw CaptureError(kind: .badMagic, offset: 0, framesRead: 0)
        }
        switch magic {
        case .pcapng:
            format = .pcapng
            offset = try readSectionHeader(bytes, at: 0, truncation: .truncatedHeader)
        case .pcap(let order, let nanoseconds):
            guard bytes.count >= Magic.pcapHeaderLength else {
                throw CaptureError(
                    kind: .truncatedHeader,
                    offset: 0,
                    framesRead: 0,
                    value: Magic.pcapHeaderLength,
                    limit: bytes.count
                )
            }
            format = .pcap
            byteOrder = order
            pcapNanoseconds = nanoseconds
            pcapSnapLength = order.uint32(bytes, at: 16)
            // The low 16 bits are the link type; the upper bits may carry FCS information.
            pcapLinkType = LinkType(rawValue: order.uint32(bytes, at: 20) & 0xFFFF)
            offset = Magic.pcapHeaderLength
        }
    }

    /// Returns the next frame, or `nil` at a clean end of file.
    ///
    /// - Parameter bytes: The same span that was given to ``init(_:)``.
    /// - Returns: The frame's position and metadata; its bytes are `bytes.extracting(frame.byteRange)`.
    /// - Throws: ``CaptureError`` at damage. The frames already returned stay valid, and calling
    ///   again throws the same error.
    /// - Complexity: O(1) per block, no allocation.
    public mutating func next(_ bytes: Span<UInt8>) throws(CaptureError) -> CapturedFrame? {
        switch format {
        case .pcap: try nextPcap(bytes)
        case .pcapng: try nextPcapNG(bytes)
        }
    }

    // MARK: - pcap

    @inline(__always)
    private mutating func nextPcap(_ bytes: Span<UInt8>) throws(CaptureError) -> CapturedFrame? {
        let start = offset
        let remaining = bytes.count - start  // negative only if the caller passed a shorter span
        if remaining == 0 { return nil }
        let headerLength = 16
        guard remaining >= headerLength else {
            throw error(.truncatedRecord, value: headerLength, limit: max(remaining, 0))
        }
        let seconds = UInt64(byteOrder.uint32(bytes, at: start))
        let fraction = UInt64(byteOrder.uint32(bytes, at: start + 4))
        let captured = Int(byteOrder.uint32(bytes, at: start + 8))
        let original = Int(byteOrder.uint32(bytes, at: start + 12))
        guard captured <= Self.maximumCapturedLength else {
            throw error(.badRecordLength, value: captured, limit: Self.maximumCapturedLength)
        }
        // A captured length over the original one is taken as it is (tshark reads it, and so do pcapng
        // Enhanced Packet Blocks); the frame pump counts such frames.
        guard captured <= remaining - headerLength else {
            throw error(.truncatedRecord, value: captured, limit: remaining - headerLength)
        }
        // No overflow: (2^32 - 1) · 10^9 + (2^32 - 1) · 10^3 < 2^64.
        let timestamp = seconds * 1_000_000_000 + fraction * (pcapNanoseconds ? 1 : 1_000)
        let frame = CapturedFrame(
            timestamp: timestamp,
            linkType: pcapLinkType,
            interface: 0,
            offset: start + headerLength,
            capturedLength: captured,
            originalLength: original
        )
        offset = start + headerLength + captured
        framesRead += 1
        return frame
    }

    // MARK: - pcapng

    private enum BlockType {
        static let sectionHeader: UInt32 = 0x0A0D_0D0A
        static let interfaceDescription: UInt32 = 1
        static let packet: UInt32 = 2
        static let simplePacket: UInt32 = 3
        static let enhancedPacket: UInt32 = 6
    }

    private mutating func nextPcapNG(_ bytes: Span<UInt8>) throws(CaptureError) -> CapturedFrame? {
        while true {
            let start = offset
            let remaining = bytes.count - start  // negative only if the caller passed a shorter span
            if remaining == 0 { return nil }
            guard remaining >= 8 else { throw error(.truncatedRecord, value: 12, limit: max(remaining, 0)) }
            let type = byteOrder.uint32(bytes, at: start)
            if type == BlockType.sectionHeader {
                let length = try readSectionHeader(bytes, at: start, truncation: .truncatedRecord)
                offset = start + length
                continue
            }
            let length = try blockLength(bytes, at: start, remaining: remaining)
            switch type {
            case BlockType.interfaceDescription:
                try readInterfaceDescription(bytes, at: start, length: length)
            case BlockType.enhancedPacket:
                return try readPacket(bytes, at: start, length: length, enhanced: true)
            case BlockType.packet:
                return try readPacket(bytes, at: start, length: length, enhanced: false)
            case BlockType.simplePacket:
                return try readSimplePacket(bytes, at: start, length: length)
            default:
                break  // Name Resolution, Interface Statistics, custom, …: skipped by length.
            }
            offset = start + length
        }
    }

    /// Validates the leading and trailing lengths of the block at `start` and returns the length.
    private func blockLength(_ bytes: Span<UInt8>, at start: Int, remaining: Int) throws(CaptureError) -> Int {
        let length = Int(byteOrder.uint32(bytes, at: start + 4))
        guard length & 3 == 0, length >= 12, length <= Self.maximumBlockLength else {
            throw error(.badBlockLength, at: start, value: length)
        }
        guard length <= remaining else {
            throw error(.truncatedRecord, at: start, value: length, limit: remaining)
        }
        let trailer = Int(byteOrder.uint32(bytes, at: start + length - 4))
        guard trailer == length else {
            throw error(.badBlockLength, at: start, value: length, limit: trailer)
        }
        return length
    }

    /// Reads the Section Header Block at `start`: sets the byte order, forgets the previous
    /// section's interfaces, and returns the block length.
    private mutating func readSectionHeader(
        _ bytes: Span<UInt8>,
        at start: Int,
        truncation: CaptureError.Kind
    ) throws(CaptureError) -> Int {
        // Type, length, byte-order magic, versions, section length, trailer.
        let minimum = Magic.sectionHeaderMinimumLength
        let remaining = bytes.count - start
        guard remaining >= 12 else {
            throw error(truncation, at: start, value: minimum, limit: max(remaining, 0))
        }
        let order: ByteOrder
        let mark = ByteOrder.big.uint32(bytes, at: start + 8)
        switch mark {
        case 0x1A2B_3C4D: order = .big
        case 0x4D3C_2B1A: order = .little
        default: throw error(.badByteOrderMark, at: start, value: Int(mark))
        }
        byteOrder = order
        let length = Int(order.uint32(bytes, at: start + 4))
        guard length & 3 == 0, length >= 12, length <= Self.maximumBlockLength else {
            throw error(.badBlockLength, at: start, value: length)
        }
        guard length <= remaining else {
            throw error(truncation, at: start, value: length, limit: remaining)
        }
        let trailer = Int(order.uint32(bytes, at: start + length - 4))
        guard trailer == length else {
            throw error(.badBlockLength, at: start, value: length, limit: trailer)
        }
        guard length >= minimum else {
            throw error(.badBlock, at: start, value: Int(BlockType.sectionHeader))
        }
        let major = order.uint16(bytes, at: start + 12)
        guard major == 1 else {
            throw error(.unsupportedVersion, at: start, value: Int(major), limit: Int(order.uint16(bytes, at: start + 14)))
        }
        interfaceCount = 0
        return length
    }

    /// Reads an Interface Description Block: link type, snap length, `if_tsresol`, `if_tsoffset`.
    private mutating func readInterfaceDescription(
        _ bytes: Span<UInt8>,
        at start: Int,
        length: Int
    ) throws(CaptureError) {
        let badBlock = error(.badBlock, at: start, value: Int(BlockType.interfaceDescription))
        guard length >= 20 else { throw badBlock }
        guard interfaceCount < Self.maximumInterfaces else {
            throw error(.tooManyInterfaces, at: start, value: interfaceCount + 1, limit: Self.maximumInterfaces)
        }
        var interface = InterfaceDescription.unused
        interface.linkType = LinkType(rawValue: UInt32(byteOrder.uint16(bytes, at: start + 8)))
        interface.snapLength = byteOrder.uint32(bytes, at: start + 12)
        var option = start + 16
        let end = start + length - 4
        while end - option >= 4 {
            let code = byteOrder.uint16(bytes, at: option)
            let valueLength = Int(byteOrder.uint16(bytes, at: option + 2))
            if code == 0 { break }  // opt_endofopt
            let padded = (valueLength + 3) & ~3
            guard padded <= end - option - 4 else { throw badBlock }
            let value = option + 4
            switch code {
            case 9 where valueLength >= 1:  // if_tsresol
                interface.scale = TimestampScale(resolution: bytes[value])
            case 14 where valueLength >= 8:  // if_tsoffset, seconds
                let seconds = Int64(bitPattern: byteOrder.uint64(bytes, at: value))
                let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
                interface.offsetNanoseconds = overflow ? (seconds < 0 ? .min : .max) : nanoseconds
            default:
                break  // if_name, opt_comment, …: skipped.
            }
            option = value + padded
        }
        interfaces[interfaceCount] = interface
        interfaceCount += 1
    }

    /// Reads an Enhanced Packet Block (type 6) or an obsolete Packet Block (type 2).
    private mutating func readPacket(
        _ bytes: Span<UInt8>,
        at start: Int,
        length: Int,
        enhanced: Bool
    ) throws(CaptureError) -> CapturedFrame {
        let headerLength = 28  // type, length, interface, timestamp (2), captured and original lengths
        guard length >= headerLength + 4 else {
            throw error(.badBlock, at: start, value: Int(enhanced ? BlockType.enhancedPacket : BlockType.packet))
        }
        let interfaceID =
            enhanced ? byteOrder.uint32(bytes, at: start + 8) : UInt32(byteOrder.uint16(bytes, at: start + 8))
        guard Int(interfaceID) < interfaceCount else {
            throw error(.unknownInterface, at: start, value: Int(interfaceID), limit: interfaceCount)
        }
        let interface = interfaces[Int(interfaceID)]
        let units =
            UInt64(byteOrder.uint32(bytes, at: start + 12)) &<< 32
            | UInt64(byteOrder.uint32(bytes, at: start + 16))
        let captured = Int(byteOrder.uint32(bytes, at: start + 20))
        let original = Int(byteOrder.uint32(bytes, at: start + 24))
        guard captured <= Self.maximumCapturedLength else {
            throw error(.badRecordLength, at: start, value: captured, limit: Self.maximumCapturedLength)
        }
        guard captured <= length - headerLength - 4 else {
            throw error(.badRecordLength, at: start, value: captured, limit: length - headerLength - 4)
        }
        let timestamp = interface.nanoseconds(units)
        lastTimestamp = timestamp
        offset = start + length
        framesRead += 1
        return CapturedFrame(
            timestamp: timestamp,
            linkType: interface.linkType,
            interface: interfaceID,
            offset: start + headerLength,
            capturedLength: captured,
            originalLength: original
        )
    }

    /// Reads a Simple Packet Block: interface 0, no timestamp (the previous frame's is reused).
    private mutating func readSimplePacket(
        _ bytes: Span<UInt8>,
        at start: Int,
        length: Int
    ) throws(CaptureError) -> CapturedFrame {
        let headerLength = 12  // type, length, original length
        guard length >= headerLength + 4 else {
            throw error(.badBlock, at: start, value: Int(BlockType.simplePacket))
        }
        guard interfaceCount > 0 else {
            throw error(.unknownInterface, at: start, value: 0, limit: 0)
        }
        let interface = interfaces[0]
        let original = Int(byteOrder.uint32(bytes, at: start + 8))
        var captured = min(original, length - headerLength - 4)
        if interface.snapLength != 0 { captured = min(captured, Int(interface.snapLength)) }
        guard captured <= Self.maximumCapturedLength else {
            throw error(.badRecordLength, at: start, value: captured, limit: Self.maximumCapturedLength)
        }
        offset = start + length
        framesRead += 1
        return CapturedFrame(
            timestamp: lastTimestamp,
            linkType: interface.linkType,
            interface: 0,
            offset: start + headerLength,
            capturedLength: captured,
            originalLength: original
        )
    }

    // MARK: - Errors

    private func error(_ kind: CaptureError.Kind, value: Int = 0, limit: Int = 0) -> CaptureError {
        CaptureError(kind: kind, offset: offset, framesRead: framesRead, value: value, limit: limit)
    }

    private func error(_ kind: CaptureError.Kind, at start: Int, value: Int = 0, limit: Int = 0) -> CaptureError {
        CaptureError(kind: kind, offset: start, framesRead: framesRead, value: value, limit: limit)
    }
}

/// The file magic numbers this reader recognises.
private enum Magic {
    case pcap(ByteOrder, nanoseconds: Bool)
    case pcapng

    static let pcapHeaderLength = 24
    static let sectionHeaderMinimumLength = 28

    /// The format whose magic number starts `bytes`, or `nil` if none does.
    ///
    /// - Throws: `.truncatedHeader` if `bytes` is a proper prefix of a known magic number.
    init?(prefixOf bytes: Span<UInt8>) throws(CaptureError) {
        let available = min(bytes.count, 4)
        var word: UInt32 = 0  // the first bytes, read big-endian
        for index in 0..<available { word |= UInt32(bytes[index]) &<< (24 - 8 * UInt32(index)) }
        let mask: UInt32 = available == 4 ? 0xFFFF_FFFF : ~(0xFFFF_FFFF &>> (8 * UInt32(available)))
        let candidates: [(UInt32, Magic)] = [
            (0xD4C3_B2A1, .pcap(.little, nanoseconds: false)),
            (0xA1B2_C3D4, .pcap(.big, nanoseconds: false)),
            (0x4D3C_B2A1, .pcap(.little, nanoseconds: true)),
            (0xA1B2_3C4D, .pcap(.big, nanoseconds: true)),
            (0x0A0D_0D0A, .pcapng),
        ]
        for (magic, format) in candidates where magic & mask == word {
            guard available == 4 else {
                let needed: Int
                if case .pcapng = format {
                    needed = Self.sectionHeaderMinimumLength
                } else {
                    needed = Self.pcapHeaderLength
                }
                throw CaptureError(kind: .truncatedHeader, offset: 0, framesRead: 0, value: needed, limit: available)
            }
            self = format
            return
        }
        return nil
    }
}
