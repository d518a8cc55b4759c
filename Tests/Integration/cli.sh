#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# `ams` on the command line, as a user's shell runs it: exit statuses and the messages on standard error
# (write errors, values out of range, captures of a link type ams does not decode). No root needed.
# Prints one PASS/FAIL line per check and `N passed, M failed` last; exits non-zero on any failure.
#   AMS=path/to/ams Tests/Integration/cli.sh
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ams="${AMS:-$root/.build/debug/ams}"
sample="$root/Samples/sample.pcap"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
passed=0
failed=0

# expect NAME STATUS PATTERN COMMAND…: COMMAND exits with STATUS and its standard error matches PATTERN
# (an extended regular expression; empty: standard error is empty).
expect() {
    local name=$1 want=$2 pattern=$3; shift 3
    local status=0
    "$@" >"$scratch/out" 2>"$scratch/err" || status=$?
    local matches=1
    if [[ -z $pattern ]]; then
        [[ -s $scratch/err ]] && matches=0
    else
        grep -Eq -- "$pattern" "$scratch/err" || matches=0
    fi
    if [[ $status != "$want" ]]; then
        echo "FAIL $name: exit status $status, expected $want"; sed 's/^/    /' "$scratch/err"
        failed=$((failed + 1))
    elif ((!matches)); then
        echo "FAIL $name: standard error does not match '$pattern':"; sed 's/^/    /' "$scratch/err"
        failed=$((failed + 1))
    else
        echo "PASS $name"
        passed=$((passed + 1))
    fi
}

to_full() { "$@" >/dev/full; }

expect "replay to a full disk fails with the reason" 1 "cannot write the output: No space left on device" \
    to_full "$ams" replay "$sample"
expect "the shell to a full disk fails with the reason" 1 "cannot write the output" \
    to_full bash -c "printf 'request replay advance to-end\nshow services sessions\n' | '$ams' cli --replay '$sample'"
expect "--at inf is refused with the reason" 64 "--at must be a finite number of seconds" \
    "$ams" replay "$sample" --at inf
expect "--at past the end of packet time is saturated, and said" 0 "past the end of packet time" \
    "$ams" replay "$sample" --at 18446744074 show services sessions count

# A PPP capture (link type 9): the replay succeeds, and says why it shows nothing.
python3 - "$scratch/ppp.pcap" <<'PY'
import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 9))
    for i in range(3):
        frame = bytes([0xFF, 0x03, 0x00, 0x21]) + bytes(20)
        f.write(struct.pack("<IIII", 1_700_000_000 + i, 0, len(frame), len(frame)) + frame)
PY
expect "a link type ams does not decode is named, the replay succeeds" 0 \
    "3 of 3 frames skipped: link type 9 is not one ams decodes" "$ams" replay "$scratch/ppp.pcap"
expect "a decodable capture says nothing on standard error" 0 "" "$ams" replay "$sample"

# `-` reads the capture from standard input, with the same result as the file.
from_stdin() { "$ams" replay - show services sessions <"$sample" >"$scratch/stdin.txt" && "$ams" replay "$sample" show services sessions | cmp -s - "$scratch/stdin.txt"; }
expect "- reads the capture from standard input" 0 "" from_stdin
expect "--members with --config is an error" 64 "--members and --config cannot be used together" \
    "$ams" replay "$sample" --members 3 --config "$root/Samples/config/stateful-firewall.conf"
expect "--sequential with --independent-members is an error" 64 "cannot be used together" \
    "$ams" replay "$sample" --sequential --independent-members
# --stats on a small table: totals, no per-session quotient of the fixed costs.
small_stats() { "$ams" replay "$sample" --stats show services sessions count 2>&1 >/dev/null | grep -c "per session"; }
expect "--stats prints no per-session figures for 11 sessions" 1 "" small_stats

# One error style: `ams: …` on standard error, non-zero status, saying what is wrong with the value.
expect "show configuration without --config says what is missing" 2 "^ams: show configuration needs --config FILE$" \
    "$ams" replay "$sample" show configuration
expect "limit -1 says what is wrong with the value" 2 "invalid value: -1 \\(limit: 1..4294967295\\)" \
    "$ams" replay "$sample" show services sessions limit -1
expect "--at -1 says what is wrong with the value" 64 "^ams: --at must be a finite number of seconds, 0 or more" \
    "$ams" replay "$sample" --at -1
expect "a missing capture is named with the system's reason" 2 "^ams: .*nonexistent.pcap: cannot open: No such file" \
    "$ams" replay "$scratch/nonexistent.pcap"

# A configuration nested 20,000 levels deep: reported, not a crash.
python3 -c "n = 20000; open('$scratch/deep.conf', 'w').write('a {' * n + '}' * n + '\\n')"
expect "a configuration nested 20,000 deep is an error, not a crash" 1 "nested more than 64 levels deep" \
    "$ams" config check "$scratch/deep.conf"

# A thousand errors: the first 100 are shown, then how many more.
python3 -c "open('$scratch/many.conf', 'w').write(''.join('bogus%d;\\n' % i for i in range(1000)))"
many_errors() {
    local out
    out=$("$ams" config check "$scratch/many.conf" 2>&1)
    grep -c ': error: ' <<<"$out" >&2
    grep -q '… and 900 more' <<<"$out"
}
expect "a thousand diagnostics: 100 shown, then the rest counted" 0 "^100$" many_errors

# The README's example of a broken configuration, exactly.
config_check_as_documented() {
    { (cd "$root" && "$ams" config check Samples/config/bad.conf) 2>&1 || true; } | diff - <(sed -n '/^\$ ams config check Samples\/config\/bad.conf$/,/^```$/p' "$root/README.md" | sed '1d;$d')
}
expect "config check prints the README's example for Samples/config/bad.conf" 0 "" config_check_as_documented

# The progress line (README: `ams replay`): on a terminal only, after a second, erased before the output.
# Standard input held open for 2 s makes the replay last that long whatever the build's speed.
slow_stdin() { { cat "$sample"; sleep 2; } | "$ams" replay - "$@" show services sessions count; }
no_progress_off_a_terminal() {
    slow_stdin >/dev/null 2>"$scratch/progress.err" || return 1
    ! grep -q 'read' "$scratch/progress.err"
}
expect "standard error not a terminal: no progress line" 0 "" no_progress_off_a_terminal
if command -v script >/dev/null; then
    # script(1) from util-linux runs the command on a pseudo-terminal: standard error is a terminal there.
    export -f slow_stdin
    export ams sample
    on_a_terminal() {
        timeout 30 script -qfec "bash -c 'slow_stdin $*'" /dev/null >"$scratch/pty.out" </dev/null || return 1
        cat -v "$scratch/pty.out" >&2
    }
    expect "on a terminal a long replay shows its progress, erased before the output" 0 \
        '^\^M  [0-9.]+ k?B read, [0-9.]+ k?B/s\^\[\[K.*\^M\^\[\[KInterface ' on_a_terminal
    expect "--quiet: no progress line on a terminal" 0 '^Interface ' on_a_terminal --quiet
else
    echo "SKIP progress on a terminal: script(1) (util-linux) is not installed"
fi

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
