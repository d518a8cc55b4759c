// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#ifndef AMS_CPACKETRING_H
#define AMS_CPACKETRING_H

// The Linux AF_PACKET interface for the `PacketRing` module: Glibc does not expose <linux/if_packet.h>
// to Swift. Only what Swift cannot reach itself is wrapped here: macros and the block descriptor's union.

#include <linux/if_packet.h>
#include <linux/if_ether.h>
#include <linux/virtio_net.h>
#include <net/if.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/// `TPACKET_ALIGN(x)`: frame headers and data offsets in a ring are aligned to 16 bytes.
static inline unsigned int ams_tpacket_align(unsigned int x) { return TPACKET_ALIGN(x); }

/// `ETH_P_ALL` in network order, the protocol an AF_PACKET socket is opened and bound with.
static inline unsigned short ams_eth_p_all_network(void) { return (unsigned short)__builtin_bswap16(ETH_P_ALL); }

/// The TPACKET_V3 block descriptor's version-1 header (a union member Swift does not import by name).
static inline struct tpacket_hdr_v1 *ams_block_header(void *block) {
    return &((struct tpacket_block_desc *)block)->hdr.bh1;
}

/// `SOL_PACKET` and the socket options, as plain ints (some are macros Swift imports, some not).
static inline int ams_sol_packet(void) { return SOL_PACKET; }

/// Binds `fd` to interface `ifindex` for every protocol.
static inline int ams_bind_interface(int fd, int ifindex) {
    struct sockaddr_ll address;
    memset(&address, 0, sizeof address);
    address.sll_family = AF_PACKET;
    address.sll_protocol = (unsigned short)__builtin_bswap16(ETH_P_ALL);
    address.sll_ifindex = ifindex;
    return bind(fd, (struct sockaddr *)&address, sizeof address);
}

/// The `sockaddr_ll` that follows a TPACKET_V2/V3 frame header (at `TPACKET_ALIGN(sizeof header)`).
static inline const struct sockaddr_ll *ams_frame_address(const void *header, unsigned int headerSize) {
    return (const struct sockaddr_ll *)((const char *)header + TPACKET_ALIGN(headerSize));
}

/// Reads a ring status word the kernel writes (acquire: the frame's bytes are read after it).
static inline uint32_t ams_load_acquire(uint32_t *word) { return __atomic_load_n(word, __ATOMIC_ACQUIRE); }

/// Gives a ring slot back to the kernel (release: every read of its bytes happens before).
static inline void ams_store_release(uint32_t *word, uint32_t value) { __atomic_store_n(word, value, __ATOMIC_RELEASE); }

/// `struct mmsghdr`, which Glibc declares only with `_GNU_SOURCE` (not for Swift): a message and the bytes
/// sent of it.
struct ams_mmsghdr {
    struct msghdr msg_hdr;
    unsigned int msg_len;
};

/// sendmmsg(2): sends `count` messages with one system call; returns how many were sent before the first
/// the kernel refused, or -1 (errno) if it refused the first.
static inline int ams_sendmmsg(int fd, struct ams_mmsghdr *messages, unsigned int count, int flags) {
    return (int)syscall(SYS_sendmmsg, fd, messages, count, flags);
}

#endif
