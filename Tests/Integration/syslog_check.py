#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
"""Checks the syslog lines a collector received from ams (Tests/Integration/syslog.sh) against the session
records (`--records FILE`, JSON lines) and `show services sessions extensive` of the same replay.

Every line is parsed by the regular expressions of Juniper's test library (Toby, jnpr/toby/services/cgnat.py,
`_get_syslogs`, with its utils.get_regex_ip/get_regex_if), quoted below: the SFW line by its "NEW for NAT RULE
MATCH 14.2 latest" expression verbatim; the session lines by its "new for session log" expression with the
`[nat-address:nat-port]` group made optional (ams translates no address, and SPEC.md §8's line has none).
CLOSE lines are first parsed by the same expression (whose greedy last group then also spans our counters), then
our tail `IP(IB) RP(RB) REASON` is read by an expression of ours.

  syslog_check.py FORMAT HOST RECEIVED RECORDS EXTENSIVE|- [RULE-SET RULE ACCEPT-TERM REJECT-TERM]
FORMAT: 3164 or 5424; the rule set, rule and terms the SFW lines must name (default: the sample's firewall). Prints PASS/FAIL lines and `N passed, M failed`.
"""
import json
import re
import sys
from collections import Counter

# Toby utils.get_regex_ip() and get_regex_if(), verbatim.
regex_ipv4addr = r'(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})'
hex4 = r'[A-Fa-f\d]{0,4}'
regex_ipv6addr = r"(?:(?:" + hex4 + r":{1,2}?){2,7}(?:" + regex_ipv4addr + r"|" + hex4 + r")?)"
regex_ipaddr = r"(?:" + regex_ipv6addr + r"|" + regex_ipv4addr + r")"
reg_ex_if = r'(?:\b(?:\w+-\d+\/\d+\/|em|irb|as|ae|rlsq|rsp|fxp|gre|ipip|reth|' + \
    r'lo|vlan|psgr|pimd|pime|pip0|pp0|tap)\d*(?::\d+)?(?:\.\d+)?)'
# Toby cgnat._get_syslogs's building blocks, verbatim.
pr_ptrn1 = r'proto (\d+)\s*\((.+)\)'
ip_ptrn = r'(' + regex_ipaddr + r')[:|\/](\d+)\s*->\s*(' + regex_ipaddr + r')[:|\/](\d+)'
ptrn2 = r'(' + regex_ipaddr + r'):(\d+)'
# "NEW for NAT RULE MATCH 14.2 latest", verbatim.
SFW = re.compile(r'(JSERVICES.*):\s*' + pr_ptrn1 + r'\s*application: (.*),\s*(' + reg_ex_if + '):' + ip_ptrn
                 + r',\s*Match (.*) rule-set:\s*(.*), rule:\s*(.*), term:\s*(.*)')
# "new for session log", the NAT group optional.
SESSION = re.compile(r'(JSERVICES.*):\s*application:(.*),\s+(' + reg_ex_if + r')\s*' + ptrn2
                     + r'(?:\s*\[' + ptrn2 + r'\])?\s*->\s*' + ptrn2 + r'\s*\((.*)\)')
CLOSE_TAIL = re.compile(r'\(([A-Z0-9]+)\) (\d+)\((\d+)\) (\d+)\((\d+)\) (idle|fin|rst|cleared|limit|shutdown|replaced|reload)$')

from checks import check, finish



