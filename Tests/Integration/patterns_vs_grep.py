#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Re-checks the POSIX table of Tests/OperationalCommandsTests/LinePatternTests.swift (`posixCases`: pattern,
# text, expected) against `grep -E -i` in a UTF-8 locale, the oracle the table was written from. Prints each
# disagreement and exits 1 if there is one; 0 when grep agrees on every row.
#   Tests/Integration/patterns_vs_grep.py
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parents[2]
source = (root / "Tests/OperationalCommandsTests/LinePatternTests.swift").read_text()
table = source[source.index("static let posixCases"):]
table = table[: table.index("\n    ]\n")]
rows = re.findall(r'^\s*\(#"(.*?)"#, #"(.*?)"#, (true|false)\),$', table, re.MULTILINE)
if len(rows) < 50:
    sys.exit(f"patterns_vs_grep.py: only {len(rows)} rows found in posixCases; has the table's form changed?")

disagreements = 0
for pattern, text, expected in rows:
    result = subprocess.run(
        ["grep", "-E", "-i", "-q", "-e", pattern],
        input=(text + "\n").encode(),
        env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"},
        capture_output=True,
    )
    if result.returncode > 1:
        print(f"grep refuses {pattern!r}: {result.stderr.decode().strip()}")
        disagreements += 1
    elif (result.returncode == 0) != (expected == "true"):
        print(f"{pattern!r} on {text!r}: the table says {expected}, grep -E -i says {result.returncode == 0}")
        disagreements += 1
print(f"{len(rows) - disagreements} of {len(rows)} rows agree with grep -E -i")
sys.exit(1 if disagreements else 0)
