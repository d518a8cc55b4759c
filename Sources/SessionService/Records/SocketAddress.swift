// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

#if canImport(Glibc)
import Glibc
#endif

/// An IP address and port as the socket calls take them: a `sockaddr_in` or `sockaddr_in6`, built in one
/// place for every exporter's socket (IPFIX's and syslog's UDP, syslog's TCP).
enum SocketAddress {
    /// Calls `body` with `address`:`port` as a `sockaddr` and its length; its result.
    static func with<Result>(
        _ address: IPAddress, port: UInt16, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Result
    ) -> Result {
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

    /// Binds `descriptor` to `source` (the port the host's choice) — the configuration's `statement`
    /// (`source-ip` of a jflow-log collector, `source-address` of a syslog host); `nil`, or why not, naming
    /// the statement and the address.
    static func bind(_ descriptor: Int32, to source: IPAddress, statement: String) -> String? {
        guard with(source, port: 0, { Glibc.bind(descriptor, $0, $1) }) != 0 else { return nil }
        return "\(statement) \(source): \(String(cString: strerror(errno)))"
    }
}
