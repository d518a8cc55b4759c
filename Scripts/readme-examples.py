#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
"""readme-examples.py [--check] — the README's examples, regenerated from the ams binary.

Every `$ COMMAND` line in a fenced block of README.md that runs ams (`ams …` or `swift run ams …`, also after a
pipe) is run by bash from the repository root, `ams` being the binary $AMS (default .build/debug/ams), with
its standard error merged into its standard output; the lines after it, up to the next `$ ` line or the end
of the block, are replaced by what it prints. Where those lines hold a line `…`, the example is an excerpt:
as many lines as stand before and after the `…` are kept from the start and the end of the output.
Without --check, README.md is rewritten; with --check nothing is written, and the difference is printed and
the exit status is 1 if README.md is not what the binary prints — but for the figures the machine decides
(the CPU a member used, and the shares of this machine's memory and the health they decide), which --check
masks on both sides (MEASURED).
"""
import difflib
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
README = os.path.join(ROOT, "README.md")
RUNS_AMS = re.compile(r"(^|\|\s*)(swift run )?ams\s")
ELLIPSIS = "…"
# Figures measured on the machine that runs the example: the CPU column of `service-sets summary` and the
# %Memory, %CPU and health columns of `sessions utilization`.
MEASURED = [
    (re.compile(r"\s+\d+\.\d\d %$"), " CPU %"),
    (re.compile(r"^(\s*[a-z]+-\d+/\d+/\d+\s+\d+)\s+\d+\.\d\d(.*\S)\s+\d+\.\d\d\s+(Green|Yellow|Red)$"),
     r"\1 MEMORY\2 CPU HEALTH"),
]


def masked(line):
    """`line` with the figures the machine decides replaced by their names."""
    for pattern, name in MEASURED:
        line = pattern.sub(name, line)
    return line


def run(command, bin_dir):
    """What `command` prints (standard output and error), as lines."""
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"])
    result = subprocess.run(
        ["bash", "-c", command.replace("swift run ams", "ams")], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    return result.stdout.decode("utf-8").splitlines()


def excerpt(shown, output):
    """`output` cut as `shown` is: around its `…` line, if it has one."""
    if ELLIPSIS not in shown:
        return output
    head = shown.index(ELLIPSIS)
    tail = len(shown) - head - 1
    if len(output) <= head + tail:
        return output
    return output[:head] + [ELLIPSIS] + (output[len(output) - tail:] if tail else [])


def regenerate(lines, bin_dir):
    """README.md's lines with every example's output replaced by the binary's."""
    result = []
    index = 0
    while index < len(lines):
        line = lines[index]
        result.append(line)
        index += 1
        if not line.lstrip().startswith("```"):
            continue
        indent = line[: len(line) - len(line.lstrip())]
        # Inside the block, up to its closing fence.
        while index < len(lines) and not lines[index].lstrip().startswith("```"):
            text = lines[index][len(indent):] if lines[index].startswith(indent) else lines[index].lstrip()
            result.append(lines[index])
            index += 1
            if not (text.startswith("$ ") and RUNS_AMS.search(text[2:])):
                continue
            shown = []
            while index < len(lines) and not lines[index].lstrip().startswith(("```", "$ ")):
                shown.append(lines[index][len(indent):] if lines[index].startswith(indent) else lines[index].strip())
                index += 1
            result += [indent + out if out else "" for out in excerpt(shown, run(text[2:], bin_dir))]
    return result


def main():
    check = sys.argv[1:] == ["--check"]
    ams = os.path.abspath(os.environ.get("AMS", os.path.join(ROOT, ".build/debug/ams")))
    with open(README, encoding="utf-8") as file:
        lines = file.read().split("\n")
    with tempfile.TemporaryDirectory() as bin_dir:
        os.symlink(ams, os.path.join(bin_dir, "ams"))
        regenerated = regenerate(lines, bin_dir)
    if not check:
        with open(README, "w", encoding="utf-8") as file:
            file.write("\n".join(regenerated))
        return 0
    if [masked(line) for line in regenerated] == [masked(line) for line in lines]:
        return 0
    sys.stdout.writelines(difflib.unified_diff(
        [line + "\n" for line in lines], [line + "\n" for line in regenerated], "README.md", "ams's output"))
    return 1


sys.exit(main())
