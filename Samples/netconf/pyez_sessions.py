# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
"""PyEZ against `ams run` (README, NETCONF over SSH): facts, the session table, the CLI's count and its JSON,
on 127.0.0.1 port 8830 (or the port given).

    python3 Samples/netconf/pyez_sessions.py [PORT]
"""
import sys

from jnpr.junos import Device

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8830
with Device(host="127.0.0.1", port=port, user="alice", passwd="secret1") as dev:
    print(dev.facts["hostname"], dev.facts["model"], dev.facts["version"])
    table = dev.rpc.get_msp_session_table(protocol="tcp")
    print([session.findtext("session-id") for session in table.iter("msp-session")])
    print(dev.cli("show services sessions count", warning=False).strip())
    print(dev.rpc.get_service_msp_sess_count_information({"format": "json"}))
