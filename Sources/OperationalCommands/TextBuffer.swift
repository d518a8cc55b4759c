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
    /// Bytes written since the last flush.
    public private(set) var count = 0
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
        var room = reserveRoom(bytes.count)
        room.bytes(bytes)
        commit(room)
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
        // Native strings are contiguous UTF-8: one copy, no per-byte iteration.
        Self.withUTF8(text) { append($0) }
    }

    @inline(__always)
    mutating func spaces(_ count: Int) {
        guard count > 0 else { return }
        var room = reserveRoom(count)
        room.spaces(count)
        commit(room)
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
        var room = reserveRoom(Room.maximumDecimal)
        room.decimal(value)
        commit(room)
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
        var room = reserveRoom(max(16, digits))
        room.hex(value, minimumDigits: digits)
        commit(room)
    }

    /// `0x` and `value` in lower-case hexadecimal with at least `digits` digits (printf `0x%0Nx`): `Flags:`
    /// and `<session-flags>`.
    public mutating func write(hexadecimal value: UInt64, minimumDigits digits: Int) {
        var room = reserveRoom(2 + max(16, digits))
        room.hexadecimal(value, minimumDigits: digits)
        commit(room)
    }

    /// An address (dotted quad, or RFC 5952 text for IPv6), right-justified in `width` columns.
    public mutating func write(_ address: IPAddress, rightJustifiedIn width: Int) {
        guard address.isIPv4 else {
            let text = address.description
            spaces(width - text.utf8.count)
            write(text)
            return
        }
        var room = reserveRoom(max(width, Room.maximumIPv4))
        room.ipv4(address.ipv4Value, rightJustifiedIn: width)
        commit(room)
    }
}

extension TextBuffer {
    /// Room reserved at the end of a ``TextBuffer`` (``reserveRoom(_:)``) and written front to back, then
    /// taken into it (``commit(_:)``): a run of small writes — a leaf element's indent, tags and text — for one
    /// check of capacity. Nothing else may be written to the buffer in between.
    public struct Room {
        /// The first byte not written yet.
        private(set) var next: UnsafeMutablePointer<UInt8>
        /// The end of the room (checked in debug builds).
        fileprivate let end: UnsafeMutablePointer<UInt8>

        /// The most bytes of ``decimal(_:)`` (`UInt64.max`) and of ``ipv4(_:rightJustifiedIn:)`` unpadded.
        public static let maximumDecimal = 20
        public static let maximumIPv4 = 15

        @inline(__always)
        public mutating func byte(_ byte: UInt8) {
            assert(next < end)
            next.initialize(to: byte)
            next += 1
        }

