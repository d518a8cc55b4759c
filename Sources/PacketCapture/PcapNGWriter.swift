// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// Writes a pcapng file into a byte buffer.
///
/// `init` emits a Section Header Block. Describe interfaces with
/// ``addInterface(linkType:snapLength:timestampResolution:extraOptions:)`` before appending their
/// packets. Meant for tests and synthetic traces; it also writes odd-but-valid files (options to skip,
/// custom blocks, several sections) so readers can be tested against them.
public struct PcapNGWriter: Sendable {
    /// Everything written and not yet taken.
    public private(set) var bytes: [UInt8]

    private var order: ByteOrder
    /// The raw `if_tsresol` of each interface of the current section (`nil` for the default µs).
    private var resolutions: [UInt8?]
    /// The snapshot length of each interface of the current section.
    private var snapLengths: [UInt32]

    /// Starts a file with one Section Header Block.
    ///
    /// - Parameter bigEndian: `true` to write the first section big-endian.
    public init(bigEndian: Bool = false) {
        order = ByteOrder(isBigEndian: bigEndian)
        bytes = []
        bytes.reserveCapacity(65_536)
        resolutions = []
        snapLengths = []
        appendSectionHeader()
    }

    /// Starts a new section (a new Section Header Block), which forgets all interfaces.
    ///
    /// - Parameter bigEndian: The byte order of the new section; `nil` keeps the current one.
    public mutating func startSection(bigEndian: Bool? = nil) {
        if let bigEndian { order = ByteOrder(isBigEndian: bigEndian) }
        resolutions.removeAll(keepingCapacity: true)
        snapLengths.removeAll(keepingCapacity: true)
        appendSectionHeader()
    }

    /// Describes an interface (an Interface Description Block) and returns its ID within the section.
    ///
    /// - Parameters:
    ///   - linkType: The link type of the interface's frames (the low 16 bits are written).
    ///   - snapLength: The snapshot length (0 means no limit).
    ///   - timestampResolution: The raw `if_tsresol` byte (6 = µs, 9 = ns, `0x80 | n` = 2^-n s);
    ///     `nil` writes no option, which means microseconds.
    ///   - extraOptions: `true` adds an `if_name` and an `opt_comment` option, for testing that readers skip them.
    /// - Returns: The interface ID to pass to ``appendEnhanced(_:interface:timestamp:originalLength:withOptions:)``.
    @discardableResult
    public mutating func addInterface(
        linkType: LinkType,
        snapLength: UInt32 = 262_144,
        timestampResolution: UInt8? = nil,
        extraOptions: Bool = false
    ) -> UInt32 {
        var body: [UInt8] = []
        body.append(UInt16(truncatingIfNeeded: linkType.rawValue), order)
        body.append(0 as UInt16, order)
        body.append(snapLength, order)
        var hasOptions = false
        if extraOptions {
            appendOption(code: 2, Array("ams0".utf8), to: &body)  // if_name
            appendOption(code: 1, Array("synthetic interface".utf8), to: &body)  // opt_comment
            hasOptions = true
        }
        if let timestampResolution {
            appendOption(code: 9, [timestampResolution], to: &body)  // if_tsresol
            hasOptions = true
        }
        if hasOptions { appendOption(code: 0, [], to: &body) }  // opt_endofopt
        appendBlock(type: 1, body: body)
        resolutions.append(timestampResolution)
        snapLengths.append(snapLength)
        return UInt32(resolutions.count - 1)
    }

    /// Appends an Enhanced Packet Block.
    ///
    /// - Parameters:
    ///   - frame: The frame's bytes; at most the interface's snapshot length of them are written.
    ///   - interface: An ID returned by ``addInterface(linkType:snapLength:timestampResolution:extraOptions:)``
    ///     (any value is written as given, so readers can be tested against unknown interfaces).
    ///   - timestamp: Nanoseconds since the Unix epoch, converted to the interface's resolution (rounded down).
    ///   - originalLength: The length on the wire; `nil` means `frame.count`.
    ///   - withOptions: `true` adds `opt_comment` and `epb_flags` options.
    public mutating func appendEnhanced(
        _ frame: [UInt8],
        interface: UInt32,
        timestamp: UInt64,
        originalLength: Int? = nil,
        withOptions: Bool = false
    ) {
        let index = Int(interface)
        let resolution = index < resolutions.count ? resolutions[index] : nil
        let snapLength = index < snapLengths.count ? snapLengths[index] : 0
        let captured = snapLength == 0 ? frame.count : min(frame.count, Int(snapLength))
        let units = Self.units(timestamp, resolution: resolution ?? 6)
        let start = beginBlock(type: 6)
        bytes.append(interface, order)
        bytes.append(UInt32(truncatingIfNeeded: units &>> 32), order)
        bytes.append(UInt32(truncatingIfNeeded: units), order)
        bytes.append(UInt32(truncatingIfNeeded: captured), order)
        bytes.append(UInt32(truncatingIfNeeded: originalLength ?? frame.count), order)
        bytes.append(contentsOf: frame[0..<captured])
        bytes.padToFourBytes()
        if withOptions {
            var options: [UInt8] = []
            appendOption(code: 1, Array("frame comment".utf8), to: &options)  // opt_comment
            var flags: [UInt8] = []
            flags.append(1 as UInt32, order)  // inbound
            appendOption(code: 2, flags, to: &options)  // epb_flags
            appendOption(code: 0, [], to: &options)
            bytes.append(contentsOf: options)
        }
        endBlock(start: start)
    }

