// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import CPacketRing
import Glibc

/// An AF_PACKET socket bound to one Linux interface, with a memory-mapped receive ring (SPEC.md §6): frames
/// are read in place and given back to the kernel once used.
///
/// - **Monitor**: TPACKET_V3, whose blocks are retired to user space when full or after a short block
///   timeout (10 ms by default; operations-research.md §1.3).
/// - **Inline**: TPACKET_V2, a frame at a time (V3's block timeout would add its latency to every packet:
///   Suricata's advice for IPS), with `PACKET_VNET_HDR`, so that a frame is sent on with the kernel's own
///   `virtio_net_hdr` — checksums left to offload (`TP_STATUS_CSUMNOTREADY`) are completed and GSO
///   super-frames segmented by the kernel on the way out — and `PACKET_QDISC_BYPASS` for sending.
///   The ring's frames are 2 KiB, room for thousands of MTU-sized frames (a ring of 64 KiB frames held only
///   127, and a TCP sender's bursts overflowed it); a larger frame (a GRO/GSO super-frame, a jumbo) is
///   queued whole on the socket by the kernel (`PACKET_COPY_THRESH`, `TP_STATUS_COPY` in its ring frame)
///   and read with recv(2) into one of the ring's copy buffers when its turn comes.
///
/// One thread owns a ring. ``take()`` hands out the next ready frame, which stays the caller's (its bytes
/// are not reused) until ``releaseTaken()`` gives back every frame taken; nothing allocates per frame.
/// `@safe`: the mapping never leaves the value except as a `Span` scoped to ``withBytes(of:_:)``, and it is
/// unmapped only in `deinit`.
@safe public struct PacketRing: ~Copyable {
    /// What a ring is for.
    public enum Kind: Sendable, Equatable {
        /// Capture only: TPACKET_V3 with blocks of 1 MiB retired at the latest after `blockTimeout` ms.
        case monitor(blockTimeout: Int)
        /// Capture and send on: TPACKET_V2 with `virtio_net_hdr`s, frames up to 64 KiB whole.
        case inline

        public static let monitor = Kind.monitor(blockTimeout: 10)
    }

    public let interfaceName: String
    /// The interface's index (`if_nametoindex`).
    public let interfaceIndex: Int32
    /// The socket, for poll(2): readable when a frame (V2) or a block (V3) is ready.
    public let fileDescriptor: Int32
    public let kind: Kind
    /// Bytes of `virtio_net_hdr` before each frame (inline) and expected before each frame sent; 0: none.
    public let virtioHeaderLength: Int
    /// Kernel counts, summed by ``readStatistics()``.
    public private(set) var statistics = RingStatistics()

    private let map: UnsafeMutableRawPointer
    private let mapLength: Int
    /// V3: block size; V2: frame size.
    private let slotSize: Int
    private let slotCount: Int
    /// Inline: the buffers a frame too large for its ring frame is read into (``copyCount`` of
    /// ``copySize`` bytes, `virtio_net_hdr` first), used in turn and given back with the frames taken.
    /// A frame lying there has an offset past ``mapLength``.
    private let copies: UnsafeMutableRawPointer?
    private let copyCount: Int
    private var copiesTaken = 0
    /// The slot (V2 frame, V3 block) being read, and the first one taken but not yet given back.
    private var current = 0
    private var firstTaken = 0
    private var takenSlots = 0
    /// V3: frames left in the current block and the offset of the next one (0: the block is not open).
    private var framesLeft = 0
    private var nextFrame = 0

