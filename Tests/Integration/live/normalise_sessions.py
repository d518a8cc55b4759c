#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
"""normalise_sessions.py FILE — the session table of `show services sessions extensive | display xml`
(from a running daemon or from `ams replay`) as sorted text lines, one per session, for a strict diff.

Kept (compared): member interface, service set, ALG, flags, IP action, offload, asymmetric, and per flow
protocol, source and destination address and port, state, direction, frame count, byte count, role and
timeout (the configured inactivity timeout, not a countdown: SPEC.md §2.3).
Left out (they legitimately differ between a live table and a replay of a capture of the same port):
the session ID and the parent's session ID (numbers), which are replaced by the parent's initiator flow
(`parent=PROTO SRC:SPORT>DST:DPORT`), so a child is still tied to the right parent; and the order of the
sessions (the lines are sorted).
Exit status 2 when the file is not such a listing."""
import sys
import xml.etree.ElementTree as ET


def local(tag):
    return tag.rsplit("}", 1)[-1]


def child_text(elem, name):
    for c in elem:
        if local(c.tag) == name:
            return (c.text or "").strip()
    return ""


def flow_key(flow):
    sport = child_text(flow, "sfw-flow-source-port")
    dport = child_text(flow, "sfw-flow-destination-port")
    src = child_text(flow, "sfw-flow-source-ip") + (":" + sport if sport else "")
    dst = child_text(flow, "sfw-flow-destination-ip") + (":" + dport if dport else "")
    return f"{child_text(flow, 'sfw-flow-protocol')} {src}>{dst}"


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        root = ET.parse(sys.argv[1]).getroot()
    except ET.ParseError as e:
        print(f"normalise_sessions.py: {sys.argv[1]}: not XML: {e}", file=sys.stderr)
        return 2
    tables = [e for e in root.iter() if local(e.tag) == "msp-per-service-set-session-table"]
    if not any(local(e.tag) == "msp-session-table" for e in root.iter()):
        print(f"normalise_sessions.py: {sys.argv[1]}: no <msp-session-table>", file=sys.stderr)
        return 2
    by_id = {}
    sessions = []
    for table in tables:
        member = child_text(table, "interface-name")
        service_set = child_text(table, "service-set-name")
        for s in table:
            if local(s.tag) != "msp-session":
                continue
            flows = [f for f in s if local(f.tag) == "sfw-flow-entry"]
            by_id[child_text(s, "session-id")] = flows[0] if flows else None
            sessions.append((member, service_set, s, flows))
    lines = []
    for member, service_set, s, flows in sessions:
        parent_id = child_text(s, "session-parent-id")
        parent = "-"
        if parent_id:
            pf = by_id.get(parent_id)
            parent = flow_key(pf) if pf is not None else "missing"
        head = " ".join([
            member, service_set, "alg=" + child_text(s, "session-alg"), "flags=" + child_text(s, "session-flags"),
            "ipaction=" + child_text(s, "session-ip-action"), "offload=" + child_text(s, "session-offload"),
            "asym=" + child_text(s, "session-asymmetric"), "parent=" + parent,
        ])
        parts = []
        for f in flows:
            parts.append(" ".join([
                flow_key(f), child_text(f, "sfw-flow-state"), child_text(f, "sfw-flow-direction"),
                "frames=" + child_text(f, "sfw-flow-frame-counter"),
                "bytes=" + child_text(f, "sfw-flow-table-byte-count"),
                "role=" + child_text(f, "sfw-flow-table-role"),
                "timeout=" + child_text(f, "sfw-flow-table-timeout"),
            ]))
        lines.append(head + " | " + " | ".join(parts))
    for line in sorted(lines):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
