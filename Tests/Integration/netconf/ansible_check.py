# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
"""Ansible's junipernetworks.junos over NETCONF (ansible.netcommon.netconf) against an `ams run` daemon: runs
netconf/ansible/sessions.yml with ansible-playbook from the same virtualenv, for a password user (alice) and
a key user (bob, ansible_private_key_file), with Ansible's home, temporary files, persistent connections and
log in --scratch and the json callback; then compares what each task returned with what the CLI answers
(`ams show --socket …`). Prints one PASS/FAIL line per check, the RPCs Ansible sent (from ncclient's log, as
`# ` lines) and a closing count.

    ansible_check.py --port P --key KEY --ams AMS --socket S --scratch DIR
"""
import argparse
import json
import os
import re
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # checks.py
import checks
from checks import check, finish, run

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--key", required=True)
parser.add_argument("--ams", required=True)
parser.add_argument("--socket", required=True)
parser.add_argument("--scratch", required=True)
args = parser.parse_args()
checks.prefix = "Ansible: "
playbook = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ansible", "sessions.yml")


def cli(*words):
    return subprocess.run([args.ams, "show", "--socket", args.socket, *words],
                          capture_output=True, text=True, check=True).stdout


def without_namespaces(text):
    document = ET.fromstring(text)
    for element in document.iter():
        element.tag = element.tag.rpartition("}")[2]
    return document


def session_ids(document):
    return sorted(e.text for e in document.iter("session-id"))


home = os.path.join(args.scratch, "ansible")
os.makedirs(home, exist_ok=True)
with open(os.path.join(home, "inventory.yml"), "w") as inventory:
    inventory.write(f"""all:
  vars:
    ansible_host: 127.0.0.1
    ansible_port: {args.port}
  hosts:
    alice:
      ansible_user: alice
      ansible_password: secret1
    bob:
      ansible_user: bob
      ansible_private_key_file: {args.key}
""")
log = os.path.join(home, "ansible.log")
environment = dict(
    os.environ,
    HOME=home,
    ANSIBLE_HOME=os.path.join(home, "home"),
    ANSIBLE_LOCAL_TEMP=os.path.join(home, "tmp"),
    ANSIBLE_PERSISTENT_CONTROL_PATH_DIR=os.path.join(home, "pc"),
    ANSIBLE_COLLECTIONS_PATH=sysconfig.get_paths()["purelib"],  # the collections the ansible package bundles
    ANSIBLE_HOST_KEY_CHECKING="False",  # the daemon's host key is new at every run
    ANSIBLE_STDOUT_CALLBACK="ansible.posix.json",
    ANSIBLE_LOG_PATH=log,  # ncclient's log: every RPC sent
    ANSIBLE_NOCOLOR="1",
    ANSIBLE_RETRY_FILES_ENABLED="False",
    PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
)
run = subprocess.run(["ansible-playbook", "-i", os.path.join(home, "inventory.yml"), playbook], cwd=home,
                     env=environment, capture_output=True, text=True, timeout=120)
try:
    report = json.loads(run.stdout)
    tasks = {t["task"]["name"]: t["hosts"] for play in report["plays"] for t in play["tasks"]}
except (ValueError, KeyError) as error:
    check("ansible-playbook's json report", False, f"{error}: {run.stdout[-1000:]} {run.stderr[-1000:]}")
    finish()
check("ansible-playbook ran every task on both hosts (exit 0: failures are ignored and checked below)",
      run.returncode == 0 and all(set(hosts) == {"alice", "bob"} for hosts in tasks.values()) and len(tasks) == 5,
      f"exit {run.returncode}; {run.stderr[-1000:]}")

count_text = cli("services", "sessions", "count").strip()
count_rows = [(r.findtext("interface-name"), r.findtext("service-set-name"), r.findtext("sess-count"))
              for r in without_namespaces(cli("services", "sessions", "count", "|", "display", "xml"))
              .iter("service-msp-sess-count")]
