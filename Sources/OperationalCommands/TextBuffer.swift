// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// UTF-8 output built in a reusable byte buffer and handed to a sink in large chunks.
///
/// Renderers write numbers, addresses and padding straight into the buffer — no intermediate `String` per
/// field — so that millions of lines can stream out without holding the whole text. Each field is one
/// append of contiguous bytes (digits are formed in a small buffer on the stack first): appending byte by
/// byte paid a uniqueness and capacity check per byte, and held a listing to about 2.4 M lines/s.
///
/// Written through `inout` by one renderer at a time; a copy would share the buffer, so none is made.
public struct TextBuffer {
    /// The bytes, in a buffer the storage owns; `count` of them are written since the last flush.
    private let storage: Storage
    private var count = 0
    private let sink: ([UInt8]) -> Void
    private let threshold: Int

    /// A byte buffer freed with the last copy of the ``TextBuffer`` that made it.
    private final class Storage {
        var base: UnsafeMutablePointer<UInt8>
        var capacity: Int

        init(capacity: Int) {
            base = .allocate(capacity: capacity)
            self.capacity = capacity
        }

        deinit { base.deallocate() }
    }

    /// Bytes written since the last flush.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: storage.base, count: count)) }

    /// - Parameters:
    ///   - threshold: flush when this many bytes are buffered.
    ///   - sink: receives each chunk of output, in order.
    public init(threshold: Int = 1 << 16, sink: @escaping ([UInt8]) -> Void) {
        storage = Storage(capacity: threshold + 4096)
        self.sink = sink
        self.threshold = threshold
    }

    /// Room for `more` bytes after the ones written: a pointer to the first free byte.
    @inline(__always)
    private mutating func reserve(_ more: Int) -> UnsafeMutablePointer<UInt8> {
        if count + more > storage.capacity {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * (count + more))
            larger.update(from: storage.base, count: count)
            storage.base.deallocate()
            storage.base = larger
            storage.capacity = 2 * (count + more)
        }
        return storage.base + count
    }

    /// Appends `bytes`.
    @inline(__always)
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        reserve(1).pointee = byte
        count += 1
    }

    /// Hands everything buffered to the sink.
    public mutating func flush() {
        if count == 0 { return }
        sink(bytes)
        count = 0
    }

    /// Hands everything buffered to the sink if the buffer is full (for output without line ends).
    @inline(__always)
    public mutating func flushIfFull() {
        if count >= threshold { flush() }
    }

    /// Ends a line, flushing if the buffer is full.
    @inline(__always)
    public mutating func newline() {
        append(0x0A)
        if count >= threshold { flush() }
    }

    @inline(__always)
    public mutating func write(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    @inline(__always)
    public mutating func write(_ text: String) {
        var text = text
        // Native strings are contiguous UTF-8: one copy, no per-byte iteration.
        text.withUTF8 { append($0) }
    }

    @inline(__always)
    mutating func spaces(_ count: Int) {
        guard count > 0 else { return }
        reserve(count).initialize(repeating: 0x20, count: count)
        self.count += count
    }

    /// `text` left-justified in `width` columns (printf `%-Ns`).
    public mutating func write(_ text: String, leftJustifiedIn width: Int) {
        let before = count
        write(text)
        spaces(width - (count - before))
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
        if value < 10 {
            append(0x30 &+ UInt8(truncatingIfNeeded: value))
            return
        }
        // At most 20 digits, formed from the end of a stack buffer, then appended at once.
        let length = Self.digitCount(value)
        let digits = reserve(length)
        var index = length
        var rest = value
        repeat {
            index -= 1
            digits[index] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        } while rest != 0
        count += length
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
        for _ in count..<max(count, digits) { append(0x30) }
        for shift in stride(from: count - 1, through: 0, by: -1) {
            let nibble = UInt8(truncatingIfNeeded: value >> (4 * UInt64(shift))) & 0xF
            append(nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
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
        // At most 15 bytes (`255.255.255.255`), formed on the stack, then padded and appended at once.
        let value = address.ipv4Value
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { (text: UnsafeMutableBufferPointer<UInt8>) in
            var length = 0
            var shift: UInt32 = 24
            while true {
                let octet = UInt8(truncatingIfNeeded: value >> shift)
                if octet >= 100 {
                    text[length] = 0x30 &+ octet / 100
                    length &+= 1
                }
                if octet >= 10 {
                    text[length] = 0x30 &+ octet / 10 % 10
                    length &+= 1
                }
                text[length] = 0x30 &+ octet % 10
                length &+= 1
                if shift == 0 { break }
                text[length] = 0x2E
                length &+= 1
                shift &-= 8
            }
            spaces(width - length)
            append(UnsafeBufferPointer(rebasing: text[0..<length]))
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