def main():
    form, host, received_path, records_path, extensive_path = sys.argv[1:6]
    rule_set, rule, accept_term, reject_term = (sys.argv[6:10] if len(sys.argv) > 6
                                                else ["(null)", "lan-out", "allowed", "no-telnet"])
    lines = [line.rstrip("\n") for line in open(received_path, encoding="utf-8") if line.strip()]
    records = [json.loads(line) for line in open(records_path, encoding="utf-8") if line.startswith("{")]
    header = (re.compile(r'^<14>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d ' + re.escape(host) + r' ')
              if form == "3164" else
              re.compile(r'^<14>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ' + re.escape(host)
                         + r' ams - (JSERVICES_\w+) \[junos@2636\.1\.1\.1\.2\.25 service-set-name="ss1" [^\]]*\] '))
    bad_header = [line for line in lines if not header.match(line)]
    check(f"every one of {len(lines)} lines has the RFC {form} header from {host}", lines and not bad_header,
          bad_header[:2])

    opens, closes, rules, unparsed = Counter(), Counter(), Counter(), []
    for line in lines:
        if "JSERVICES_SFW_RULE_" in line:
            m = SFW.search(line)
            if not m:
                unparsed.append(line)
                continue
            rules[(m.group(2), m.group(3), m.group(6), m.group(7), m.group(8), m.group(9), m.group(5),
                   m.group(10), m.group(11), m.group(12), m.group(13))] += 1
            check_tag = m.group(1).endswith("JSERVICES_SFW_RULE_" + m.group(10).split()[-1].upper())
            if not check_tag:
                unparsed.append(line)
            continue
        m = SESSION.search(line)
        if not m:
            unparsed.append(line)
            continue
        key = (m.group(10).split(")")[0], m.group(4), m.group(5), m.group(8), m.group(9), m.group(3))
        if m.group(1).endswith("JSERVICES_SESSION_OPEN"):
            opens[key] += 1
        elif m.group(1).endswith("JSERVICES_SESSION_CLOSE"):
            tail = CLOSE_TAIL.search(line)
            if not tail or tail.group(1) != key[0]:
                unparsed.append(line)
                continue
            closes[key + tail.groups()[1:]] += 1
        else:
            unparsed.append(line)
    check("every line is parsed by Toby's expressions", not unparsed, unparsed[:3])

    def flow(r):
        return (r["protocol"], r["initiator_source"], str(r["initiator_source_port"]),
                r["initiator_destination"], str(r["initiator_destination_port"]), r["member"] + ".1")
    want_opens = Counter(flow(r) for r in records)
    want_closes = Counter(flow(r) + (str(r["initiator_packets"]), str(r["initiator_bytes"]),
                                     str(r["responder_packets"]), str(r["responder_bytes"]), r["reason"])
                          for r in records)
    check(f"OPEN lines = the {len(records)} sessions created (5-tuple, interface)", opens == want_opens,
          f"extra {list((opens - want_opens).items())[:3]} missing {list((want_opens - opens).items())[:3]}")
    check(f"CLOSE lines = the {len(records)} sessions ended (and packets, bytes, reason)", closes == want_closes,
          f"extra {list((closes - want_closes).items())[:3]} missing {list((want_closes - closes).items())[:3]}")

    if extensive_path == "-":
        return
    # The sessions the show output says a term decided: no parent, initiator flow Forward, Watch or Reject.
    states, session = {}, None
    for line in open(extensive_path, encoding="utf-8"):
        m = re.match(r'Service Set: (\S+), Session: (\d+),', line)
        if m:
            session = int(m.group(2))
            states[session] = None
            continue
        if session is not None and line.startswith("  Parent session:"):
            states[session] = "child"
            continue
        m = re.match(r'\S+\s+\S+\s+->\s+\S+\s+(Forward|Watch|Drop|Reject|Bypass)\s+I\s', line)
        if m and session is not None and states[session] is None:
            states[session] = m.group(1)
    check("show services sessions extensive lists every recorded session",
          all(r["session_id"] in states for r in records))
    want_rules = Counter()
    for r in records:
        state = states.get(r["session_id"])
        if state in ("Forward", "Watch", "Reject"):
            verdict, term = ("SFW reject", reject_term) if state == "Reject" else ("SFW accept", accept_term)
            want_rules[(str(r["protocol_number"]), r["protocol"], r["initiator_source"],
                        str(r["initiator_source_port"]), r["initiator_destination"],
                        str(r["initiator_destination_port"]), r["member"] + ".1", verdict, rule_set, rule,
                        term)] += 1
    got_rules, want_plain = rules, want_rules
    check(f"SFW lines = the {sum(want_plain.values())} sessions a term with syslog decided (rule set, rule, term)",
          got_rules == want_plain,
          f"extra {list((got_rules - want_plain).items())[:3]} missing {list((want_plain - got_rules).items())[:3]}")


main()
finish()
