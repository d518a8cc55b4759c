#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
"""damaged_frames.py CORPUS_DIR OUT.pcap [SRC_MAC DST_MAC] — an Ethernet pcap of malformed frames for
putting on the wire with tcpreplay.

Bases: the Ethernet entries of the wire fuzzer's corpus (Fuzz/Corpora/wire/eth-*, vlan-*, qinq-*: the first
byte of an entry picks the link type, the rest is the frame), i.e. valid frames of every protocol ams
decodes (TCP, UDP, ICMP, fragments, IPv6 extension headers, GRE, ESP, AH, SCTP, VLAN, QinQ). Each base
gives: itself; every truncation from 14 bytes (the shortest frame the kernel sends) to its length minus one;
IPv4 total length / IPv6 payload length set to 0, to 1 and to 0xffff; the IPv4 header length set to
0..15; 24 copies with 1–4 random bytes (after the MAC addresses) replaced; plus 200 random payloads
behind the IPv4, IPv6 and VLAN EtherTypes. Deterministic (fixed seed). MAC addresses are rewritten
(default 02:00:00:98:00:01 -> 02:00:00:98:00:02) so that a bridge learns nothing new. Prints the frame count."""
import os
import random
import struct
import sys

ETHERNET_SELECTORS = (0,)  # WireFuzzer's linkTypes[byte0 % 11]: index 0 is Ethernet


def mac(text):
    return bytes(int(x, 16) for x in text.split(":"))


def frames_from_corpus(corpus):
    bases = []
    for name in sorted(os.listdir(corpus)):
        if not name.startswith(("eth-", "vlan-", "qinq-")):
            continue
        data = open(os.path.join(corpus, name), "rb").read()
        if len(data) < 15 or data[0] % 11 not in ETHERNET_SELECTORS:
            continue
        bases.append(bytearray(data[1:]))
    return bases


def ip_offset(frame):
    off, ethertype = 12, struct.unpack_from("!H", frame, 12)[0]
    while ethertype in (0x8100, 0x88A8) and len(frame) >= off + 6:
        off += 4
        ethertype = struct.unpack_from("!H", frame, off)[0]
    return ethertype, off + 2


def variants(base, rng):
    yield bytes(base)
    for n in range(14, len(base)):
        yield bytes(base[:n])
    ethertype, ip = ip_offset(base)
    if ethertype == 0x0800 and len(base) >= ip + 20:
        for value in (0, 1, 0xFFFF):
            f = bytearray(base); struct.pack_into("!H", f, ip + 2, value); yield bytes(f)
        for ihl in range(16):
            f = bytearray(base); f[ip] = 0x40 | ihl; yield bytes(f)
    if ethertype == 0x86DD and len(base) >= ip + 40:
        for value in (0, 1, 0xFFFF):
            f = bytearray(base); struct.pack_into("!H", f, ip + 4, value); yield bytes(f)
    for _ in range(24):
        f = bytearray(base)
        for _ in range(rng.randint(1, 4)):
            f[rng.randrange(12, len(f))] = rng.randrange(256)
        yield bytes(f)


def main():
    if len(sys.argv) not in (3, 5):
        print(__doc__, file=sys.stderr)
        return 2
    corpus, out = sys.argv[1], sys.argv[2]
    src, dst = (mac(sys.argv[3]), mac(sys.argv[4])) if len(sys.argv) == 5 else (
        mac("02:00:00:98:00:01"), mac("02:00:00:98:00:02"))
    rng = random.Random(14)
    frames = []
    for base in frames_from_corpus(corpus):
        frames.extend(variants(base, rng))
    for i in range(200):
        ethertype = (0x0800, 0x86DD, 0x8100)[i % 3]
        frames.append(b"\0" * 12 + struct.pack("!H", ethertype) + rng.randbytes(rng.randint(0, 200)))
    with open(out, "wb") as fh:
        fh.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        t = 1_700_000_000_000_000
        for f in frames:
            f = dst + src + f[12:]
            fh.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000, len(f), len(f)))
            fh.write(f)
            t += 50
    print(len(frames))
    return 0


if __name__ == "__main__":
    sys.exit(main())
