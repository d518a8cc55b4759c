// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import CPacketRing
import Glibc

/// Frames taken from inline rings, to be sent on together out of one interface with a single sendmmsg(2)
/// (``PacketRing/send(_:)``): each as it came, its `virtio_net_hdr` first. The frames stay in their rings,
/// so a batch is sent before they are released. Nothing allocates per frame.
/// `@safe`: the messages point into rings the caller keeps (and does not release) until the batch is sent.
@safe public struct SendBatch: ~Copyable {
    /// The most frames a batch holds.
    public let capacity: Int
    /// Frames added since the last send.
    public private(set) var count = 0
    /// The `virtio_net_hdr` length of the rings the frames come from (the same for every inline ring).
    private var virtioHeaderLength = 0
    private let messages: UnsafeMutablePointer<ams_mmsghdr>
    private let vectors: UnsafeMutablePointer<iovec>

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        unsafe messages = .allocate(capacity: self.capacity)
        unsafe vectors = .allocate(capacity: self.capacity)
        unsafe messages.initialize(repeating: ams_mmsghdr(), count: self.capacity)
        unsafe vectors.initialize(repeating: iovec(), count: self.capacity)
        for index in 0..<self.capacity {
            unsafe messages[index].msg_hdr.msg_iov = vectors + index
            unsafe messages[index].msg_hdr.msg_iovlen = 1
        }
    }

    deinit {
        unsafe messages.deallocate()
        unsafe vectors.deallocate()
    }

    public var isFull: Bool { count == capacity }

    /// Adds `frame`, taken from inline ring `source` and complete there; `false` (not added) if the batch is
    /// full, the frame incomplete, or the ring has no `virtio_net_hdr` unlike the frames already added.
    public mutating func append(_ frame: RingFrame, from source: borrowing PacketRing) -> Bool {
        guard count < capacity, frame.isComplete else { return false }
        if count == 0 { virtioHeaderLength = source.virtioHeaderLength }
        guard source.virtioHeaderLength == virtioHeaderLength else { return false }
        let start = unsafe source.address(of: frame) - virtioHeaderLength
        unsafe vectors[count] = iovec(iov_base: start, iov_len: frame.capturedLength + virtioHeaderLength)
        count += 1
        return true
    }

    /// Sends the frames out of `fd`; returns how many the kernel refused (each skipped, not retried).
    mutating func send(through fd: Int32, virtioHeaderLength expected: Int) -> Int {
        defer { count = 0 }
        guard count > 0 else { return 0 }
        guard expected == virtioHeaderLength else { return count }
        var refused = 0
        var start = 0
        while start < count {
            let sent = unsafe ams_sendmmsg(fd, messages + start, UInt32(count - start), Int32(MSG_DONTWAIT))
            if sent > 0 {
                start += Int(sent)
            } else {
                // The frame at `start` was refused (a full queue, a frame the interface cannot take).
                refused += 1
                start += 1
            }
        }
        return refused
    }
}
