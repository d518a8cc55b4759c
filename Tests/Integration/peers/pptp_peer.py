#!/usr/bin/env python3
"""pptp_peer.py server ADDRESS | client SERVER — a scripted PPTP peer, byte-exact to RFC 2637.

Debian's pptpd and pptp-linux need /dev/ppp and a PPP daemon, which network-namespace tests do not have,
so this peer speaks the protocol itself over real sockets: the control connection on TCP 1723
(Start-Control-Connection-Request/-Reply §2.1/§2.2, Outgoing-Call-Request/-Reply §2.7/§2.8,
Stop-Control-Connection-Request/-Reply §2.3/§2.4) and the call's enhanced GRE packets (§4.1) on a raw IP
socket, each carrying the receiver's Call ID. The client (PNS) sends the first GRE packet; 3 exchanges.
Exit status 0 when the whole conversation took place.
"""
import socket
import struct
import sys

from exact import recv_exact

MAGIC = 0x1A2B3C4D
PNS_CALL, PAC_CALL = 0x0007, 0x4001
GRE = 47


def control(message_type, body):
    return struct.pack("!HHIHH", 12 + len(body), 1, MAGIC, message_type, 0) + body


def sccrq():  # §2.1, 156 bytes
    return control(1, struct.pack("!HHIIHH64s64s", 0x0100, 0, 1, 1, 0, 1, b"amsc", b"ams pptp peer"))


def sccrp():  # §2.2, 156 bytes
    return control(2, struct.pack("!HBBIIHH64s64s", 0x0100, 1, 0, 1, 1, 0, 1, b"amss", b"ams pptp peer"))


def ocrq():  # §2.7, 168 bytes
    return control(7, struct.pack("!HHIIIIHHHH64s64s", PNS_CALL, 1, 300, 100000000, 3, 3, 64, 0, 0, 0, b"", b""))


def ocrp(peer_call):  # §2.8, 32 bytes: Result Code 1 (Connected)
    return control(8, struct.pack("!HHBBHIHHI", PAC_CALL, peer_call, 1, 0, 0, 100000000, 64, 0, 0))


def stop_request():  # §2.3, 16 bytes
    return control(3, struct.pack("!BBH", 1, 0, 0))


def stop_reply():  # §2.4, 16 bytes
    return control(4, struct.pack("!BBH", 1, 0, 0))


def read_message(conn):
    header = recv_exact(conn, 2)
    (length,) = struct.unpack("!H", header)
    body = recv_exact(conn, length - 2)
    message = header + body
    _, kind, magic, message_type = struct.unpack("!HHIH", message[:10])
    if kind != 1 or magic != MAGIC:
        raise ValueError("not a PPTP control message")
    return message_type, message


def gre(call_id, sequence, payload):
    # Enhanced GRE: K and S set, version 1, protocol 0x880B (PPP), payload length, call ID, sequence.
    return struct.pack("!BBHHHI", 0x30, 0x01, 0x880B, len(payload), call_id, sequence) + payload


def receive_gre(raw, peer):
    while True:
        packet, (source, _) = raw.recvfrom(2048)
        if source != peer:
            continue
        header_length = (packet[0] & 0x0F) * 4
        flags, _, _, _, call_id = struct.unpack("!BBHHH", packet[header_length:header_length + 8])
        return call_id


LCP = bytes([0xFF, 0x03, 0xC0, 0x21, 0x01, 0x01, 0x00, 0x04])  # LCP Configure-Request, no options


def server(address):
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, GRE)
    raw.settimeout(10)
    listener = socket.create_server((address, 1723))
    listener.settimeout(30)
    conn, (client, _) = listener.accept()
    conn.settimeout(10)
    assert read_message(conn)[0] == 1
    conn.sendall(sccrp())
    message_type, message = read_message(conn)
    assert message_type == 7
    (peer_call,) = struct.unpack("!H", message[12:14])
    conn.sendall(ocrp(peer_call))
    for sequence in range(3):
        assert receive_gre(raw, client) == PAC_CALL
        raw.sendto(gre(peer_call, sequence, LCP), (client, 0))
    assert read_message(conn)[0] == 3
    conn.sendall(stop_reply())
    conn.close()


def client(server_address):
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, GRE)
    raw.settimeout(10)
    conn = socket.create_connection((server_address, 1723), timeout=10)
    conn.sendall(sccrq())
    assert read_message(conn)[0] == 2
    conn.sendall(ocrq())
    message_type, message = read_message(conn)
    assert message_type == 8 and message[16] == 1
    (pac_call, peer) = struct.unpack("!HH", message[12:16])
    assert peer == PNS_CALL
    for sequence in range(3):
        raw.sendto(gre(pac_call, sequence, LCP), (server_address, 0))
        assert receive_gre(raw, server_address) == PNS_CALL
    conn.sendall(stop_request())
    assert read_message(conn)[0] == 4
    conn.close()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("server", "client"):
        sys.exit(__doc__)
    (server if sys.argv[1] == "server" else client)(sys.argv[2])
