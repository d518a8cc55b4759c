#!/usr/bin/env python3
"""parse_brief.py [FILE] — turn `show services sessions` brief output (SPEC §2.2) into the oracle's TSV.

Reads FILE (or stdin). Every `Service Set: ..., Session: N, ...` header line starts a session; the flow
lines that follow it split on white space as
    $1 proto  $2 src[:port]  $3 ->  $4 dst[:port]  $5 state  $6 dir  $7 frames
Ports are only split off for TCP, UDP and SCTP, at the LAST colon (IPv6 addresses contain colons); other
protocols get port "-". Output, one line per session, sorted like Scripts/oracle-sessions.sh:
    proto  initiator_ip  initiator_port  responder_ip  responder_port  frames_I  frames_O
The initiator is the `I` flow's source. A session without an `O` flow gets frames_O 0 (its responder is
the `I` flow's destination); one without an `I` flow is built from the reversed `O` flow with frames_I 0.
Problems (flow lines outside a session, inconsistent I/O flows, unknown lines) go to stderr; exit 1 if any.
"""
import re
import sys

HEADER = "# proto\tinitiator_ip\tinitiator_port\tresponder_ip\tresponder_port\tframes_I\tframes_O"
PORTED = {"TCP", "UDP", "SCTP"}
SESSION_RE = re.compile(r"^Service Set: .*\bSession: (\d+)\b")


def split_endpoint(proto, token):
    if proto in PORTED:
        addr, sep, port = token.rpartition(":")
        if not sep:
            return token, "?"
        return addr, port
    return token, "-"


def main():
    text = open(sys.argv[1]).read() if len(sys.argv) > 1 else sys.stdin.read()
    problems = 0
    sessions = []  # [session id, {dir: (proto, src, sport, dst, dport, frames)}]
    for n, line in enumerate(text.splitlines(), 1):
        if SESSION_RE.match(line):
            sessions.append([SESSION_RE.match(line).group(1), {}])
            continue
        f = line.split()
        if len(f) == 7 and f[2] == "->" and f[5] in ("I", "O") and f[6].isdigit():
            if not sessions:
                print(f"parse_brief: line {n}: flow line before any session header", file=sys.stderr)
                problems += 1
                continue
            proto = f[0]
            src, sport = split_endpoint(proto, f[1])
            dst, dport = split_endpoint(proto, f[3])
            flows = sessions[-1][1]
            if f[5] in flows:
                print(f"parse_brief: line {n}: second {f[5]} flow in session {sessions[-1][0]}", file=sys.stderr)
                problems += 1
            flows[f[5]] = (proto, src, sport, dst, dport, int(f[6]))
        # Anything else (interface headings, extensive detail lines, blank lines) is ignored.
    rows = []
    for sid, flows in sessions:
        i, o = flows.get("I"), flows.get("O")
        if i is None and o is None:
            print(f"parse_brief: session {sid} has no flow lines", file=sys.stderr)
            problems += 1
            continue
        if i is not None and o is not None:
            if (o[0], o[1], o[2], o[3], o[4]) != (i[0], i[3], i[4], i[1], i[2]):
                print(f"parse_brief: session {sid}: O flow is not the reverse of the I flow", file=sys.stderr)
                problems += 1
            rows.append((i[0], i[1], i[2], i[3], i[4], i[5], o[5]))
        elif i is not None:
            rows.append((i[0], i[1], i[2], i[3], i[4], i[5], 0))
        else:
            rows.append((o[0], o[3], o[4], o[1], o[2], 0, o[5]))
    print(HEADER)
    for row in sorted("\t".join(map(str, r)) for r in rows):
        print(row)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
