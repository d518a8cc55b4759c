# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
"""JSNAPy's snapcheck of `show services sessions` against `ams run` (README, NETCONF over SSH):
the tests of jsnapy_sessions.yml, beside this file, on 127.0.0.1 port 8830 (or the port given).

    python3 Samples/netconf/jsnapy_sessions.py [PORT]
"""
import os
import sys
import tempfile

# JSNAPy reads jsnapy.cfg and logging.yml from $JSNAPY_HOME, and keeps its snapshots where jsnapy.cfg says:
# here, a directory of its own that is removed at the end.
home = tempfile.TemporaryDirectory()
with open(os.path.join(home.name, "jsnapy.cfg"), "w") as cfg:
    cfg.write(f"[DEFAULT]\nconfig_file_path = {home.name}\nsnapshot_path = {home.name}\ntest_file_path = {home.name}\n")
with open(os.path.join(home.name, "logging.yml"), "w") as log:
    log.write("version: 1\nroot: {level: WARNING}\n")  # its errors only: the results are printed below
os.environ["JSNAPY_HOME"] = home.name

from jnpr.jsnapy import SnapAdmin

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8830
tests = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jsnapy_sessions.yml")
config = f"""
hosts:
  - device: 127.0.0.1
    port: {port}
    username: alice
    passwd: secret1
tests:
  - {tests}
"""
checks = SnapAdmin().snapcheck(config)  # one result per device: result, no_passed, no_failed, test_details
for check in checks:
    print(f"{check.device}: {check.result}, {check.no_passed} passed, {check.no_failed} failed")
    for command, results in check.test_details.items():
        for test in results:
            print(f"  {command}: {test['testoperation']} {test['node_name']}: "
                  f"{len(test['passed'])} passed, {len(test['failed'])} failed")
home.cleanup()
sys.exit(0 if checks and all(check.result == "Passed" for check in checks) else 1)
