// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#endif

/// A connection to a running daemon's control socket (``ControlProtocol``): what `ams show …`, `ams clear …`
/// and `ams cli` without `--replay` send their command lines through.
///
/// `@unchecked Sendable`: used by one thread at a time (the attached shell reads a reply on a thread of its
/// own and waits for it before the next command).
public final class ControlClient: @unchecked Sendable {
    public let path: String
    private var descriptor: Int32
    private var decoder = ReplyDecoder()

    /// Connects to the daemon on `path`.
    ///
    /// - Throws: ``ControlSocketError`` `no daemon answers on PATH: reason` if none does.
    public init(path: String) throws(ControlSocketError) {
        self.path = path
        switch ControlSocketPath.connect(path) {
        case .success(let descriptor):
            self.descriptor = descriptor
        case .failure(let failure):
            throw ControlSocketError("no daemon answers on \(path): \(failure.reason)")
        }
    }

    deinit { close() }

    public func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    /// Sends `line` (without its line feed) and hands each frame of the reply to `body` as it arrives: the
    /// command's exit status, or `nil` if `shouldStop` (asked ten times a second) stopped the wait — the
    /// connection is closed then, which stops the command in the daemon.
    ///
    /// - Throws: ``ControlSocketError`` if the daemon went away or broke the protocol.
    public func run(
        _ line: String, shouldStop: () -> Bool = { false }, _ body: (ReplyFrame) -> Void
    ) throws(ControlSocketError) -> UInt8? {
        guard descriptor >= 0 else { throw ControlSocketError("the connection to \(path) is closed") }
        let request = Array((line + "\n").utf8)
        let isSent = request.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let written = send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
        guard isSent else { throw lost() }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            do {
                while let frame = try decoder.next() {
                    body(frame)
                    if case .status(let status) = frame { return status }
                }
            } catch {
                close()
                throw ControlSocketError("\(path): \(error)")
            }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, 100)
            if shouldStop() {
                close()
                return nil
            }
            if ready <= 0 { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw lost() }
            decoder.feed(buffer[..<count])
        }
    }

    private func lost() -> ControlSocketError {
        close()
        return ControlSocketError("the daemon on \(path) closed the connection")
    }
}