tcp_ids = session_ids(without_namespaces(cli("services", "sessions", "protocol", "tcp", "|", "display", "xml")))
all_ids = session_ids(without_namespaces(cli("services", "sessions", "|", "display", "xml")))
version = without_namespaces(cli("version", "|", "display", "xml")).find(".//software-information")
serial = without_namespaces(cli("chassis", "hardware", "|", "display", "xml")).findtext(".//chassis/serial-number")


def host_check(host, login):
    def task(name, what, compare):
        """Checks `compare(reply)` (a condition and a detail) on the task's reply to `host`; a failed task or
        a reply not shaped as expected is a failure, named."""
        reply = tasks.get(name, {}).get(host, {"failed": True, "msg": f"no result for {name}"})
        if reply.get("failed"):
            check(f"{login}: {what}", False, reply.get("msg"))
            return
        try:
            condition, detail = compare(reply)
        except (KeyError, IndexError, TypeError, ValueError, ET.ParseError) as error:
            condition, detail = False, f"{type(error).__name__}: {error}: {str(reply.get('stdout'))[:500]}"
        check(f"{login}: {what}", condition, detail)

    def text(reply):
        return reply["stdout"] == [count_text] and any(int(c) for _, _, c in count_rows), \
            f"{reply['stdout']!r} vs {count_text!r}"

    def rows(reply):
        got = [(r["interface-name"][0]["data"], r["service-set-name"][0]["data"], r["sess-count"][0]["data"])
               for r in reply["stdout"][0]["service-msp-sess-count-information"][0]["service-msp-sess-count"]]
        return got == count_rows and any(int(c) for _, _, c in got), f"{got} vs {count_rows}"

    def tcp(reply):
        ids = sorted(s["session-id"][0]["data"]
                     for t in reply["stdout"][0]["msp-session-table"][0]["msp-per-service-set-session-table"]
                     for s in t.get("msp-session", []))
        return ids == tcp_ids and ids, f"{ids} vs {tcp_ids}"

    def table(reply):
        ids = session_ids(without_namespaces(reply["stdout"][0]))
        return ids == all_ids and len(ids) > len(tcp_ids), f"{ids} vs {all_ids}"

    task("count as text", "junos_command `show services sessions count` is the CLI's text", text)
    task("count as json", "junos_command count, display json, counts as the CLI", rows)
    task("table rpc as json",
         "junos_command rpcs `get-msp-session-table protocol=tcp` (json) lists the CLI's sessions", tcp)
    task("table command as xml", "junos_command `show services sessions`, display xml, lists the CLI's sessions",
         table)
    # junos_facts' default subset: get-software-information, then get-chassis-inventory for the serial number.
    reply = tasks.get("facts min", {}).get(host, {"failed": True, "msg": "no result for facts min"})
    facts = reply.get("ansible_facts", {})
    got = (facts.get("ansible_net_version"), facts.get("ansible_net_model"), facts.get("ansible_net_hostname"),
           facts.get("ansible_net_serialnum"))
    want = (version.findtext("junos-version"), version.findtext("product-model"), version.findtext("host-name"), serial)
    check(f"{login}: junos_facts min: version, model, hostname and serial number are the CLI's",
          not reply.get("failed") and got == want and all(want), f"{got} vs {want}: {reply.get('msg', '')[:300]}")


host_check("alice", "password user")
host_check("bob", "key user")

# The RPCs Ansible sent, session by session, from ncclient's log.
sent = {}
with open(log, errors="replace") as lines:
    session = None
    for line in lines:
        marker = re.search(r"\[host [^ ]+ session-id (\d+)\] Sending:", line)
        if marker:
            session = marker.group(1)
            continue
        rpc = re.search(r"<nc:rpc [^>]*>(.*)</nc:rpc>", line)
        if session and rpc:
            sent.setdefault(session, []).append(rpc.group(1))
        session = None
for session, requests in sorted(sent.items()):
    print(f"# session {session}:")
    for request in requests:
        print(f"#   {request}")
check("two NETCONF sessions, each opened with get-software-information (the netconf plugin's device info)",
      len(sent) == 2 and all(r[0] == "<nc:get-software-information/>" for r in sent.values()), sent)
finish()
