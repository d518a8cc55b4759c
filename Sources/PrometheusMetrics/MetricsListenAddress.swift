// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Where `/metrics` listens: `ams run --metrics-listen ADDRESS:PORT`, `[IPv6]:PORT`, or `PORT` alone for the
/// loopback address (the statistics are not for every network to read).
public struct MetricsListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// What a bare port listens on.
    public static let loopback = "127.0.0.1"

    public var host: String
    /// 0: a free port the kernel picks (the server says which).
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `text`; `nil` unless it is `PORT`, `HOST:PORT` or `[IPv6]:PORT` with a port of 0–65535 and a
    /// host that is not empty.
    public init?(_ text: String) {
        let host: Substring
        let port: Substring
        if text.hasPrefix("[") {
            // [IPv6]:PORT
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            port = text[text.index(after: colon)...]
            // A bare IPv6 address has more colons: it needs its brackets.
            guard !host.contains(":") else { return nil }
        } else {
            host = Substring(Self.loopback)
            port = Substring(text)
        }
        guard !host.isEmpty, !port.isEmpty, port.allSatisfy(\.isASCIIDigitCharacter), port.count <= 5,
            let number = Int(port), number <= 65_535
        else { return nil }
        self.init(host: String(host), port: number)
    }

    /// `HOST:PORT`, or `[HOST]:PORT` for an IPv6 address.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}
