#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
"""udp_probe.py server ADDRESS PORT | client ADDRESS PORT [TIMEOUT]

server: a UDP echo server (answers every datagram with its payload), until killed.
client: sends one datagram on a connected socket and waits up to TIMEOUT seconds (default 2); prints
`reply N ms`, `refused N ms` (ECONNREFUSED: an ICMP or ICMPv6 port unreachable came back) or `timeout N ms`,
and exits 0, 1 or 2 respectively."""
import socket
import sys
import time


def family(address):
    return socket.AF_INET6 if ":" in address else socket.AF_INET


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("server", "client"):
        print(__doc__, file=sys.stderr)
        return 64
    role, address, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    s = socket.socket(family(address), socket.SOCK_DGRAM)
    if role == "server":
        s.bind((address, port))
        while True:
            data, peer = s.recvfrom(65535)
            s.sendto(data, peer)
    s.settimeout(float(sys.argv[4]) if len(sys.argv) > 4 else 2.0)
    s.connect((address, port))
    start = time.monotonic()
    s.send(b"ams live udp probe")
    try:
        s.recv(65535)
        verdict, status = "reply", 0
    except ConnectionRefusedError:
        verdict, status = "refused", 1
    except socket.timeout:
        verdict, status = "timeout", 2
    print(f"{verdict} {int((time.monotonic() - start) * 1000)} ms")
    return status


if __name__ == "__main__":
    sys.exit(main())
