"""exact.py — the one socket helper the scripted peers share."""


def recv_exact(conn, count):
    """Exactly `count` bytes from the stream socket `conn`; EOFError if it closes first."""
    data = b""
    while len(data) < count:
        chunk = conn.recv(count - len(data))
        if not chunk:
            raise EOFError("connection closed")
        data += chunk
    return data