        /// Copies `bytes`; a tag, a name or a short text (up to 32 bytes) a word at a time rather than with a
        /// call of `memmove`, which cost more than the copy.
        @inline(__always)
        public mutating func bytes(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let source = bytes.baseAddress else { return }
            let count = bytes.count
            assert(next + count <= end)
            if count > 32 {
                next.update(from: source, count: count)
            } else if count >= 8 {
                let (from, to) = (UnsafeRawPointer(source), UnsafeMutableRawPointer(next))
                var offset = 0
                while offset < count - 8 {
                    to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset, as: UInt64.self)
                    offset += 8
                }
                // The last word ends at the end; it may overlap the one before.
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self), toByteOffset: count - 8, as: UInt64.self)
            } else {
                for index in 0..<count { next[index] = source[index] }
            }
            next += count
        }

        @inline(__always)
        public mutating func bytes(_ text: StaticString) {
            bytes(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        /// Copies a part encoded once (a name, a tag) and kept.
        @inline(__always)
        public mutating func bytes(_ part: [UInt8]) {
            part.withUnsafeBufferPointer { bytes($0) }
        }

        /// `count` spaces; an indent (up to 64) a word at a time, as ``bytes(_:)-(UnsafeBufferPointer<UInt8>)``.
        @inline(__always)
        mutating func spaces(_ count: Int) {
            guard count > 0 else { return }
            assert(next + count <= end)
            let words: UInt64 = 0x2020_2020_2020_2020
            if count > 64 {
                next.initialize(repeating: 0x20, count: count)
            } else if count >= 8 {
                let to = UnsafeMutableRawPointer(next)
                var offset = 0
                while offset < count - 8 {
                    to.storeBytes(of: words, toByteOffset: offset, as: UInt64.self)
                    offset += 8
                }
                to.storeBytes(of: words, toByteOffset: count - 8, as: UInt64.self)
            } else {
                for index in 0..<count { next[index] = 0x20 }
            }
            next += count
        }

        /// `value` in decimal: the digits formed from the end, in place.
        @inline(__always)
        public mutating func decimal(_ value: UInt64) {
            if value < 10 {
                byte(0x30 &+ UInt8(truncatingIfNeeded: value))
                return
            }
            let length = TextBuffer.digitCount(value)
            assert(next + length <= end)
            var index = length
            var rest = value
            repeat {
                index &-= 1
                next[index] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest != 0
            next += length
        }

        /// `value` in decimal with at least `digits` digits, zeros before (`%0Nd`).
        public mutating func decimal(_ value: UInt64, minimumDigits digits: Int) {
            for _ in TextBuffer.digitCount(value)..<max(TextBuffer.digitCount(value), digits) { byte(0x30) }
            decimal(value)
        }

        /// `0x` and `value` in lower-case hexadecimal with at least `digits` digits.
        @inline(__always)
        mutating func hexadecimal(_ value: UInt64, minimumDigits digits: Int) {
            bytes("0x")
            hex(value, minimumDigits: digits)
        }

        /// `value` in lower-case hexadecimal with at least `digits` digits.
        mutating func hex(_ value: UInt64, minimumDigits digits: Int) {
            var count = 1
            while count < 16 && value >> (4 * UInt64(count)) != 0 { count += 1 }
            for _ in count..<max(count, digits) { byte(0x30) }
            for shift in stride(from: count - 1, through: 0, by: -1) {
                let nibble = UInt8(truncatingIfNeeded: value >> (4 * UInt64(shift))) & 0xF
                byte(nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
            }
        }

        /// A dotted quad, right-justified in `width` columns: formed at the end of the room's first 15 bytes,
        /// then moved into place.
        @inline(__always)
        public mutating func ipv4(_ value: UInt32, rightJustifiedIn width: Int = 0) {
            assert(next + max(width, Self.maximumIPv4) <= end)
            var length = 0
            var shift: UInt32 = 0
            var at = next + Self.maximumIPv4
            while true {
                var octet = UInt8(truncatingIfNeeded: value >> shift)
                repeat {
                    at -= 1
                    at.pointee = 0x30 &+ octet % 10
                    octet /= 10
                    length &+= 1
                } while octet != 0
                if shift == 24 { break }
                at -= 1
                at.pointee = 0x2E
                length &+= 1
                shift &+= 8
            }
            let padding = max(0, width - length)
            UnsafeMutableRawPointer(next + padding).copyMemory(from: at, byteCount: length)
            if padding > 0 { next.initialize(repeating: 0x20, count: padding) }
            next += padding + length
        }

        /// `text` with `&`, `<`, `>` and `"` escaped and the C0 controls XML 1.0 cannot carry (all but tab,
        /// line feed and carriage return) replaced by U+FFFD: ``xmlEscapedBound(_:)`` bytes at most.
        @inline(__always)
        mutating func xmlEscaped(_ text: UnsafeBufferPointer<UInt8>) {
            guard text.contains(where: Self.needsXMLEscape) else { return bytes(text) }
            for byte in text {
                switch byte {
                case UInt8(ascii: "&"): bytes("&amp;")
                case UInt8(ascii: "<"): bytes("&lt;")
                case UInt8(ascii: ">"): bytes("&gt;")
                case UInt8(ascii: "\""): bytes("&quot;")
                case 0x09, 0x0A, 0x0D: self.byte(byte)
                case ..<0x20: bytes("\u{FFFD}")
                default: self.byte(byte)
                }
            }
        }

        /// The most bytes ``xmlEscaped(_:)`` writes for `text`.
        @inline(__always)
        static func xmlEscapedBound(_ text: UnsafeBufferPointer<UInt8>) -> Int {
            text.contains(where: needsXMLEscape) ? 6 * text.count : text.count
        }

        @inline(__always)
        private static func needsXMLEscape(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "\"") || (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D)
        }

        /// `text` as a JSON string literal, quotes included (RFC 8259 escaping; non-ASCII stays UTF-8):
        /// ``jsonStringBound(_:)`` bytes at most.
        @inline(__always)
        public mutating func jsonString(_ text: UnsafeBufferPointer<UInt8>) {
            byte(UInt8(ascii: "\""))
            if text.contains(where: Self.needsJSONEscape) {
                for byte in text {
                    switch byte {
                    case UInt8(ascii: "\""): bytes("\\\"")
                    case UInt8(ascii: "\\"): bytes("\\\\")
                    case 0x0A: bytes("\\n")
                    case 0x0D: bytes("\\r")
                    case 0x09: bytes("\\t")
                    case 0x08: bytes("\\b")
                    case 0x0C: bytes("\\f")
                    case ..<0x20:
                        bytes("\\u00")
                        hex(UInt64(byte), minimumDigits: 2)
                    default: self.byte(byte)
                    }
                }
            } else {
                bytes(text)
            }
            byte(UInt8(ascii: "\""))
        }

        /// The most bytes ``jsonString(_:)`` writes for `text`.
        @inline(__always)
        public static func jsonStringBound(_ text: UnsafeBufferPointer<UInt8>) -> Int {
            2 + (text.contains(where: needsJSONEscape) ? 6 * text.count : text.count)
        }

        @inline(__always)
        private static func needsJSONEscape(_ byte: UInt8) -> Bool {
            byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
        }
    }

    /// Room for `maximum` bytes after the ones written (see ``Room``).
    @inline(__always)
    public mutating func reserveRoom(_ maximum: Int) -> Room {
        let start = reserve(maximum)
        return Room(next: start, end: start + maximum)
    }

    /// Takes what was written into `room` into the buffer.
    @inline(__always)
    public mutating func commit(_ room: Room) {
        count = room.next - storage.base
    }

    /// Calls `body` with the UTF-8 bytes of `text`, copying them only if they are not contiguous already.
    @inline(__always)
    public static func withUTF8<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var text = text
        return text.withUTF8(body)
    }

    /// Writes `text` as a JSON string literal (RFC 8259: ``Room/jsonString(_:)``): every JSON `ams` writes —
    /// the documents' and the session records' — escapes alike.
    public mutating func writeJSONString(_ text: String) {
        TextBuffer.withUTF8(text) { text in
            var room = reserveRoom(Room.jsonStringBound(text))
            room.jsonString(text)
            commit(room)
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
