# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
"""Hostile and busy NETCONF clients against an `ams run` daemon (issue 15, point 4): each misbehaving
session gets its error and the others go on. Prints one PASS/FAIL line per check; exits 1 on any failure.

    hostile.py --port P --chunked-port Q --busy-port B --busy-pid PID --busy-log LOG --ams AMS --busy-socket S

The busy daemon (port B) replays a large generated capture (its table grows for some seconds, then holds
200,000 UDP sessions); the others serve the sample capture, P with `]]>]]>` framing, Q rfc-compliant.
"""
import argparse
import os
import re
import socket
import subprocess
import sys
import threading
import time

import paramiko
from ncclient import manager
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # checks.py
import checks
from checks import check, finish, run

parser = argparse.ArgumentParser()
for name in ("--port", "--chunked-port", "--busy-port", "--busy-pid"):
    parser.add_argument(name, type=int, required=True)
for name in ("--busy-log", "--ams", "--busy-socket"):
    parser.add_argument(name, required=True)
args = parser.parse_args()
EOM = b"]]>]]>"
HELLO = (b'<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities>'
         b"<capability>urn:ietf:params:netconf:base:1.0</capability>%s</capabilities></hello>" + EOM)
BASE11 = b"<capability>urn:ietf:params:netconf:base:1.1</capability>"


def connect(port):
    return manager.connect(host="127.0.0.1", port=port, username="alice", password="secret1", hostkey_verify=False,
                           look_for_keys=False, allow_agent=False, device_params={"name": "junos"}, timeout=30)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))


def answers_within(port, seconds):
    """An RPC on a fresh session of `port` answers, and how long it took (s), or None."""
    start = time.monotonic()
    with connect(port) as m:
        reply = m.rpc("<get-msp-session-table><limit>3</limit></get-msp-session-table>")
        ok = len(reply.xpath("//msp-session")) == 3
    elapsed = time.monotonic() - start
    return elapsed if ok and elapsed <= seconds else None


class Raw:
    """A NETCONF session on a bare paramiko channel: bytes in, bytes out, nothing parsed for us."""

    def __init__(self, port, base11=False):
        self.transport = paramiko.Transport(("127.0.0.1", port))
        self.transport.connect()
        self.transport.auth_password("alice", "secret1")
        self.channel = self.transport.open_session()
        self.channel.invoke_subsystem("netconf")
        self.channel.settimeout(30)
        self.buffer = b""
        self.read_until(EOM)  # the server's hello
        self.channel.sendall(HELLO % (BASE11 if base11 else b""))

    def read_until(self, marker):
        while marker not in self.buffer:
            data = self.channel.recv(65536)
            if not data:
                raise EOFError(self.buffer[-300:])
            self.buffer += data
        message, _, self.buffer = self.buffer.partition(marker)
        return message

    def closed_by_server(self, seconds=30):
        """Reads until the server closes the channel: what it sent last."""
        self.channel.settimeout(seconds)
        try:
            while True:
                data = self.channel.recv(65536)
                if not data:
                    return True, self.buffer
                self.buffer += data
        except socket.timeout:
            return False, self.buffer

    def close(self):
        self.transport.close()


