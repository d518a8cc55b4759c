// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's control socket (SPEC.md §6, README.md *ams run*): a Unix stream socket, mode 0660, owned by
/// group `ams` when that group exists (else the daemon user's primary group), on which every operational
/// command is served (``ControlProtocol``).
///
/// Plain POSIX on threads of its own: one listens, one serves each client (at most ``maximumClients`` at
/// once), and each command runs on the engine thread (``DaemonCommands``). A client that sends garbage or
/// a line too long gets an error; one that goes away mid-reply stops its command; neither touches the
/// daemon otherwise.
public final class ControlSocketServer: Sendable {
    /// Clients served at once; more are answered with an error and closed.
    public static let maximumClients = 64

    public let path: String
    /// The group the socket belongs to, and whether it is the `ams` group.
    public let group: (name: String, isAMSGroup: Bool)
    private let listener: Int32
    private let commands: DaemonCommands
    /// Written once by ``stop()`` to end the listening thread's wait.
    private let stopPipe: (read: Int32, write: Int32)
    private let clients = Atomic<Int>(0)

    /// Creates the socket at `path`: a stale socket (no one answers) is removed; a missing parent directory
    /// is created (mode 0755).
    ///
    /// - Throws: ``ControlSocketError`` if another daemon answers on `path`, something else is there, or the
    ///   system refuses.
    public init(path: String, commands: DaemonCommands) throws(ControlSocketError) {
        self.path = path
        self.commands = commands
        guard var address = ControlSocketPath.address(path) else {
            throw ControlSocketError("\(path): the path is too long for a Unix socket (107 bytes at most)")
        }
        var status = stat()
        if lstat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFSOCK else {
                throw ControlSocketError("\(path) exists and is not a socket; not replaced")
            }
            switch ControlSocketPath.connect(path) {
            case .success(let descriptor):
                close(descriptor)
                throw ControlSocketError("another daemon answers on \(path); not started")
            case .failure(let failure) where failure.code == ECONNREFUSED:
                // Stale: its daemon is gone.
                unlink(path)
            case .failure(let failure):
                throw ControlSocketError("\(path): cannot tell whether a daemon answers there: \(failure.reason); not started")
            }
        } else if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            let directory = String(path[..<slash])
            if access(directory, F_OK) != 0 { mkdir(directory, 0o755) }
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw ControlSocketError("socket: \(String(cString: strerror(errno)))") }
        // Created 0660 from the start: no moment where others could connect.
        let mask = umask(0o117)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        umask(mask)
        guard bound == 0, Glibc.listen(descriptor, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw ControlSocketError("cannot listen on \(path): \(reason)")
        }
        listener = descriptor
        chmod(path, 0o660)
        // Group `ams` if it exists and the daemon may give the socket to it (root, or a member); else the
        // daemon user's primary group, which a new file has already.
        if let ams = getgrnam("ams"), chown(path, uid_t.max, ams.pointee.gr_gid) == 0 {
            group = ("ams", true)
        } else {
            let primary = getegid()
            group = (getgrgid(primary).map { String(cString: $0.pointee.gr_name) } ?? "\(primary)", false)
        }
        var ends: (Int32, Int32) = (-1, -1)
        _ = withUnsafeMutableBytes(of: &ends) { pipe($0.baseAddress!.assumingMemoryBound(to: Int32.self)) }
        stopPipe = ends
    }

    /// Starts listening on a thread of its own.
    public func start() {
        DetachedThread.start { [self] in listen() }
    }

    /// Stops listening and removes the socket; clients being served finish on their own.
    public func stop() {
        unlink(path)
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
    }

    private func listen() {
        var descriptors = [
            pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let ready = poll(&descriptors, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            if descriptors[1].revents != 0 || ready < 0 { break }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            guard clients.add(1, ordering: .relaxed).newValue <= Self.maximumClients else {
                refuse(client, "error: the daemon serves \(Self.maximumClients) clients at once already; try again\n")
                clients.subtract(1, ordering: .relaxed)
                continue
            }
            let isStarted = DetachedThread.start { [self] in
                serve(client)
                close(client)
                clients.subtract(1, ordering: .relaxed)
            }
            if !isStarted {
                refuse(client, "error: the daemon cannot start a thread for another client\n")
                clients.subtract(1, ordering: .relaxed)
            }
        }
        close(listener)
    }

    /// Replies to a request not read with `message` and status 1, and closes the connection.
    private func refuse(_ client: Int32, _ message: String) {
        var reply: [UInt8] = []
        ControlProtocol.append(.error, Array(message.utf8), to: &reply)
        ControlProtocol.append(.status, [1], to: &reply)
        _ = Self.send(reply, to: client)
        close(client)
    }

    /// Serves one client: its requests one after the other, each reply written as the command runs.
    private func serve(_ client: Int32) {
        var reader = RequestReader()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            reader.feed(buffer[..<count])
            while let request = reader.next() {
                guard case .line(let line) = request else {
                    var reply: [UInt8] = []
                    ControlProtocol.append(
                        .error, Array("error: request longer than \(ControlProtocol.maximumRequestLength) bytes; not run\n".utf8),
                        to: &reply)
                    ControlProtocol.append(.status, [1], to: &reply)
                    _ = Self.send(reply, to: client)
                    return
                }
                let channel = ReplyChannel()
                commands.run(line, replyingTo: channel)
                while let bytes = channel.take() {
                    guard Self.send(bytes, to: client) else {
                        channel.close()
                        return
                    }
                }
                // Stopped for a reader too slow: the frames sent are whole, so an error and the status end the
                // reply (the client waited for them, on an open connection, for ever).
                if channel.ranOutOfPatience {
                    var reply: [UInt8] = []
                    let message = "error: output stopped: this client read nothing of the reply for \(ReplyChannel.patience) s\n"
                    ControlProtocol.append(.error, Array(message.utf8), to: &reply)
                    ControlProtocol.append(.status, [1], to: &reply)
                    guard Self.send(reply, to: client) else { return }
                }
            }
        }
    }

    /// Writes all of `bytes`; `false` if the client is gone.
    private static func send(_ bytes: [UInt8], to client: Int32) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.send(client, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }
}

/// Why the control socket could not be set up (or reached).
public struct ControlSocketError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
