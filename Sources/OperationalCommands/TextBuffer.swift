// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// UTF-8 output built in a reusable byte buffer and handed to a sink in large chunks.
///
/// Renderers write numbers, addresses and padding straight into the buffer — no intermediate `String` per
/// field — so that millions of lines can stream out without holding the whole text.
public struct TextBuffer {
    /// Bytes written since the last flush.
    public private(set) var bytes: [UInt8]
    private let sink: ([UInt8]) -> Void
    private let threshold: Int

    /// - Parameters:
    ///   - threshold: flush when this many bytes are buffered.
    ///   - sink: receives each chunk of output, in order.
    public init(threshold: Int = 1 << 16, sink: @escaping ([UInt8]) -> Void) {
        bytes = []
        bytes.reserveCapacity(threshold + 4096)
        self.sink = sink
        self.threshold = threshold
    }

    /// Hands everything buffered to the sink.
    public mutating func flush() {
        if bytes.isEmpty { return }
        sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Ends a line, flushing if the buffer is full.
    @inline(__always)
    public mutating func newline() {
        bytes.append(0x0A)
        if bytes.count >= threshold { flush() }
    }

    @inline(__always)
    public mutating func write(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    public mutating func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    @inline(__always)
    mutating func spaces(_ count: Int) {
        for _ in 0..<max(0, count) { bytes.append(0x20) }
    }

    /// `text` left-justified in `width` columns (printf `%-Ns`).
    public mutating func write(_ text: String, leftJustifiedIn width: Int) {
        let before = bytes.count
        bytes.append(contentsOf: text.utf8)
        spaces(width - (bytes.count - before))
    }

    /// The number of decimal digits of `value`.
    @inline(__always)
    static func digitCount(_ value: UInt64) -> Int {
        var count = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }

    /// `value` in decimal.
    public mutating func write(decimal value: UInt64) {
        let count = Self.digitCount(value)
        let start = bytes.count
        for _ in 0..<count { bytes.append(0x30) }
        var rest = value
        var index = start + count - 1
        while true {
            bytes[index] = 0x30 + UInt8(rest % 10)
            rest /= 10
            if rest == 0 { break }
            index -= 1
        }
    }

    /// `value` in decimal, right-justified in `width` columns (printf `%Nd`).
    public mutating func write(decimal value: UInt64, rightJustifiedIn width: Int) {
        spaces(width - Self.digitCount(value))
        write(decimal: value)
    }

    /// `value` in decimal, left-justified in `width` columns (printf `%-Nd`).
    public mutating func write(decimal value: UInt64, leftJustifiedIn width: Int) {
        write(decimal: value)
        spaces(width - Self.digitCount(value))
    }

    /// `value` in lower-case hexadecimal with at least `digits` digits (printf `%0Nx`).
    public mutating func write(hex value: UInt64, minimumDigits digits: Int) {
        var count = 1
        while count < 16 && value >> (4 * UInt64(count)) != 0 { count += 1 }
        for _ in count..<max(count, digits) { bytes.append(0x30) }
        for shift in stride(from: count - 1, through: 0, by: -1) {
            let nibble = UInt8(truncatingIfNeeded: value >> (4 * UInt64(shift))) & 0xF
            bytes.append(nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
        }
    }

    /// An address (dotted quad, or RFC 5952 text for IPv6), right-justified in `width` columns.
    public mutating func write(_ address: IPAddress, rightJustifiedIn width: Int) {
        guard address.isIPv4 else {
            let text = address.description
            spaces(width - text.utf8.count)
            write(text)
            return
        }
        let value = address.ipv4Value
        var length = 3
        for shift in [24, 16, 8, 0] { length += Self.digitCount(UInt64(value >> UInt32(shift) & 0xFF)) }
        spaces(width - length)
        for shift in [24, 16, 8, 0] {
            if shift != 24 { bytes.append(0x2E) }
            write(decimal: UInt64(value >> UInt32(shift) & 0xFF))
        }
    }
}

extension TextBuffer {
    /// Everything `render` writes, as one string (for tests and small outputs).
    public static func text(_ render: (inout TextBuffer) -> Void) -> String {
        var collected: [UInt8] = []
        var output = TextBuffer { collected.append(contentsOf: $0) }
        render(&output)
        output.flush()
        return String(decoding: collected, as: UTF8.self)
    }
}
