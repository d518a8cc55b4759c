# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
"""Real NETCONF clients (PyEZ, ncclient) against an `ams run` daemon: each check asserts what the client
returns. Prints one PASS/FAIL line per check; exits 1 on any failure.

    clients.py --port P --chunked-port Q --key KEY --ams AMS --socket S
"""
import argparse
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

from jnpr.junos import Device
from jnpr.junos.exception import ConnectAuthError, PermissionError as JunosPermissionError, RpcError
from ncclient import manager
from ncclient.operations.rpc import RPCError
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # checks.py
import checks
from checks import check, finish, run

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--chunked-port", type=int, required=True)
parser.add_argument("--key", required=True)
parser.add_argument("--ams", required=True)
parser.add_argument("--socket", required=True)
parser.add_argument("--fingerprint", required=True)
args = parser.parse_args()


def cli_session_ids(*words):
    """The session IDs `ams show … | display xml` lists."""
    text = subprocess.run([args.ams, "show", "--socket", args.socket, *words, "|", "display", "xml"],
                          capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(text)
    return sorted(e.text for e in root.iter() if e.tag.endswith("session-id"))


def cli_document(*words):
    """`ams show WORDS | display xml`, its body without namespaces."""
    text = subprocess.run([args.ams, "show", "--socket", args.socket, *words, "|", "display", "xml"],
                          capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(text)
    for element in root.iter():
        element.tag = element.tag.split("}")[-1]
    return root


def ncclient_password():
    with manager.connect(host="127.0.0.1", port=args.port, username="alice", password="secret1",
                         hostkey_verify=False, look_for_keys=False, allow_agent=False,
                         device_params={"name": "junos"}) as m:
        check("ncclient: session ID from the hello", int(m.session_id) > 0, m.session_id)
        check("ncclient: base:1.0 framing by default",
              "urn:ietf:params:netconf:base:1.1" not in m.server_capabilities, list(m.server_capabilities))
        reply = m.command("show services sessions count", format="text")
        text = reply.xpath("//output")[0].text
        check("ncclient: m.command(count, format=text) is the CLI text", "Interface   Service set" in text, text)
        try:
            m.rpc(ET.tostring(ET.Element("get-service-sessions-information")).decode())
            check("ncclient: unknown RPC raises RPCError", False, "no error")
        except RPCError as error:
            check("ncclient: unknown RPC raises RPCError (syntax error)", "syntax error" in str(error), str(error))


def pyez_password():
    with Device(host="127.0.0.1", port=args.port, user="alice", passwd="secret1") as dev:
        check("PyEZ: Device.open() with a password", dev.connected)
        check("PyEZ: facts read (version, hostname)",
              dev.facts["version"] == "19.4R3" and dev.facts["hostname"] == "ams",
              f"{dev.facts['version']} {dev.facts['hostname']}")
        inventory = cli_document("chassis", "hardware")
        engine = dev.facts["RE0"] or {}
        check("PyEZ: facts RE0, master and serialnumber (get-route-engine-information, get-chassis-inventory)",
              dev.facts["master"] == "RE0" and engine.get("mastership_state") == "master"
              and engine.get("model") == "RE-AMS" and engine.get("status") == "OK"
              and dev.facts["serialnumber"] == inventory.findtext(".//serial-number") and dev.facts["serialnumber"],
              f"{dev.facts['master']} {engine} {dev.facts['serialnumber']}")
        reply = dev.rpc.get_netconf_server_information()
        check("PyEZ: get_netconf_server_information names the host key the daemon printed at its start",
              reply.findtext("host-key-fingerprint") == args.fingerprint and reply.findtext("logins") not in (None, "0"),
              f"{reply.findtext('host-key-fingerprint')} vs {args.fingerprint}")
        table = dev.rpc.get_msp_session_table(protocol="tcp")
        ids = sorted(e.text for e in table.iter("session-id"))
        cli = cli_session_ids("services", "sessions", "protocol", "tcp")
        check("PyEZ: get_msp_session_table(protocol='tcp') lists the CLI's sessions", ids == cli and ids, f"{ids} vs {cli}")
        everything = sorted(e.text for e in dev.rpc.get_msp_session_table().iter("session-id"))
        check("PyEZ: the filter selects fewer sessions than none", len(ids) < len(everything), f"{len(ids)} {len(everything)}")
        ext = dev.rpc.get_msp_session_table(extensive=True, service_set="ss1", limit="2")
        check("PyEZ: extensive, service_set, limit", len(ext.findall(".//msp-session")) == 2
              and ext.find(".//sfw-flow-table-byte-count") is not None, ET.tostring(ext)[:200])
        count = dev.cli("show services sessions count", warning=False)
        check("PyEZ: dev.cli('show services sessions count')", "Valid" in count and "mams-0/0/0" in count, count)
        as_json = dev.rpc.get_service_msp_sess_count_information({"format": "json"})
        rows = as_json["service-msp-sess-count-information"][0]["service-msp-sess-count"]
        total = sum(int(r["sess-count"][0]["data"]) for r in rows)
        check("PyEZ: format=json is the Junos JSON", total == len(everything), f"{total} vs {len(everything)}")
        as_text = dev.rpc.get_msp_session_table({"format": "text"}, protocol="tcp")
        check("PyEZ: format=text is the CLI text in <output>",
              as_text.tag == "output" and "Service Set: ss1" in as_text.text and "->" in as_text.text, as_text.text[:200])
        try:
            dev.rpc.get_service_sessions_information()
            check("PyEZ: unknown RPC raises RpcError", False, "no error")
        except RpcError as error:
            check("PyEZ: unknown RPC raises RpcError, bad_element named",
                  "get-service-sessions-information" in str(error), str(error))


def pyez_key_read_only():
    with Device(host="127.0.0.1", port=args.port, user="bob", ssh_private_key_file=args.key) as dev:
        check("PyEZ: Device.open() with an Ed25519 key", dev.connected)
        version = dev.rpc.get_software_information()
        check("PyEZ (key): get_software_information", version.findtext("junos-version") == "19.4R3")
        try:
            dev.rpc.clear_service_msp_session_table_information()
            check("PyEZ: read-only may not clear", False, "no error")
        except JunosPermissionError as error:
            check("PyEZ: read-only clear raises PermissionError", True)


def wrong_password():
    try:
        Device(host="127.0.0.1", port=args.port, user="alice", passwd="wrong").open()
        check("PyEZ: a wrong password fails", False, "opened")
    except ConnectAuthError:
        check("PyEZ: a wrong password raises ConnectAuthError", True)


def chunked():
    with manager.connect(host="127.0.0.1", port=args.chunked_port, username="alice", password="secret1",
                         hostkey_verify=False, look_for_keys=False, allow_agent=False,
                         device_params={"name": "junos"}) as m:
        check("ncclient: rfc-compliant server offers base:1.1",
              "urn:ietf:params:netconf:base:1.1" in m.server_capabilities)
        from ncclient.transport.session import NetconfBase
        check("ncclient: chunked framing negotiated", m._session._base == NetconfBase.BASE_11, m._session._base)
        reply = m.rpc("<get-msp-session-table><protocol>tcp</protocol></get-msp-session-table>")
        ids = sorted(e.text for e in reply.xpath("//session-id"))
        check("ncclient (chunked): get-msp-session-table", ids == cli_session_ids("services", "sessions", "protocol", "tcp"), ids)
    with Device(host="127.0.0.1", port=args.chunked_port, user="alice", passwd="secret1") as dev:
        check("PyEZ (chunked): facts", dev.facts["version"] == "19.4R3")


run("ncclient with a password", ncclient_password)
run("PyEZ with a password", pyez_password)
run("PyEZ with a key", pyez_key_read_only)
run("wrong password", wrong_password)
run("chunked framing", chunked)
finish()
