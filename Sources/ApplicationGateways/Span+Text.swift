// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

/// Scanning helpers for the ALGs' text protocols (FTP, RTSP, SQL*Net): bounded, allocation-free except
/// where an address literal must be parsed.
extension Span where Element == UInt8 {
    /// `true` if the span starts with `prefix`, letters compared without case.
    func hasPrefix(caseInsensitive prefix: String) -> Bool {
        var index = 0
        for expected in prefix.utf8 {
            guard index < count, self[index] | 0x20 == expected | 0x20 else { return false }
            index += 1
        }
        return true
    }

    func firstIndex(of byte: UInt8, from start: Int = 0) -> Int? {
        var index = start
        while index < count {
            if self[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// The first index at or after `start` where `needle` begins, letters compared without case.
    func firstIndex(ofCaseInsensitive needle: String, from start: Int = 0) -> Int? {
        let bytes = Array(needle.utf8)
        guard !bytes.isEmpty, count >= bytes.count else { return nil }
        var index = start
        while index + bytes.count <= count {
            var matched = true
            for offset in 0..<bytes.count where self[index + offset] | 0x20 != bytes[offset] | 0x20 {
                matched = false
                break
            }
            if matched { return index }
            index += 1
        }
        return nil
    }

    /// The bytes from `start` up to (not including) the first `terminator`, as text, if at most
    /// `longest` bytes.
    func text(from start: Int, upTo terminator: UInt8, longest: Int = 64) -> String? {
        guard let end = firstIndex(of: terminator, from: start), end - start <= longest else { return nil }
        var bytes: [UInt8] = []
        for index in start..<end { bytes.append(self[index]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A decimal number of at most `digits` digits at `index`; the number and the index after it.
    func number(at index: Int, digits: Int = 5) -> (value: Int, end: Int)? {
        var value = 0
        var end = index
        while end < count, end - index < digits, (48...57).contains(self[end]) {
            value = value * 10 + Int(self[end] - 48)
            end += 1
        }
        return end > index ? (value, end) : nil
    }

    /// `h1,h2,h3,h4,p1,p2` (RFC 959 §4.1.2) from `start`, spaces before it skipped.
    func hostPort(from start: Int) -> (address: IPAddress, port: Int)? {
        var index = start
        while index < count && self[index] == 0x20 { index += 1 }
        var fields = InlineArray<6, Int>(repeating: 0)
        for field in 0..<6 {
            if field > 0 {
                guard index < count, self[index] == UInt8(ascii: ",") else { return nil }
                index += 1
            }
            guard let (value, end) = number(at: index, digits: 3), value <= 255 else { return nil }
            fields[field] = value
            index = end
        }
        let address = IPAddress(UInt8(fields[0]), UInt8(fields[1]), UInt8(fields[2]), UInt8(fields[3]))
        return (address, fields[4] << 8 | fields[5])
    }

    /// `|1|a.b.c.d|port|` or `|2|ipv6|port|` (RFC 2428 §2) from `start`; the delimiter is the first byte.
    func extendedAddress(from start: Int) -> (address: IPAddress, port: Int)? {
        guard start < count else { return nil }
        let delimiter = self[start]
        var parts: [String] = []
        var current: [UInt8] = []
        var index = start + 1
        while index < count && parts.count < 3 {
            if self[index] == delimiter {
                parts.append(String(decoding: current, as: UTF8.self))
                current = []
            } else {
                guard current.count < 64 else { return nil }
                current.append(self[index])
            }
            index += 1
        }
        guard parts.count == 3, parts[0] == "1" || parts[0] == "2", let address = IPAddress(parts[1]),
            address.isIPv4 == (parts[0] == "1"), parts[2].count <= 5, let port = Int(parts[2])
        else { return nil }
        return (address, port)
    }

    /// `|||port|` (RFC 2428 §3) from `start`.
    func extendedPort(from start: Int) -> Int? {
        guard start + 3 < count else { return nil }
        let delimiter = self[start]
        guard self[start + 1] == delimiter, self[start + 2] == delimiter,
            let (port, end) = number(at: start + 3), end < count, self[end] == delimiter
        else { return nil }
        return port
    }
}
