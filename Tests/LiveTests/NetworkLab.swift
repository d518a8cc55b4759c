// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import Glibc

/// setns(2): Glibc's module map leaves it out (it needs `_GNU_SOURCE`).
@_silgen_name("setns") private func setns(_ fd: Int32, _ type: Int32) -> Int32
/// `CLONE_NEWNET`, from <sched.h>.
private let cloneNewNet: Int32 = 0x4000_0000

/// Network namespaces joined by veth pairs for the live tests (root only): created by `ip`, removed in
/// ``tearDown()`` — and, left over from an interrupted run, before being created again. Every name starts
/// with `amsL`.
final class NetworkLab {
    let namespaces: [String]
    let rootInterfaces: [String]

    init(namespaces: [String], rootInterfaces: [String]) {
        self.namespaces = namespaces
        self.rootInterfaces = rootInterfaces
        tearDown()
    }

    deinit { tearDown() }

    /// Deletes the namespaces (their veth ends go with them, and so do the peers) and the root ends.
    func tearDown() {
        for name in namespaces { _ = try? Self.run(["netns", "delete", name]) }
        for name in rootInterfaces where if_nametoindex(name) != 0 { _ = try? Self.run(["link", "delete", name]) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `ip arguments…`; throws with its output if it fails.
    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ip"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "ip \(arguments.joined(separator: " ")): \(output)")
        }
        return output
    }

    /// A namespace `namespace` whose interface `inner` (address `address`, a /24) is the peer of `outer` in
    /// the root namespace (up, IPv6 off, `rootAddress` if given).
    static func attach(
        namespace: String, inner: String, address: String, outer: String, rootAddress: String? = nil
    ) throws {
        try run(["netns", "add", namespace])
        try run(["link", "add", outer, "type", "veth", "peer", "name", inner, "netns", namespace])
        try? "1".write(toFile: "/proc/sys/net/ipv6/conf/\(outer)/disable_ipv6", atomically: false, encoding: .utf8)
        if let rootAddress { try run(["addr", "add", rootAddress + "/24", "dev", outer]) }
        try run(["link", "set", outer, "up"])
        try run(["-n", namespace, "addr", "add", address + "/24", "dev", inner])
        try run(["-n", namespace, "link", "set", inner, "up"])
        try run(["-n", namespace, "link", "set", "lo", "up"])
    }

    /// A socket opened inside network namespace `namespace` (it stays there, usable from any thread).
    static func socket(in namespace: String, type: Int32) throws -> Int32 {
        final class Result: @unchecked Sendable {
            var fd: Int32 = -1
            var error: Int32 = 0
        }
        let result = Result()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            let handle = open("/var/run/netns/\(namespace)", O_RDONLY | O_CLOEXEC)
            guard handle >= 0, setns(handle, cloneNewNet) == 0 else {
                result.error = errno
                return
            }
            close(handle)
            result.fd = Glibc.socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
            if result.fd < 0 { result.error = errno }
        }
        thread.start()
        done.wait()
        guard result.fd >= 0 else { throw Failure(description: "socket in \(namespace): errno \(result.error)") }
        return result.fd
    }

    static func address(_ text: String, port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, text, &address.sin_addr)
        return address
    }

    /// A TCP listener on `address`:`port` in `namespace`.
    static func listener(in namespace: String, address text: String, port: UInt16) throws -> Int32 {
        let fd = try socket(in: namespace, type: Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue))
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = address(text, port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw Failure(description: "listen: errno \(errno)") }
        return fd
    }

    /// Connects a TCP socket from `namespace` to `address`:`port`, waiting at most `milliseconds`: the
    /// socket and 0 when connected, else the `errno` (`ETIMEDOUT` when nothing answered in time).
    static func connect(from namespace: String, to text: String, port: UInt16, milliseconds: Int32) throws
        -> (fd: Int32, error: Int32)
    {
        let fd = try socket(in: namespace, type: Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue))
        var address = address(text, port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result == 0 { return (fd, 0) }
        guard errno == EINPROGRESS else { return (fd, errno) }
        var waiting = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&waiting, 1, milliseconds) == 1 else { return (fd, ETIMEDOUT) }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        return (fd, error)
    }

    /// Sends one UDP datagram from `namespace` to `address`:`port` on a connected socket and waits at most
    /// `milliseconds` for what comes back: the error an ICMP unreachable turns into (`ECONNREFUSED`), 0 for
    /// an answer, `ETIMEDOUT` for nothing.
    static func udpExchange(from namespace: String, to text: String, port: UInt16, milliseconds: Int32) throws
        -> Int32
    {
        let fd = try socket(in: namespace, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(fd) }
        var address = address(text, port: port)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        let payload: [UInt8] = Array("ams".utf8)
        _ = payload.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&waiting, 1, milliseconds) == 1 else { return ETIMEDOUT }
        var buffer = [UInt8](repeating: 0, count: 64)
        let received = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        return received >= 0 ? 0 : errno
    }
}
