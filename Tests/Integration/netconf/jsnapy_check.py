# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
"""JSNAPy's snapcheck against an `ams run` daemon, through its Python API (`SnapAdmin().snapcheck`), with the
README's tests (Samples/netconf/jsnapy_sessions.yml): asserts JSNAPy's own result objects — `result`,
`no_passed`, `no_failed`, and each test's passed nodes against what the CLI lists (--expect pass), or every
test failed (--expect fail, after `clear services sessions`). JSNAPy's configuration, snapshots and log are
kept in --scratch. Prints one PASS/FAIL line per check and a closing count.

    jsnapy_check.py --port P --ams AMS --socket S --scratch DIR --expect pass|fail
"""
import argparse
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # checks.py
import checks
from checks import check, finish, run

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--ams", required=True)
parser.add_argument("--socket", required=True)
parser.add_argument("--scratch", required=True)
parser.add_argument("--expect", choices=["pass", "fail"], required=True)
args = parser.parse_args()
checks.prefix = f"JSNAPy ({args.expect}): "
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
tests = os.path.join(root, "Samples", "netconf", "jsnapy_sessions.yml")


def cli_xml(*words):
    """What `ams show … | display xml` answers, parsed, namespaces dropped."""
    text = subprocess.run([args.ams, "show", "--socket", args.socket, *words, "|", "display", "xml"],
                          capture_output=True, text=True, check=True).stdout
    document = ET.fromstring(text)
    for element in document.iter():
        element.tag = element.tag.rpartition("}")[2]
    return document


# JSNAPy finds jsnapy.cfg and logging.yml in $JSNAPY_HOME, and creates ~/.jsnapy: both in the scratch directory.
home = os.path.join(args.scratch, f"jsnapy-{args.expect}")
os.makedirs(home, exist_ok=True)
with open(os.path.join(home, "jsnapy.cfg"), "w") as cfg:
    cfg.write(f"[DEFAULT]\nconfig_file_path = {home}\nsnapshot_path = {home}\ntest_file_path = {home}\n")
with open(os.path.join(home, "logging.yml"), "w") as log:
    log.write(f"""version: 1
formatters: {{plain: {{format: "%(message)s"}}}}
handlers: {{file: {{class: logging.FileHandler, filename: {home}/jsnapy.log, formatter: plain}}}}
root: {{level: INFO, handlers: [file]}}
""")
os.environ["JSNAPY_HOME"] = home
os.environ["HOME"] = home

try:
    from jnpr.jsnapy import SnapAdmin
except ImportError as error:
    check("jsnapy is installed (Scripts/install-test-peers.sh)", False, str(error))
    finish()

config = f"""
hosts:
  - device: 127.0.0.1
    port: {args.port}
    username: alice
    passwd: secret1
tests:
  - {tests}
"""
try:
    checks = SnapAdmin().snapcheck(config)
except Exception as error:  # JSNAPy raised: a failure, named
    checks = []
    check("snapcheck ran", False, f"raised {type(error).__name__}: {error}")
check("snapcheck returns one result, for the device", len(checks) == 1 and checks[0].device == "127.0.0.1",
      [getattr(c, "device", c) for c in checks])
if checks:
    outcome = checks[0]
    # test_details: {command or RPC: [one dict per test, its passed and failed nodes]}
    nodes = {command: (sum(len(t["passed"]) for t in details), sum(len(t["failed"]) for t in details))
             for command, details in outcome.test_details.items()}
    summary = f"{outcome.result}, {outcome.no_passed} passed, {outcome.no_failed} failed, nodes {nodes}"
    if args.expect == "pass":
        check("result Passed, 3 tests passed, none failed",
              outcome.result == "Passed" and outcome.no_passed == 3 and outcome.no_failed == 0, summary)
        rows = cli_xml("services", "sessions", "count").findall(".//service-msp-sess-count")
        check("count: a passed node per member, as the CLI counts",
              nodes.get("get-service-msp-sess-count-information") == (len(rows), 0) and rows
              and all(int(r.findtext("sess-count")) > 0 for r in rows), f"{nodes} vs {len(rows)} rows")
        sessions = cli_xml("services", "sessions").findall(".//msp-session")
        check("session table: a passed node per session the CLI lists",
              nodes.get("get-msp-session-table") == (len(sessions), 0) and sessions,
              f"{nodes} vs {len(sessions)} sessions")
        dns = cli_xml("services", "sessions", "destination-port", "53").findall(".//msp-session")
        check("command with a filter: a passed node per DNS session the CLI lists",
              nodes.get("show services sessions destination-port 53") == (len(dns), 0) and dns,
              f"{nodes} vs {len(dns)} sessions")
    else:
        check("result Failed, all 3 tests failed",
              outcome.result == "Failed" and outcome.no_passed == 0 and outcome.no_failed == 3, summary)
        check("no session counted or listed", not cli_xml("services", "sessions").findall(".//msp-session"),
              "the CLI still lists sessions")
snapshots = [f for f in os.listdir(home) if f.endswith(".xml")]
check("snapshots are kept in the scratch directory", snapshots, os.listdir(home))
finish()
