// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// Where a syslog host's messages go, over plain POSIX calls that never wait: UDP (a datagram per message,
/// RFC 5426), TCP (RFC 6587 octet counting, `LEN SP MSG`, through a bounded queue on a non-blocking socket,
/// reconnected a second after a failure) or a file (`host local`, a line per message).
///
/// A message that finds no room — UDP's socket buffer full, the TCP queue full or the collector down — is
/// dropped and counted: the drain thread, and so the data path, never waits for a collector. Only
/// ``finish(waitingAtMost:)``, when the records have all been drained, waits, bounded, for the TCP queue to empty.
/// Not `Sendable`: used by the drain thread, then by whoever stops it.
public final class SyslogTransport {
    /// Bytes the TCP queue holds at most.
    public static let queueCapacity = 4 << 20

    private enum Kind { case udp, tcp, file }
    private let kind: Kind
    /// The collector's address and port (UDP and TCP).
    private var address = IPAddress.zero
    private var port: UInt16 = 0
    /// The statement that gives the address the sockets are bound to.
    static let sourceStatement = "source-address"
    /// `source-address`: what UDP and TCP sockets are bound to, and why it could not be.
    private var source: IPAddress?
    private var sourceFailure: String?
    /// UDP: the connected socket, datagrams sent a batch at a time (sendmmsg).
    private var datagrams: UDPExportSocket?
    /// TCP: the connection; the file.
    private var descriptor: Int32 = -1
    private var isConnected = false
    /// Wall-clock seconds (CLOCK_MONOTONIC) before which no new TCP connection is tried.
    private var retryAt: Double = 0
    /// TCP: framed messages not yet written; `queueStart` the first byte not yet written, `queueEnds` where
    /// each queued message ends.
    private var queue: [UInt8] = []
    private var queueStart = 0
    private var queueEnds: [Int] = []
    private var queueEndsStart = 0

    /// Messages handed to the socket or written to the file, and messages dropped.
    public private(set) var sent = 0
    public private(set) var dropped = 0
    /// The last error (`strerror`), for the summary line.
    public private(set) var lastError: String?

