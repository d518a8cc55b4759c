#!/usr/bin/env python3
"""tns_peer.py server ADDRESS | client SERVER — a scripted Oracle SQL*Net (TNS) peer.

Oracle publishes no RFC for TNS and Debian ships no Oracle listener, so this peer speaks the packet
formats as Wireshark's TNS dissector (epan/dissectors/packet-tns.c) reads them, over real TCP sockets:
every packet starts with Length(2) Packet Checksum(2) Type(1) Flags(1) Header Checksum(2).
The server's listener on port 1521 answers the client's Connect (type 1) with a Redirect (type 5) whose
data names `(HOST=ADDRESS)(PORT=1522)`, like a listener handing a client to a dedicated server; the
client connects there, sends Connect again, gets Accept (type 2), and exchanges one Data packet (type 6)
each way. Exit status 0 when the whole conversation took place.
"""
import re
import socket
import struct
import sys

from exact import recv_exact

CONNECT, ACCEPT, REDIRECT, DATA = 1, 2, 5, 6


def packet(packet_type, body):
    return struct.pack("!HHBBH", 8 + len(body), 0, packet_type, 0, 0) + body


def connect(service_address, port):
    data = (f"(DESCRIPTION=(CONNECT_DATA=(SERVICE_NAME=AMS)(CID=(PROGRAM=tns_peer)(HOST=amsc)(USER=ams)))"
            f"(ADDRESS=(PROTOCOL=TCP)(HOST={service_address})(PORT={port})))").encode()
    # Version 314, compatible 300, service options, SDU 8192, TDU 32767, NT protocol characteristics,
    # line turnaround 0, value of one, connect data length and offset (58), max receivable data 2048,
    # connect flags 0x41 0x41, then 24 bytes of trace and connection identifiers (zero).
    fields = struct.pack("!HHHHHHHHHHIBB", 314, 300, 0x0C41, 8192, 32767, 0x7F08, 0, 0x0100, len(data), 58, 2048,
                         0x41, 0x41) + bytes(24)
    return packet(CONNECT, fields + data)


def accept():
    # Version 314, service options, SDU, TDU, value of one, accept data length 0, offset 24, flags.
    return packet(ACCEPT, struct.pack("!HHHHHHHBB", 314, 0x0C41, 8192, 32767, 0x0100, 0, 24, 0x41, 0x41))


def redirect(address, port):
    data = f"(DESCRIPTION=(ADDRESS=(PROTOCOL=tcp)(HOST={address})(PORT={port})))".encode()
    return packet(REDIRECT, struct.pack("!H", len(data)) + data)


def data(text):
    return packet(DATA, struct.pack("!H", 0) + text)


def read_packet(conn):
    header = recv_exact(conn, 8)
    length, _, packet_type, _, _ = struct.unpack("!HHBBH", header)
    body = recv_exact(conn, length - 8)
    return packet_type, body


def server(address):
    listener = socket.create_server((address, 1521))
    dedicated = socket.create_server((address, 1522))
    listener.settimeout(30)
    dedicated.settimeout(30)
    conn, _ = listener.accept()
    conn.settimeout(10)
    assert read_packet(conn)[0] == CONNECT
    conn.sendall(redirect(address, 1522))
    conn.close()
    conn, _ = dedicated.accept()
    conn.settimeout(10)
    assert read_packet(conn)[0] == CONNECT
    conn.sendall(accept())
    assert read_packet(conn)[0] == DATA
    conn.sendall(data(b"\x01\x06\x00ams-server"))
    conn.close()


def client(server_address):
    conn = socket.create_connection((server_address, 1521), timeout=10)
    conn.sendall(connect(server_address, 1521))
    packet_type, body = read_packet(conn)
    assert packet_type == REDIRECT
    conn.close()
    found = re.search(rb"\(HOST=([^)]+)\)\(PORT=(\d+)\)", body, re.IGNORECASE)
    host, port = found.group(1).decode(), int(found.group(2))
    conn = socket.create_connection((host, port), timeout=10)
    conn.sendall(connect(host, port))
    assert read_packet(conn)[0] == ACCEPT
    conn.sendall(data(b"\x01\x06\x00ams-client"))
    assert read_packet(conn)[0] == DATA
    conn.close()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("server", "client"):
        sys.exit(__doc__)
    (server if sys.argv[1] == "server" else client)(sys.argv[2])
