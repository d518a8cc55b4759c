// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking UDP socket connected to a collector, optionally bound to a source address: what an
/// exporter sends its datagrams through. A send that cannot go at once (a full socket buffer, an ICMP
/// unreachable reported back) fails and is counted by the caller; it never waits.
public final class UDPExportSocket {
    private let descriptor: Int32
    /// `A:P` or `[A]:P`.
    public let destinationText: String

    /// A socket to `destination`:`port`, bound to `source` (port chosen by the host) when given.
    public init(destination: IPAddress, port: UInt16, source: IPAddress?) throws(CommandFailure) {
        let family = destination.isIPv4 ? AF_INET : AF_INET6
        destinationText = destination.isIPv4 ? "\(destination):\(port)" : "[\(destination)]:\(port)"
        let opened = socket(family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard opened >= 0 else { throw CommandFailure("socket: \(String(cString: strerror(errno)))") }
        descriptor = opened
        if let source {
            let result = Self.withSocketAddress(source, port: 0) { bind(opened, $0, $1) }
            guard result == 0 else {
                let message = String(cString: strerror(errno))
                close(opened)
                throw CommandFailure("source-ip \(source): \(message)")
            }
        }
        let result = Self.withSocketAddress(destination, port: port) { connect(opened, $0, $1) }
        guard result == 0 else {
            let message = String(cString: strerror(errno))
            close(opened)
            throw CommandFailure("\(destinationText): \(message)")
        }
    }

    deinit { close(descriptor) }

    /// Sends `bytes` as one datagram; `false` when it did not go.
    public func send(_ bytes: UnsafeRawBufferPointer) -> Bool {
        while true {
            let sent = Glibc.send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if sent == bytes.count { return true }
            if sent < 0 && errno == EINTR { continue }
            return false
        }
    }

    /// Calls `body` with a `sockaddr_in` or `sockaddr_in6` of `address`:`port`.
    private static func withSocketAddress(
        _ address: IPAddress, port: UInt16, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32
    ) -> Int32 {
        if address.isIPv4 {
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = port.bigEndian
            socketAddress.sin_addr.s_addr = address.ipv4Value.bigEndian
            return withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        var socketAddress = sockaddr_in6()
        socketAddress.sin6_family = sa_family_t(AF_INET6)
        socketAddress.sin6_port = port.bigEndian
        withUnsafeMutableBytes(of: &socketAddress.sin6_addr) { raw in
            raw.storeBytes(of: address.high.bigEndian, as: UInt64.self)
            raw.storeBytes(of: address.low.bigEndian, toByteOffset: 8, as: UInt64.self)
        }
        return withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
    }
}