    /// Appends a Simple Packet Block (interface 0, no timestamp).
    ///
    /// - Parameters:
    ///   - frame: The frame's bytes; at most interface 0's snapshot length of them are written.
    ///   - originalLength: The length on the wire; `nil` means `frame.count`.
    public mutating func appendSimple(_ frame: [UInt8], originalLength: Int? = nil) {
        let snapLength = snapLengths.first ?? 0
        let captured = snapLength == 0 ? frame.count : min(frame.count, Int(snapLength))
        let start = beginBlock(type: 3)
        bytes.append(UInt32(truncatingIfNeeded: originalLength ?? frame.count), order)
        bytes.append(contentsOf: frame[0..<captured])
        bytes.padToFourBytes()
        endBlock(start: start)
    }

    /// Appends a block of any type with the given body (padded to 4 bytes), for testing that
    /// readers skip blocks they do not know.
    public mutating func appendCustomBlock(type: UInt32, body: [UInt8]) {
        appendBlock(type: type, body: body)
    }

    /// Returns everything written so far and empties the buffer.
    public mutating func takeBytes() -> [UInt8] {
        var taken: [UInt8] = []
        taken.reserveCapacity(bytes.capacity)
        swap(&taken, &bytes)
        return taken
    }

    // MARK: - Private

    private mutating func appendSectionHeader() {
        var body: [UInt8] = []
        body.append(0x1A2B_3C4D as UInt32, order)  // byte-order magic
        body.append(1 as UInt16, order)  // version 1.0
        body.append(0 as UInt16, order)
        body.append(UInt64.max, order)  // section length: unspecified (-1)
        appendBlock(type: 0x0A0D_0D0A, body: body)
    }

    private mutating func appendBlock(type: UInt32, body: [UInt8]) {
        let start = beginBlock(type: type)
        bytes.append(contentsOf: body)
        bytes.padToFourBytes()
        endBlock(start: start)
    }

    /// Writes the block type and a placeholder length; returns the block's offset.
    private mutating func beginBlock(type: UInt32) -> Int {
        // Blocks start on 4-byte boundaries as long as the buffer is only taken whole.
        let start = bytes.count
        bytes.append(type, order)
        bytes.append(0 as UInt32, order)
        return start
    }

    /// Fills in the leading length and appends the trailing one.
    private mutating func endBlock(start: Int) {
        let length = UInt32(truncatingIfNeeded: bytes.count - start + 4)
        bytes.append(length, order)
        var field: [UInt8] = []
        field.append(length, order)
        for index in 0..<4 { bytes[start + 4 + index] = field[index] }
    }

    private func appendOption(code: UInt16, _ value: [UInt8], to body: inout [UInt8]) {
        body.append(code, order)
        body.append(UInt16(truncatingIfNeeded: value.count), order)
        body.append(contentsOf: value)
        body.padToFourBytes()
    }

    /// Nanoseconds to units of the raw `if_tsresol`, rounded down and saturating.
    static func units(_ nanoseconds: UInt64, resolution: UInt8) -> UInt64 {
        if resolution & 0x80 != 0 {
            // units = nanoseconds · 2^e / 10^9, in 128 bits.
            let exponent = Int(resolution & 0x7F)
            guard exponent < 64 else { return nanoseconds == 0 ? 0 : .max }
            let high = exponent == 0 ? 0 : nanoseconds &>> UInt64(64 - exponent)
            let low = nanoseconds &<< UInt64(exponent)
            guard high < 1_000_000_000 else { return .max }  // the quotient would not fit
            return UInt64(1_000_000_000).dividingFullWidth((high: high, low: low)).quotient
        }
        let exponent = Int(resolution)
        if exponent <= 9 { return nanoseconds / TimestampScale.powerOfTen(9 - exponent) }
        guard exponent - 9 <= 19 else { return nanoseconds == 0 ? 0 : .max }
        let (product, overflow) = nanoseconds.multipliedReportingOverflow(by: TimestampScale.powerOfTen(exponent - 9))
        return overflow ? .max : product
    }
}
