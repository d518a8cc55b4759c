// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import NIOCore
import NIOSSH

/// Writes a NETCONF session's bytes, in order, so that a key exchange the client starts mid-reply loses none.
///
/// swift-nio-ssh 0.15.1 refuses channel data while a re-key is under way (its state machine throws "Protocol
/// key exchange violated"), after the child channel has already counted the bytes against the peer's window:
/// they are gone, and the reply stalls. paramiko (ncclient, PyEZ) re-keys every 512 MiB it receives
/// (`Packetizer.REKEY_BYTES`), so a long reply always meets one (README, *Listing a large table*). So each
/// write goes out on the event loop behind an empty probe in the same turn: a refused probe (the refusal is
/// synchronous) means a key exchange is under way, and the queue waits and tries again; an accepted one means
/// the bytes may follow, as nothing else runs on the loop in between. The probe is an empty
/// `SSH_MSG_CHANNEL_DATA` (RFC 4254 §5.2: a string may be empty), which clients read as nothing.
final class ChannelDataWriter: @unchecked Sendable {
    /// How long the queue waits out key exchanges before the session is given up.
    static let patience = TimeAmount.seconds(30)
    /// The pause between tries while a key exchange is under way.
    static let retryInterval = TimeAmount.milliseconds(1)

    private let channel: any Channel
    // Touched on the channel's event loop only.
    private var queue = CircularBuffer<(ByteBuffer, EventLoopPromise<Void>)>()
    private var waitingSince: NIODeadline?
    private var isWaiting = false

    init(channel: any Channel) {
        self.channel = channel
    }

    /// Queues `bytes` (from any thread); the future completes when they are written.
    @discardableResult
    func write(_ bytes: [UInt8]) -> EventLoopFuture<Void> {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let buffer = channel.allocator.buffer(bytes: bytes)
        if channel.eventLoop.inEventLoop {
            enqueue(buffer, promise)
        } else {
            channel.eventLoop.execute { self.enqueue(buffer, promise) }
        }
        return promise.futureResult
    }

    private func enqueue(_ buffer: ByteBuffer, _ promise: EventLoopPromise<Void>) {
        queue.append((buffer, promise))
        if !isWaiting { drain() }
    }

    private func drain() {
        while let (buffer, promise) = queue.first {
            if let refusal = probe() {
                let since = waitingSince ?? .now()
                guard channel.isActive, Self.isKeyExchange(refusal), NIODeadline.now() - since < Self.patience else {
                    while let (_, waiting) = queue.popFirst() { waiting.fail(refusal) }
                    channel.close(promise: nil)
                    return
                }
                waitingSince = since
                isWaiting = true
                channel.eventLoop.scheduleTask(in: Self.retryInterval) {
                    self.isWaiting = false
                    self.drain()
                }
                return
            }
            waitingSince = nil
            queue.removeFirst()
            channel.writeAndFlush(SSHChannelData(type: .channel, data: .byteBuffer(buffer)), promise: promise)
        }
    }

    /// Writes an empty channel message; the error if it was refused at once.
    private func probe() -> (any Error)? {
        let probe = channel.write(SSHChannelData(type: .channel, data: .byteBuffer(channel.allocator.buffer(capacity: 0))))
        channel.flush()
        var refusal: (any Error)?
        probe.assumeIsolatedUnsafeUnchecked().whenFailure { refusal = $0 }
        return refusal
    }

    /// Whether `error` is swift-nio-ssh refusing channel data during a key exchange.
    private static func isKeyExchange(_ error: any Error) -> Bool {
        guard let ssh = error as? NIOSSHError else { return false }
        return ssh.type == .protocolViolation && "\(ssh)".contains("key exchange")
    }
}
