# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
"""The PASS/FAIL lines of the NETCONF suite's Python checks, which netconf.sh counts: one place for them."""
import sys

results = {"passed": 0, "failed": 0}
# Put before every check's name (e.g. "Ansible: ").
prefix = ""


def check(name, condition, detail=""):
    """A PASS line if `condition` holds, else a FAIL line with `detail`."""
    if condition:
        results["passed"] += 1
        print(f"PASS {prefix}{name}", flush=True)
    else:
        results["failed"] += 1
        print(f"FAIL {prefix}{name} {str(detail)[:2000]}", flush=True)


def run(name, body):
    """Runs `body`; a check that raised is a failure, named."""
    try:
        body()
    except Exception as error:
        check(name, False, f"raised {type(error).__name__}: {error}")


def finish():
    """The summary line netconf.sh reads, and the exit status: 1 if any check failed."""
    print(f"{results['passed']} passed, {results['failed']} failed", flush=True)
    sys.exit(1 if results["failed"] else 0)
