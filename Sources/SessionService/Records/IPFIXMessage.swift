// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import SessionEngine

/// One IPFIX message being built (RFC 7011 §3): the 16-byte header, then sets — a template set, data sets
/// of one template each —, in a buffer of ``maximumLength`` bytes allocated once and reused message after
/// message (``reset()``).
///
/// Records are appended while they fit; ``finish(exportTime:sequenceNumber:observationDomain:)`` closes the
/// last set and writes the header, and ``bytes`` is the message to send.
public struct IPFIXMessage {
    /// Bytes of the message header.
    public static let headerLength = 16
    /// Bytes of a set header.
    public static let setHeaderLength = 4
    /// The default largest message: fits a 1,500-byte Ethernet MTU with IPv6 and UDP headers.
    public static let defaultMaximumLength = 1400
    /// The template set's ID.
    static let templateSetID: UInt16 = 2

    public let maximumLength: Int
    private var buffer: [UInt8]
    /// Bytes used so far.
    public private(set) var count = IPFIXMessage.headerLength
    /// Where the open set's header is, and its ID (0: no set open).
    private var setStart = 0
    private var setID: UInt16 = 0
    /// Data records in the message (the next message's sequence number grows by this).
    public private(set) var dataRecords = 0
    /// Whether the message carries the templates.
    public private(set) var hasTemplates = false
    /// The latest session end (packet time, nanoseconds) among the records.
    public private(set) var latestEnd: UInt64 = 0

    public init(maximumLength: Int = IPFIXMessage.defaultMaximumLength) {
        self.maximumLength = maximumLength
        buffer = [UInt8](repeating: 0, count: maximumLength)
    }

    /// No set yet: only the header.
    public var isEmpty: Bool { count == Self.headerLength }

    /// Empties the message for the next one (the buffer is kept).
    public mutating func reset() {
        count = Self.headerLength
        setStart = 0
        setID = 0
        dataRecords = 0
        hasTemplates = false
        latestEnd = 0
    }

    /// Appends a template set holding `templates`; `false` (nothing appended) when it does not fit.
    @discardableResult
    public mutating func appendTemplates(_ templates: [IPFIXTemplate]) -> Bool {
        let length = Self.setHeaderLength + templates.reduce(0) { $0 + $1.templateRecordLength }
        guard count + length <= maximumLength else { return false }
        closeSet()
        buffer.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress! + count
            base.storeBytes(of: Self.templateSetID.bigEndian, as: UInt16.self)
            base.storeBytes(of: UInt16(length).bigEndian, toByteOffset: 2, as: UInt16.self)
            var offset = Self.setHeaderLength
            for template in templates {
                template.writeTemplateRecord(to: base + offset)
                offset += template.templateRecordLength
            }
        }
        count += length
        hasTemplates = true
        return true
    }

    /// Appends a data record of `session` with `template`, in the open data set if it is `template`'s, else
    /// in a new one; `false` (nothing appended) when it does not fit.
    @discardableResult
    public mutating func append(_ session: FinishedSession, template: IPFIXTemplate) -> Bool {
        let opens = setID != template.id
        let length = template.recordLength + (opens ? Self.setHeaderLength : 0)
        guard count + length <= maximumLength else { return false }
        if opens {
            closeSet()
            setStart = count
            setID = template.id
            count += Self.setHeaderLength
        }
        buffer.withUnsafeMutableBytes { raw in
            template.writeRecord(session, to: raw.baseAddress! + count)
        }
        count += template.recordLength
        dataRecords += 1
        latestEnd = max(latestEnd, session.end)
        return true
    }

    /// Closes the open set and writes the header: version 10, length, `exportTime` (seconds since the
    /// epoch), `sequenceNumber` (data records sent in the domain before this message), `observationDomain`.
    public mutating func finish(exportTime: UInt32, sequenceNumber: UInt32, observationDomain: UInt32) {
        closeSet()
        let length = count
        buffer.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!
            base.storeBytes(of: UInt16(10).bigEndian, as: UInt16.self)
            base.storeBytes(of: UInt16(length).bigEndian, toByteOffset: 2, as: UInt16.self)
            base.storeBytes(of: exportTime.bigEndian, toByteOffset: 4, as: UInt32.self)
            base.storeBytes(of: sequenceNumber.bigEndian, toByteOffset: 8, as: UInt32.self)
            base.storeBytes(of: observationDomain.bigEndian, toByteOffset: 12, as: UInt32.self)
        }
    }

    /// The message's bytes so far (after ``finish(exportTime:sequenceNumber:observationDomain:)``: the message).
    public func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }

    /// A copy of the bytes (tests).
    public var bytes: [UInt8] { Array(buffer[..<count]) }

    /// Writes the open data set's length into its header.
    private mutating func closeSet() {
        guard setID != 0 else { return }
        let length = UInt16(count - setStart)
        let start = setStart
        let id = setID
        buffer.withUnsafeMutableBytes { raw in
            raw.baseAddress!.storeBytes(of: id.bigEndian, toByteOffset: start, as: UInt16.self)
            raw.baseAddress!.storeBytes(of: length.bigEndian, toByteOffset: start + 2, as: UInt16.self)
        }
        setID = 0
    }
}