def ten_concurrent_sessions():
    """Ten sessions at once, each running RPCs while the busy daemon replays."""
    failures, growth = [], []

    def session(index):
        try:
            with connect(args.busy_port) as m:
                counts = []
                for _ in range(4):
                    reply = m.rpc("<get-service-msp-sess-count-information/>")
                    counts.append(sum(int(c.text) for c in reply.xpath("//sess-count")))
                    table = m.rpc("<get-msp-session-table><limit>5</limit></get-msp-session-table>")
                    if len(table.xpath("//msp-session")) != 5:
                        failures.append(f"{index}: {len(table.xpath('//msp-session'))} sessions, not 5")
                    version = m.rpc("<get-software-information/>")
                    if version.xpath("//junos-version")[0].text != "19.4R3":
                        failures.append(f"{index}: version")
                    time.sleep(0.2)
                if counts != sorted(counts):
                    failures.append(f"{index}: counts went down {counts}")
                growth.append(counts[-1] > counts[0])
        except Exception as error:
            failures.append(f"{index}: {type(error).__name__}: {error}")

    threads = [threading.Thread(target=session, args=(i,)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    check("ten concurrent sessions, 120 RPCs, all answered right", not failures and len(growth) == 10, failures)
    check("... while the daemon replayed (the table grew during a session's RPCs)", any(growth), growth)


def stalled_reader():
    """A client that stops reading mid-reply of a 200,000-session table: the daemon's memory stays bounded
    (32 MiB above where it stood) and other sessions go on — within 5 s: the stalled command waits on its own
    thread (the engine answers its questions a chunk at a time: MailboxTables), so nothing else waits."""
    with open(args.busy_log) as log:
        deadline = time.monotonic() + 120
        while "end of capture" not in open(args.busy_log).read() and time.monotonic() < deadline:
            time.sleep(0.5)
    before = rss_kib(args.busy_pid)
    raw = Raw(args.busy_port)
    raw.channel.sendall(b'<rpc message-id="9"><get-msp-session-table/></rpc>' + EOM)
    first = raw.channel.recv(65536)
    check("stalled reader: the reply starts", b"<msp-session-table" in first or b"rpc-reply" in first, first[:200])
    peak = before
    for _ in range(20):  # 5 s stalled
        time.sleep(0.25)
        peak = max(peak, rss_kib(args.busy_pid))
    check(f"stalled reader: the daemon's RSS stays within 32 MiB of before ({(peak - before) // 1024} MiB more)",
          peak - before < 32 * 1024, f"{before} -> {peak} KiB")
    elapsed = answers_within(args.busy_port, 5)
    check(f"stalled reader: another session's RPC answers within 5 s ({elapsed or 0:.1f} s)", elapsed is not None, elapsed)
    raw.close()
    time.sleep(0.5)
    check("stalled reader gone: the daemon answers", answers_within(args.busy_port, 5) is not None)


def malformed_xml():
    raw = Raw(args.port)
    raw.channel.sendall(b'<rpc message-id="7"><get-msp-session-table></rpc>' + EOM)
    reply = raw.read_until(EOM)
    check("malformed XML: an rpc-error", b"<rpc-error>" in reply, reply[:300])
    raw.channel.sendall(b'<rpc message-id="8"><get-software-information/></rpc>' + EOM)
    reply = raw.read_until(EOM)
    check("malformed XML: the same session goes on", b"<junos-version>19.4R3</junos-version>" in reply, reply[:300])
    raw.close()


def huge_message():
    """100 MB in one message: that session is refused and closed, long before all of it is sent."""
    raw = Raw(args.port)
    sent = [0]

    def send():
        block = b"<rpc><command>show version " + b"a" * (1 << 20)
        try:
            raw.channel.sendall(block)
            sent[0] += len(block)
            while sent[0] < 100 * 1000 * 1000:
                raw.channel.sendall(b"a" * (1 << 20))
                sent[0] += 1 << 20
        except Exception:
            pass

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    closed, last = raw.closed_by_server(60)
    check("100 MB message: the session is closed with an rpc-error",
          closed and b"<rpc-error>" in last and b"larger than" in last, (closed, sent[0], last[-300:]))
    check(f"100 MB message: refused before the end ({sent[0] >> 20} MiB sent)", sent[0] < 100 * 1000 * 1000, sent[0])
    raw.close()
    check("100 MB message: other sessions go on", answers_within(args.port, 5) is not None)


def bad_chunk_header():
    raw = Raw(args.chunked_port, base11=True)
    raw.channel.sendall(b"\n#abc\n<rpc/>\n##\n")
    closed, last = raw.closed_by_server(10)
    check("bad chunk header: the session is closed with an rpc-error", closed and b"<rpc-error>" in last, (closed, last[-300:]))
    raw.close()
    check("bad chunk header: other sessions go on", answers_within(args.chunked_port, 5) is not None)


def wrong_passwords():
    """1,000 wrong passwords checked, from 25 connections at once: each answered 1 s late, all counted and
    logged; a session's RPC still answers within 3 s meanwhile. (paramiko asks for the ssh-userauth service
    again before each retry on a connection; swift-nio-ssh refuses every second attempt at once, without the
    password reaching the daemon: those are not guesses, and are counted apart.)"""
    checked, refused_at_once = [0], [0]
    lock = threading.Lock()
    failures = []

    def guesser(index):
        tries = 0
        transport = None
        while True:
            with lock:
                if checked[0] >= 1000:
                    break
            try:
                if transport is None or not transport.is_active():
                    transport = paramiko.Transport(("127.0.0.1", args.busy_port))
                    transport.connect()
                tries += 1
                started = time.monotonic()
                transport.auth_password("alice", f"guess{index}-{tries}")
                failures.append(f"{index}: a wrong password was accepted")
            except paramiko.AuthenticationException:
                with lock:
                    if time.monotonic() - started >= 0.9:
                        checked[0] += 1
                    else:
                        refused_at_once[0] += 1
            except (paramiko.SSHException, EOFError, OSError):
                transport = None
        if transport is not None:
            transport.close()

    latencies = []
    done = threading.Event()

    def probe():
        with connect(args.busy_port) as m:
            while not done.is_set():
                start = time.monotonic()
                m.rpc("<get-service-msp-sess-count-information/>")
                latencies.append(time.monotonic() - start)
                time.sleep(0.5)

    start = time.monotonic()
    prober = threading.Thread(target=probe)
    prober.start()
    threads = [threading.Thread(target=guesser, args=(i,)) for i in range(25)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    done.set()
    prober.join(30)
    elapsed = time.monotonic() - start
    check(f"1,000 wrong passwords: each refused 1 s late ({checked[0]} checked, {refused_at_once[0]} refused by "
          f"swift-nio-ssh at once)", checked[0] >= 1000 and not failures, failures)
    check(f"1,000 wrong passwords from 25 connections take 40 s or more ({elapsed:.0f} s)", elapsed >= 40, elapsed)
    worst = max(latencies) if latencies else 99
    check(f"1,000 wrong passwords: meanwhile a session's RPC answers within 3 s (worst {worst:.2f} s)",
          worst < 3 and len(latencies) > 10, latencies)
    time.sleep(1.5)
    log = open(args.busy_log).read()
    counted = re.findall(r"wrong password for user 'alice' from 127\.0\.0\.1 port \d+ \((\d+) so far\)", log)
    check("1,000 wrong passwords: each checked one logged and counted",
          counted and max(map(int, counted)) == checked[0], (counted[-2:], checked[0]))


def rekeying_client():
    """A client that re-keys every 1 MiB it receives (paramiko does so every 512 MiB by default) gets a whole
    30,000-session reply: swift-nio-ssh refuses channel data during a key exchange, and the daemon waits each
    one out (NetconfServer/ChannelDataWriter) instead of losing bytes and stalling."""
    saved = paramiko.Packetizer.REKEY_BYTES
    paramiko.Packetizer.REKEY_BYTES = 1 << 20
    try:
        with connect(args.busy_port) as m:
            start = time.monotonic()
            reply = m.rpc("<get-msp-session-table><limit>30000</limit></get-msp-session-table>")
            elapsed = time.monotonic() - start
            sessions = len(reply.xpath("//msp-session"))
            rekeys = len(str(reply)) >> 20
            check(f"a client re-keying every 1 MiB reads a whole {rekeys} MiB reply ({sessions} sessions,"
                  f" ≥ {rekeys} key exchanges, {elapsed:.1f} s)", sessions == 30000 and rekeys >= 10, sessions)
            check("... and the session goes on after it", m.rpc("<get-software-information/>").xpath("//junos-version"))
    finally:
        paramiko.Packetizer.REKEY_BYTES = saved


run("ten concurrent sessions", ten_concurrent_sessions)
run("stalled reader", stalled_reader)
run("malformed XML", malformed_xml)
run("100 MB message", huge_message)
run("bad chunk header", bad_chunk_header)
run("wrong passwords", wrong_passwords)
run("re-keying client", rekeying_client)
finish()