    /// A transport to `host` (its address, port and transport, or its file).
    public init(_ host: SyslogHost) throws(CommandFailure) {
        switch host.destination {
        case .local:
            kind = .file
            if host.localFile == "/dev/stdout" {
                // The process's own standard output, sharing its offset with the command's output (a file
                // opened again would write over it).
                descriptor = dup(1)
            } else {
                descriptor = Glibc.open(host.localFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            }
            guard descriptor >= 0 else { throw CommandFailure("\(host.localFile): \(String(cString: strerror(errno)))") }
        case .address(let text):
            kind = host.transport == .tcp ? .tcp : .udp
            guard let ip = IPAddress(text) else { throw CommandFailure("\(text): not an IP address") }
            address = ip
            port = UInt16(host.port)
            source = host.sourceAddress
            if kind == .udp {
                datagrams = try UDPExportSocket(destination: ip, port: port, source: source, sourceStatement: Self.sourceStatement)
            } else {
                connect()
                // An address this host does not have is refused at once, as UDP's is.
                if let failure = sourceFailure { throw CommandFailure(failure) }
            }
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Sends the messages of `bytes`, message `i` ending at `ends[i]`.
    public func send(_ bytes: [UInt8], ends: [Int]) {
        if let datagrams {
            let went = bytes.withUnsafeBytes { datagrams.send($0, ends: ends) }
            sent += went
            if went < ends.count {
                dropped += ends.count - went
                lastError = String(cString: strerror(errno))
            }
            return
        }
        var start = 0
        bytes.withUnsafeBufferPointer { buffer in
            for end in ends {
                let message = UnsafeBufferPointer(rebasing: buffer[start..<end])
                start = end
                switch kind {
                case .udp: break  // sent above
                case .file: writeLine(message)
                case .tcp: enqueue(message)
                }
            }
        }
        if kind == .tcp { pump() }
    }

    /// Gives the TCP queue at most `seconds` to empty (and connect); what is left is dropped.
    public func finish(waitingAtMost seconds: Double) {
        guard kind == .tcp else { return }
        let deadline = Self.now() + seconds
        while queueEndsStart < queueEnds.count {
            let left = deadline - Self.now()
            guard left > 0 else { break }
            if descriptor < 0 {
                if Self.now() < retryAt { usleep(10_000); continue }
                connect()
            }
            guard descriptor >= 0 else { continue }
            var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            _ = poll(&poller, 1, Int32(min(left, 0.1) * 1000) + 1)
            pump()
        }
        let left = queueEnds.count - queueEndsStart
        dropped += left
        queue.removeAll()
        queueEnds.removeAll()
        queueStart = 0
        queueEndsStart = 0
    }

    // MARK: - UDP and file

    private func writeLine(_ message: UnsafeBufferPointer<UInt8>) {
        var line = Array(message)
        line.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < line.count {
            let count = line[offset...].withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                dropped += 1
                lastError = String(cString: strerror(errno))
                return
            }
            offset += count
        }
        sent += 1
    }

    // MARK: - TCP

    private func enqueue(_ message: UnsafeBufferPointer<UInt8>) {
        let prefix = Array("\(message.count) ".utf8)
        if queue.count - queueStart + prefix.count + message.count > Self.queueCapacity {
            dropped += 1
            return
        }
        queue += prefix
        queue.append(contentsOf: message)
        queueEnds.append(queue.count)
    }

    /// Starts a non-blocking connection.
    private func connect() {
        retryAt = Self.now() + 1
        descriptor = socket(
            address.isIPv4 ? AF_INET : AF_INET6, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            lastError = String(cString: strerror(errno))
            return
        }
        if let source, let failure = SocketAddress.bind(descriptor, to: source, statement: Self.sourceStatement) {
            sourceFailure = failure
            lastError = failure
            disconnect()
            return
        }
        let result = SocketAddress.with(address, port: port) { Glibc.connect(descriptor, $0, $1) }
        if result == 0 {
            isConnected = true
        } else if errno != EINPROGRESS {
            lastError = String(cString: strerror(errno))
            disconnect()
        }
    }

    /// Closes the connection; the messages not wholly written are dropped (a partly written one would
    /// break the framing of the next connection).
    private func disconnect() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        isConnected = false
        dropped += queueEnds.count - queueEndsStart
        queue.removeAll(keepingCapacity: true)
        queueEnds.removeAll(keepingCapacity: true)
        queueStart = 0
        queueEndsStart = 0
    }

    /// Connects (if it is time), then writes what the socket takes without waiting.
    private func pump() {
        if descriptor < 0 {
            guard Self.now() >= retryAt else {
                // Collector down: what waits beyond the queue is dropped by `enqueue`.
                return
            }
            connect()
            guard descriptor >= 0 else { return }
        }
        if !isConnected {
            var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            guard poll(&poller, 1, 0) > 0 else { return }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else {
                lastError = String(cString: strerror(error))
                disconnect()
                return
            }
            isConnected = true
        }
        while queueStart < queue.count {
            let count = queue[queueStart...].withUnsafeBufferPointer {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
            }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { break }
                lastError = String(cString: strerror(errno))
                disconnect()
                return
            }
            queueStart += count
            while queueEndsStart < queueEnds.count, queueEnds[queueEndsStart] <= queueStart {
                queueEndsStart += 1
                sent += 1
            }
        }
        if queueStart == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueEnds.removeAll(keepingCapacity: true)
            queueStart = 0
            queueEndsStart = 0
        } else if queueStart > Self.queueCapacity / 2 {
            queue.removeFirst(queueStart)
            queueEnds = queueEnds[queueEndsStart...].map { $0 - queueStart }
            queueStart = 0
            queueEndsStart = 0
        }
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
