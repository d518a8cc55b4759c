#!/usr/bin/env python3
"""check_links.py FILE — check the ALG parent/child links in `show services sessions extensive` output.

The rules follow from the protocols and from how Scripts/make-captures.sh runs the servers, never from
ams itself:
  * a child names a parent that exists, lives on the parent's member (same high bits of the session ID),
    carries the parent's ALG, and shares an address with the parent's initiator flow;
  * FTP (vsftpd: active data from port 20, passive ports 30000-30009): every TCP session from port 20 or
    to a port in 30000-30009 is an `ftp` child of a session to port 21 of the same two hosts;
  * TFTP: every UDP session between the server and a client port that made a request to port 69 is a
    `tftp` child of that request's session;
  * traceroute: every UDP session to 33435-33450 has ALG `traceroute`;
  * RTSP: every UDP session between the two hosts of an RTSP connection (port 554) is its `rtsp` child;
  * PPTP: every GRE session between the two hosts of a PPTP connection (port 1723) is its `pptp` child;
  * SQL*Net: every TCP session to port 1522 (where the scripted listener redirects) is an `sqlnet` child
    of a session to port 1521 from the same client.
Prints `N children` and exits 0 when every rule holds; prints each violation and exits 1 otherwise.
"""
import re
import sys

HEADER_RE = re.compile(r"^Service Set: (\S+), Session: (\d+), ALG: (\S+),")
PARENT_RE = re.compile(r"^  Parent session: (\d+)$")


def endpoint(token):
    addr, _, port = token.rpartition(":")
    return addr, int(port) if port.isdigit() else None


def parse(lines):
    sessions, current = {}, None
    for line in lines:
        m = HEADER_RE.match(line)
        if m:
            current = {"id": int(m.group(2)), "alg": m.group(3), "parent": None, "flow": None}
            sessions[current["id"]] = current
            continue
        m = PARENT_RE.match(line)
        if m and current:
            current["parent"] = int(m.group(1))
            continue
        fields = line.split()
        if current and len(fields) == 7 and fields[2] == "->" and fields[5] == "I":
            src, sport = endpoint(fields[1]) if fields[0] in ("TCP", "UDP") else (fields[1], None)
            dst, dport = endpoint(fields[3]) if fields[0] in ("TCP", "UDP") else (fields[3], None)
            current["flow"] = (fields[0], src, sport, dst, dport)
    return sessions


def main():
    sessions = parse(open(sys.argv[1], encoding="utf-8").read().splitlines())
    problems = []
    children = [s for s in sessions.values() if s["parent"] is not None]
    for child in children:
        parent = sessions.get(child["parent"])
        if parent is None:
            problems.append(f"session {child['id']}: parent {child['parent']} does not exist")
            continue
        if parent["id"] >> 24 != child["id"] >> 24:
            problems.append(f"session {child['id']}: not on its parent's member")
        if parent["alg"] != child["alg"]:
            problems.append(f"session {child['id']}: ALG {child['alg']}, parent's {parent['alg']}")
        if not {child["flow"][1], child["flow"][3]} & {parent["flow"][1], parent["flow"][3]}:
            problems.append(f"session {child['id']}: shares no address with its parent")
    for s in sessions.values():
        proto, src, sport, dst, dport = s["flow"]
        parent = sessions.get(s["parent"]) if s["parent"] is not None else None
        if proto == "TCP" and (sport == 20 or (dport is not None and 30000 <= dport <= 30009)):
            if not (s["alg"] == "ftp" and parent and parent["flow"][4] == 21
                    and {parent["flow"][1], parent["flow"][3]} == {src, dst}):
                problems.append(f"session {s['id']} {src}:{sport} -> {dst}:{dport}: not an ftp child of a control session")
        for control_port, kind, alg in ((554, "UDP", "rtsp"), (1723, "GRE", "pptp")):
            controls = [c for c in sessions.values() if c["flow"][0] == "TCP" and c["flow"][4] == control_port
                        and {c["flow"][1], c["flow"][3]} == {src, dst}]
            if proto == kind and controls and not (s["alg"] == alg and parent in controls):
                problems.append(f"session {s['id']} {proto} {src} -> {dst}: not an {alg} child of its control session")
        if proto == "TCP" and dport == 1522:
            listeners = [c for c in sessions.values() if c["flow"][0] == "TCP" and c["flow"][4] == 1521
                         and c["flow"][1] == src]
            if not (s["alg"] == "sqlnet" and parent in listeners):
                problems.append(f"session {s['id']} {src}:{sport} -> {dst}:{dport}: not an sqlnet child of a listener session")
        if proto == "UDP" and dport is not None and 33435 <= dport <= 33450 and s["alg"] != "traceroute":
            problems.append(f"session {s['id']}: probe to {dport} has ALG {s['alg']}")
        if proto == "UDP" and dport != 69 and sport != 69:
            requests = [r for r in sessions.values() if r["flow"][0] == "UDP" and r["flow"][4] == 69
                        and ((r["flow"][1], r["flow"][2]) in ((src, sport), (dst, dport)))]
            if requests and not (s["alg"] == "tftp" and parent in requests):
                problems.append(f"session {s['id']} {src}:{sport} -> {dst}:{dport}: not a tftp child of its request")
    for p in problems:
        print(p)
    print(f"{len(children)} children")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
