// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Glibc

/// Waits, with poll(2), until one of a set of rings has something to read. The descriptors are set once;
/// nothing allocates per wait.
/// `@safe`: the descriptors are its own, freed only in `deinit`.
@safe public struct RingPoll: ~Copyable {
    private let descriptors: UnsafeMutableBufferPointer<pollfd>

    /// - Parameter fileDescriptors: the rings' ``PacketRing/fileDescriptor``s.
    public init(_ fileDescriptors: [Int32]) {
        unsafe descriptors = .allocate(capacity: max(1, fileDescriptors.count))
        for (index, fd) in fileDescriptors.enumerated() {
            unsafe descriptors[index] = pollfd(fd: fd, events: Int16(POLLIN | POLLERR), revents: 0)
        }
        count = fileDescriptors.count
    }

    private let count: Int

    deinit { unsafe descriptors.deallocate() }

    /// Waits at most `milliseconds` (0: not at all) for a ring to become readable; `true` if one did.
    /// An interrupted wait (`EINTR`) returns `false`.
    public func wait(milliseconds: Int32) -> Bool {
        unsafe poll(descriptors.baseAddress, nfds_t(count), milliseconds) > 0
    }
}
