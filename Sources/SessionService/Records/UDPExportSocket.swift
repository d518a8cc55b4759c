// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import CPacketRing
public import Wire

#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking UDP socket connected to a collector, optionally bound to a source address: what an
/// exporter sends its datagrams through. A send that cannot go at once (a full socket buffer, an ICMP
/// unreachable reported back) fails and is counted by the caller; it never waits.
public final class UDPExportSocket {
    /// Datagrams one sendmmsg(2) takes at most.
    static let batchCapacity = 64
    private let descriptor: Int32
    /// Room for a batch's message headers and their one vector each, allocated once.
    private let messages: UnsafeMutablePointer<ams_mmsghdr>
    private let vectors: UnsafeMutablePointer<iovec>
    /// `A:P` or `[A]:P`.
    public let destinationText: String

    /// A socket to `destination`:`port`, bound to `source` (port chosen by the host) when given — the
    /// configuration's `sourceStatement` (`source-ip` of a jflow-log collector, `source-address` of a syslog
    /// host), which a failure names.
    public init(
        destination: IPAddress, port: UInt16, source: IPAddress?, sourceStatement: String = "source-ip"
    ) throws(CommandFailure) {
        let family = destination.isIPv4 ? AF_INET : AF_INET6
        let text = destination.isIPv4 ? "\(destination):\(port)" : "[\(destination)]:\(port)"
        let opened = socket(family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard opened >= 0 else { throw CommandFailure("socket: \(String(cString: strerror(errno)))") }
        // The socket bound and connected before the object is whole: a failure closes it here, not in deinit.
        if let source, let failure = SocketAddress.bind(opened, to: source, statement: sourceStatement) {
            close(opened)
            throw CommandFailure(failure)
        }
        let result = SocketAddress.with(destination, port: port) { connect(opened, $0, $1) }
        guard result == 0 else {
            let message = String(cString: strerror(errno))
            close(opened)
            throw CommandFailure("\(text): \(message)")
        }
        descriptor = opened
        destinationText = text
        messages = .allocate(capacity: Self.batchCapacity)
        vectors = .allocate(capacity: Self.batchCapacity)
        messages.initialize(repeating: ams_mmsghdr(), count: Self.batchCapacity)
        vectors.initialize(repeating: iovec(), count: Self.batchCapacity)
        for index in 0..<Self.batchCapacity {
            messages[index].msg_hdr.msg_iov = vectors + index
            messages[index].msg_hdr.msg_iovlen = 1
        }
    }

    deinit {
        close(descriptor)
        messages.deallocate()
        vectors.deallocate()
    }

    /// Sends `bytes` as one datagram; `false` when it did not go.
    public func send(_ bytes: UnsafeRawBufferPointer) -> Bool {
        while true {
            let sent = Glibc.send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if sent == bytes.count { return true }
            if sent < 0 && errno == EINTR { continue }
            return false
        }
    }

    /// Sends each message of `bytes` as a datagram — message `i` ending at `ends[i]`, the first at 0 — up to
    /// ``batchCapacity`` in one sendmmsg(2); how many went (one the kernel refuses is skipped, not retried).
    public func send(_ bytes: UnsafeRawBufferPointer, ends: [Int]) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var sent = 0
        var next = 0
        var start = 0
        while next < ends.count {
            let count = min(Self.batchCapacity, ends.count - next)
            for index in 0..<count {
                let end = ends[next + index]
                vectors[index] = iovec(iov_base: UnsafeMutableRawPointer(mutating: base + start), iov_len: end - start)
                start = end
            }
            var done = 0
            while done < count {
                let result = ams_sendmmsg(descriptor, messages + done, UInt32(count - done), Int32(MSG_NOSIGNAL))
                if result > 0 {
                    done += Int(result)
                    sent += Int(result)
                } else if result < 0 && errno == EINTR {
                    continue
                } else {
                    done += 1  // the datagram at `done` was refused
                }
            }
            next += count
        }
        return sent
    }
}