    /// Opens a ring on interface `name`.
    ///
    /// - Parameters:
    ///   - capturesOutgoing: `true` to see the frames the interface sends as well (monitor on one interface);
    ///     `false` sets `PACKET_IGNORE_OUTGOING`.
    ///   - slots: monitor: blocks of 1 MiB (default 16); inline: frames of 2 KiB (default 4096).
    /// - Throws: ``PacketRingError`` naming the interface, the step and the `errno` (`ENODEV`: no such
    ///   interface; `EPERM`: not root).
    public init(interface name: String, kind: Kind, capturesOutgoing: Bool, slots: Int? = nil) throws(PacketRingError)
    {
        let index = unsafe if_nametoindex(name)
        guard index != 0 else { throw PacketRingError(interface: name, operation: "if_nametoindex", code: ENODEV) }
        // Protocol 0: nothing is queued before the ring exists; bind below starts the capture.
        let fd = socket(AF_PACKET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw PacketRingError(interface: name, operation: "socket", code: errno) }
        var isOpen = false
        defer { if !isOpen { close(fd) } }
        func set<T: BitwiseCopyable>(_ option: Int32, _ value: T, _ label: String) throws(PacketRingError) {
            var copy = value
            let result = unsafe setsockopt(fd, ams_sol_packet(), option, &copy, socklen_t(MemoryLayout<T>.size))
            guard result == 0 else { throw PacketRingError(interface: name, operation: label, code: errno) }
        }
        let isInline = kind == .inline
        try set(PACKET_VERSION, Int32(isInline ? TPACKET_V2.rawValue : TPACKET_V3.rawValue), "PACKET_VERSION")
        if !capturesOutgoing { try set(PACKET_IGNORE_OUTGOING, Int32(1), "PACKET_IGNORE_OUTGOING") }
        if isInline {
            try set(PACKET_VNET_HDR, Int32(1), "PACKET_VNET_HDR")
            try set(PACKET_QDISC_BYPASS, Int32(1), "PACKET_QDISC_BYPASS")
            // Frames too large for the ring are queued whole on the socket, as long as its receive buffer
            // has room: room for as many super-frames as there are copy buffers, and more.
            try set(PACKET_COPY_THRESH, Int32(1), "PACKET_COPY_THRESH")
            var room = Int32(Self.copySize * Self.inlineCopyCount * 4)
            let size = socklen_t(MemoryLayout<Int32>.size)
            if unsafe setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &room, size) != 0 {
                // Without CAP_NET_ADMIN: as much as net.core.rmem_max allows.
                _ = unsafe setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &room, size)
            }
        }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let size: Int
        let count: Int
        switch kind {
        case .monitor(let timeout):
            size = 1 << 20
            count = slots ?? 16
            var request = tpacket_req3()
            request.tp_block_size = UInt32(size)
            request.tp_block_nr = UInt32(count)
            request.tp_frame_size = 2048
            request.tp_frame_nr = UInt32(size / 2048 * count)
            request.tp_retire_blk_tov = UInt32(max(1, timeout))
            try set(PACKET_RX_RING, request, "PACKET_RX_RING")
        case .inline:
            // Frames of 2 KiB (an Ethernet frame of 1,500 bytes of MTU with the ring's headers), in blocks
            // of 64 KiB.
            size = Self.inlineFrameSize
            let perBlock = max(1, 65_536 / size)
            count = ((slots ?? 4_096) + perBlock - 1) / perBlock * perBlock
            var request = tpacket_req()
            request.tp_block_size = UInt32(max(pageSize, perBlock * size))
            request.tp_block_nr = UInt32(count / perBlock)
            request.tp_frame_size = UInt32(size)
            request.tp_frame_nr = UInt32(count)
            try set(PACKET_RX_RING, request, "PACKET_RX_RING")
        }
        let length = size * count
        let mapped = unsafe mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        guard let mapped = unsafe mapped, unsafe mapped != MAP_FAILED else {
            throw PacketRingError(interface: name, operation: "mmap", code: errno)
        }
        var membership = packet_mreq()
        membership.mr_ifindex = Int32(bitPattern: index)
        membership.mr_type = UInt16(PACKET_MR_PROMISC)
        do throws(PacketRingError) {
            try set(PACKET_ADD_MEMBERSHIP, membership, "PACKET_ADD_MEMBERSHIP")
            guard ams_bind_interface(fd, Int32(bitPattern: index)) == 0 else {
                throw PacketRingError(interface: name, operation: "bind", code: errno)
            }
        } catch {
            unsafe munmap(mapped, length)
            throw error
        }
        if isInline {
            let copyLength = Self.copySize * Self.inlineCopyCount
            let buffers = unsafe mmap(nil, copyLength, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            guard let buffers = unsafe buffers, unsafe buffers != MAP_FAILED else {
                unsafe munmap(mapped, length)
                throw PacketRingError(interface: name, operation: "mmap", code: errno)
            }
            unsafe copies = buffers
            copyCount = Self.inlineCopyCount
        } else {
            unsafe copies = nil
            copyCount = 0
        }
        isOpen = true
        interfaceName = name
        interfaceIndex = Int32(bitPattern: index)
        fileDescriptor = fd
        self.kind = kind
        virtioHeaderLength = isInline ? MemoryLayout<virtio_net_hdr>.size : 0
        unsafe map = mapped
        mapLength = length
        slotSize = size
        slotCount = count
    }

    deinit {
        unsafe munmap(map, mapLength)
        if let copies = unsafe copies { unsafe munmap(copies, Self.copySize * copyCount) }
        close(fileDescriptor)
    }

    /// Inline: bytes of a ring frame, its headers included.
    static var inlineFrameSize: Int { 2_048 }
    /// Inline: bytes of a copy buffer — a 64 KiB datagram, its link-layer header and `virtio_net_hdr` —
    /// and how many a ring has.
    static var copySize: Int { 69_632 }
    static var inlineCopyCount: Int { 64 }

    // MARK: - Receiving

    /// The next frame the kernel has filled in, or `nil` if none is ready now. The frame stays the caller's
    /// until ``releaseTaken()``. Frames come in the order the interface saw them.
    public mutating func take() -> RingFrame? {
        if case .inline = kind { return takeV2() }
        return takeV3()
    }

    private mutating func takeV2() -> RingFrame? {
        // Leave one slot free: a full ring of taken frames would look like one with none taken.
        guard takenSlots < slotCount - 1 else { return nil }
        let header = unsafe (map + current * slotSize).assumingMemoryBound(to: tpacket2_hdr.self)
        let status = unsafe atomicLoad(&header.pointee.tp_status)
        guard status & UInt32(TP_STATUS_USER) != 0 else { return nil }
        let address = unsafe ams_frame_address(header, UInt32(MemoryLayout<tpacket2_hdr>.size))!
        var frame = unsafe RingFrame(
            timestamp: UInt64(header.pointee.tp_sec) &* 1_000_000_000 &+ UInt64(header.pointee.tp_nsec),
            length: Int(header.pointee.tp_len), capturedLength: Int(header.pointee.tp_snaplen),
            isOutgoing: address.pointee.sll_pkttype == PACKET_OUTGOING, status: status,
            offset: current * slotSize + Int(header.pointee.tp_mac))
        if status & UInt32(TP_STATUS_COPY) != 0 {
            // The whole frame waits on the socket, the next one queued there: read into a copy buffer (none
            // free: the frame waits for the next call).
            guard copiesTaken < copyCount, let copies = unsafe copies else { return nil }
            let buffer = copiesTaken * Self.copySize
            let received = unsafe recv(
                fileDescriptor, copies + buffer, Self.copySize, Int32(MSG_DONTWAIT) | Int32(MSG_TRUNC))
            if received >= virtioHeaderLength {
                copiesTaken += 1
                frame.offset = mapLength + buffer + virtioHeaderLength
                frame.capturedLength = min(received, Self.copySize) - virtioHeaderLength
            }
        }
        current = current + 1 == slotCount ? 0 : current + 1
        takenSlots += 1
        return frame
    }

    private mutating func takeV3() -> RingFrame? {
        while true {
            let block = unsafe map + current * slotSize
            let descriptor = unsafe ams_block_header(block)!
            if framesLeft == 0 && nextFrame == 0 {
                guard takenSlots < slotCount - 1 else { return nil }
                let status = unsafe atomicLoad(&descriptor.pointee.block_status)
                guard status & UInt32(TP_STATUS_USER) != 0 else { return nil }
                framesLeft = unsafe Int(descriptor.pointee.num_pkts)
                nextFrame = unsafe Int(descriptor.pointee.offset_to_first_pkt)
            }
            if framesLeft == 0 {
                // The block is read: it is given back with the frames taken from it.
                takenSlots += 1
                current = current + 1 == slotCount ? 0 : current + 1
                nextFrame = 0
                continue
            }
            let offset = current * slotSize + nextFrame
            let header = unsafe (map + offset).assumingMemoryBound(to: tpacket3_hdr.self)
            let address = unsafe ams_frame_address(header, UInt32(MemoryLayout<tpacket3_hdr>.size))!
            let frame = unsafe RingFrame(
                timestamp: UInt64(header.pointee.tp_sec) &* 1_000_000_000 &+ UInt64(header.pointee.tp_nsec),
                length: Int(header.pointee.tp_len), capturedLength: Int(header.pointee.tp_snaplen),
                isOutgoing: address.pointee.sll_pkttype == PACKET_OUTGOING, status: header.pointee.tp_status,
                offset: offset + Int(header.pointee.tp_mac))
            framesLeft -= 1
            nextFrame += unsafe Int(header.pointee.tp_next_offset)
            if framesLeft == 0 {
                takenSlots += 1
                current = current + 1 == slotCount ? 0 : current + 1
                nextFrame = 0
            }
            return frame
        }
    }

    /// Lends the bytes of `frame` (taken from this ring and not yet released) to `body`.
    @inline(__always)
    public func withBytes<R, E: Error>(of frame: RingFrame, _ body: (Span<UInt8>) throws(E) -> R) throws(E) -> R {
        // The frame lies inside the mapping or a copy buffer, which live as long as `self`, and neither the
        // kernel nor `take()` writes it until `releaseTaken()`, which needs `self` mutably.
        let buffer = unsafe UnsafeRawBufferPointer(start: address(of: frame), count: frame.capturedLength)
        return try body(unsafe Span<UInt8>(_unsafeBytes: buffer))
    }

    /// Where the first byte of `frame` lies: in the ring, or in a copy buffer.
    @inline(__always)
    func address(of frame: RingFrame) -> UnsafeMutableRawPointer {
        guard frame.offset >= mapLength, let copies = unsafe copies else { return unsafe map + frame.offset }
        return unsafe copies + (frame.offset - mapLength)
    }

    /// Gives back to the kernel every frame taken so far (V3: every block read to its end).
    public mutating func releaseTaken() {
        while takenSlots > 0 {
            if case .inline = kind {
                let header = unsafe (map + firstTaken * slotSize).assumingMemoryBound(to: tpacket2_hdr.self)
                unsafe atomicStore(&header.pointee.tp_status, UInt32(TP_STATUS_KERNEL))
            } else {
                let descriptor = unsafe ams_block_header(map + firstTaken * slotSize)!
                unsafe atomicStore(&descriptor.pointee.block_status, UInt32(TP_STATUS_KERNEL))
            }
            firstTaken = firstTaken + 1 == slotCount ? 0 : firstTaken + 1
            takenSlots -= 1
        }
        copiesTaken = 0
    }

    // MARK: - Sending

    /// Sends the frames of `batch` (taken from inline rings, with their `virtio_net_hdr`s) out of this ring's
    /// interface with one system call — as they came, the kernel completing their checksums or segmenting
    /// them where the header asks — and empties it. Returns how many the interface refused (counted by the
    /// caller; a full queue is not retried).
    public func send(_ batch: inout SendBatch) -> Int {
        batch.send(through: fileDescriptor, virtioHeaderLength: virtioHeaderLength)
    }

    /// Sends `bytes` (a whole frame, link-layer header first, checksums in place) out of this ring's
    /// interface. Returns `false` if the interface refused it.
    public func send(_ bytes: Span<UInt8>) -> Bool {
        var header = virtio_net_hdr()
        let headerLength = virtioHeaderLength
        return unsafe bytes.withUnsafeBufferPointer { frame in
            unsafe withUnsafeMutableBytes(of: &header) { header in
                var parts = unsafe (
                    iovec(iov_base: header.baseAddress, iov_len: headerLength),
                    iovec(iov_base: UnsafeMutableRawPointer(mutating: frame.baseAddress), iov_len: frame.count)
                )
                return unsafe withUnsafeMutableBytes(of: &parts) { parts in
                    var message = unsafe msghdr()
                    let vectors = unsafe parts.baseAddress!.assumingMemoryBound(to: iovec.self)
                    // Without a virtio header the frame is the only part.
                    unsafe message.msg_iov = headerLength == 0 ? vectors + 1 : vectors
                    unsafe message.msg_iovlen = headerLength == 0 ? 1 : 2
                    return unsafe sendmsg(fileDescriptor, &message, Int32(MSG_DONTWAIT)) >= 0
                }
            }
        }
    }

    // MARK: - Counters

    /// Adds the kernel's counts since the last call (`PACKET_STATISTICS` resets them when read).
    public mutating func readStatistics() {
        if case .inline = kind {
            var counts = tpacket_stats()
            var length = socklen_t(MemoryLayout<tpacket_stats>.size)
            guard unsafe getsockopt(fileDescriptor, ams_sol_packet(), PACKET_STATISTICS, &counts, &length) == 0
            else { return }
            statistics.packets &+= UInt64(counts.tp_packets)
            statistics.drops &+= UInt64(counts.tp_drops)
        } else {
            var counts = tpacket_stats_v3()
            var length = socklen_t(MemoryLayout<tpacket_stats_v3>.size)
            guard unsafe getsockopt(fileDescriptor, ams_sol_packet(), PACKET_STATISTICS, &counts, &length) == 0
            else { return }
            statistics.packets &+= UInt64(counts.tp_packets)
            statistics.drops &+= UInt64(counts.tp_drops)
            statistics.freezes &+= UInt64(counts.tp_freeze_q_cnt)
        }
    }
}

/// The ring's status words are shared with the kernel: read with acquire, written with release ordering.
@inline(__always)
private func atomicLoad(_ word: UnsafeMutablePointer<UInt32>) -> UInt32 {
    unsafe ams_load_acquire(word)
}

@inline(__always)
private func atomicStore(_ word: UnsafeMutablePointer<UInt32>, _ value: UInt32) {
    unsafe ams_store_release(word, value)
}
