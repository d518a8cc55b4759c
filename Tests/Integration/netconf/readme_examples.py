# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
"""The README's NETCONF examples stay true: every file of Samples/netconf/ is shown verbatim in a fenced block
of the README's *NETCONF over SSH* section, and each block that starts `$ python3 Samples/netconf/NAME` holds
what that script prints (standard output and error) against an `ams run` daemon configured as the README
says — run here with the daemon's port as its argument, in the README's order; where the text before a block
says `ams clear --socket /tmp/nc.sock services sessions`, that is done first, on the daemon's socket.
Prints one PASS/FAIL line per check and a closing count; with --write, puts what the scripts print into
README.md instead.

    readme_examples.py --port P --ams AMS --socket S [--write]
"""
import argparse
import difflib
import os
import subprocess
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # checks.py
import checks
from checks import check, finish, run

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--ams", required=True)
parser.add_argument("--socket", required=True)
parser.add_argument("--write", action="store_true")
args = parser.parse_args()
checks.prefix = "README: "
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
readme_path = os.path.join(root, "README.md")
samples = os.path.join(root, "Samples", "netconf")
RUN = "$ python3 Samples/netconf/"
CLEAR = "ams clear --socket /tmp/nc.sock services sessions"


with open(readme_path) as readme:
    lines = readme.read().split("\n")
section = lines.index("### NETCONF over SSH")
section_end = next(i for i in range(section + 1, len(lines)) if lines[i].startswith("## "))
# The section's fenced blocks: (first content line, end line (the closing fence), the text before it).
blocks = []
prose = []
i = section + 1
while i < section_end:
    if lines[i].startswith("```"):
        end = lines.index("```", i + 1)
        blocks.append((i + 1, end, "\n".join(prose)))
        prose = []
        i = end + 1
    else:
        prose.append(lines[i])
        i += 1

shown = ["\n".join(lines[first:end]) for first, end, _ in blocks]
for name in sorted(os.listdir(samples)):
    with open(os.path.join(samples, name)) as sample:
        text = sample.read().rstrip("\n")
    check(f"shows Samples/netconf/{name} verbatim", text in shown, "(no fenced block of the section is the file)")

examples = [(first, end, text) for first, end, text in blocks if lines[first].startswith(RUN)]
check("has the examples that run the scripts", len(examples) >= 3, [lines[first] for first, _, _ in examples])
replacements = []
for first, end, text in examples:
    if CLEAR in text:
        subprocess.run([args.ams, "clear", "--socket", args.socket, "services", "sessions"],
                       capture_output=True, check=True)
    command = lines[first][2:]
    script = command.split()[1]
    run = subprocess.run([sys.executable, script, str(args.port)], cwd=root, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, timeout=60)
    printed = run.stdout.rstrip("\n").split("\n")
    replacements.append((first + 1, end, printed))
    expected = lines[first + 1:end]
    after = " after the clear" if CLEAR in text else ""
    check(f"`{command}`{after} prints what the README shows", printed == expected,
          "\n" + "\n".join(difflib.unified_diff(expected, printed, "README", "printed", lineterm="")))

if args.write:
    for start, end, printed in reversed(replacements):
        lines[start:end] = printed
    with open(readme_path, "w") as readme:
        readme.write("\n".join(lines))
    print(f"README.md: {len(replacements)} examples written")
finish()
