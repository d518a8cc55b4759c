#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
"""Compares the flows an IPFIX collector stored (nfdump -o json) with ams's session records (JSON lines).

  ipfix_compare.py ams NFDUMP.json RECORDS.jsonl [ORACLE.tsv]
      ams's own export: every session exactly once, with the same 5-tuple (initiator → responder), packets
      and bytes each way (RFC 5103 reverse counters: nfdump's out_packets/out_bytes). nfdump shows an ICMP
      flow's destination port as a type/code and no source port, so ICMP and ICMPv6 are keyed without ports.
      With ORACLE.tsv (Tests/EndToEndTests/Captures/F.sessions.tsv, tshark's sessions): the same sessions
      and frames each way arrive at the collector.
  ipfix_compare.py softflowd NFDUMP.json RECORDS.jsonl
      softflowd -b (biflows) exporting the same capture: where their semantics agree. softflowd keys a flow
      by 5-tuple and splits ICMP echo request and reply into two flows (type 8.0 / 0.0): flows are summed
      per key, each oriented as ams's session, and the sums compared. Ports are compared for TCP, UDP and
      SCTP only (ams keeps GRE's call IDs and ICMP's echo identifier as ports, softflowd 0). An ICMP error
      is a flow of its own for softflowd, while ams counts it on the session it quotes: softflowd's ICMP
      flows between addresses where ams has no ICMP session (softflowd -b reports no ICMP type for them) are
      set aside as such, and then only the initiator → responder counters are compared.

Prints `OK …` and exits 0, or the differences and exits 1.
"""
import ipaddress
import json
import sys
from collections import Counter, defaultdict

ICMP = {1, 58}
# Protocols whose ports tshark's oracle and softflowd know; the others are keyed by addresses.
PORTED = {6, 17, 132}
NAMES = {"TCP": 6, "UDP": 17, "ICMP": 1, "ICMPV6": 58, "GRE": 47, "ESP": 50, "AH": 51, "SCTP": 132}


def address(text):
    return str(ipaddress.ip_address(text))


def flow_key(proto, src, sport, dst, dport, ported=False):
    """ICMP flows (and with `ported`, every protocol but TCP, UDP and SCTP) keyed without ports."""
    if proto in ICMP or (ported and proto not in PORTED):
        return (proto, src, None, dst, None)
    return (proto, src, sport, dst, dport)


def nfdump_flows(path, ported=False):
    """(key, counters) of every flow."""
    with open(path) as handle:
        text = "".join(line for line in handle if line.strip() != "No matching flows").strip()
    flows = json.loads(text) if text else []
    result = []
    for flow in flows:
        if flow.get("type") != "FLOW":
            continue
        proto = flow["proto"]
        src = address(flow.get("src4_addr") or flow.get("src6_addr"))
        dst = address(flow.get("dst4_addr") or flow.get("dst6_addr"))
        key = flow_key(proto, src, flow.get("src_port", 0), dst, flow.get("dst_port", 0), ported)
        counters = (flow.get("in_packets", 0), flow.get("in_bytes", 0), flow.get("out_packets", 0), flow.get("out_bytes", 0))
        result.append((key, counters))
    return result


def ams_sessions(path, ported=False):
    result = []
    with open(path) as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            key = flow_key(record["protocol_number"], address(record["initiator_source"]), record["initiator_source_port"],
                           address(record["initiator_destination"]), record["initiator_destination_port"], ported)
            counters = (record["initiator_packets"], record["initiator_bytes"], record["responder_packets"],
                        record["responder_bytes"])
            result.append((key, counters))
    return result


def report(name, expected, got):
    """Multisets compared; the differences listed."""
    missing = expected - got
    extra = got - expected
    if not missing and not extra:
        print(f"OK {name}: {sum(expected.values())} sessions equal")
        return True
    for item, count in sorted(missing.items(), key=str):
        print(f"  missing at the collector ({count}x): {item}")
    for item, count in sorted(extra.items(), key=str):
        print(f"  not an ams session ({count}x): {item}")
    print(f"DIFF {name}: {sum(missing.values())} missing, {sum(extra.values())} extra")
    return False


def compare_ams(nfdump_path, records_path, oracle_path=None):
    collected = nfdump_flows(nfdump_path)
    sessions = ams_sessions(records_path)
    ok = report("ams export vs ams records", Counter(sessions), Counter(collected))
    if oracle_path:
        oracle = Counter()
        with open(oracle_path) as handle:
            for line in handle:
                if line.startswith("#") or not line.strip():
                    continue
                proto, src, sport, dst, dport, frames_i, frames_o = line.rstrip("\n").split("\t")
                number = NAMES[proto]
                key = flow_key(number, address(src), None if sport == "-" else int(sport), address(dst),
                               None if dport == "-" else int(dport), ported=True)
                oracle[(key, int(frames_i), int(frames_o))] += 1
        arrived = Counter((key, counters[0], counters[2]) for key, counters in nfdump_flows(nfdump_path, ported=True))
        ok = report("ams export vs tshark's sessions (frames each way)", oracle, arrived) and ok
    return ok


def compare_softflowd(nfdump_path, records_path):
    sessions = ams_sessions(records_path, ported=True)
    flows = nfdump_flows(nfdump_path, ported=True)
    errors = []
    orientation = {}
    for key, _ in sessions:
        proto, src, sport, dst, dport = key
        orientation[key] = False
        orientation.setdefault((proto, dst, dport, src, sport), True)
    ours = defaultdict(lambda: [0, 0, 0, 0])
    for key, counters in sessions:
        for index in range(4):
            ours[key][index] += counters[index]
    theirs = defaultdict(lambda: [0, 0, 0, 0])
    for key, counters in flows:
        if orientation.get(key):  # softflowd's forward direction is ams's responder → initiator
            proto, src, sport, dst, dport = key
            key = (proto, dst, dport, src, sport)
            counters = (counters[2], counters[3], counters[0], counters[1])
        if key[0] in ICMP and key not in ours:
            errors.append((key, counters))
            continue
        for index in range(4):
            theirs[key][index] += counters[index]
    kept = 4
    if errors:
        for key, counters in errors:
            print(f"  set aside: softflowd's ICMP flow {key} {counters}, where ams has no ICMP session")
        print("  ICMP errors present: initiator → responder counters only")
        kept = 2
    return report("softflowd vs ams (summed per 5-tuple)",
                  Counter((key, tuple(value[:kept])) for key, value in ours.items()),
                  Counter((key, tuple(value[:kept])) for key, value in theirs.items()))


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "ams":
        ok = compare_ams(*sys.argv[2:5])
    elif len(sys.argv) == 4 and sys.argv[1] == "softflowd":
        ok = compare_softflowd(sys.argv[2], sys.argv[3])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
