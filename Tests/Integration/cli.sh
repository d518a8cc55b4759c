#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# `ams` on the command line, as a user's shell runs it: exit statuses and the messages on standard error
# (write errors, values out of range, captures of a link type ams does not decode, piped `ams cli`:
# failed commands, overlong lines, SIGINT). No root needed.
# Prints one PASS/FAIL line per check and `N passed, M failed` last; exits non-zero on any failure.
#   AMS=path/to/ams Tests/Integration/cli.sh
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ams="${AMS:-$root/.build/debug/ams}"
sample="$root/Samples/sample.pcap"
# The suite's scratch directory, counts, checks and daemons (stopped at exit): expect.sh.
source "$(dirname "${BASH_SOURCE[0]}")/expect.sh"

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

# Piped `ams cli`: every command runs; the status is 1 if any failed, with nothing more said.
piped() {  # piped INPUT-FILE: ams cli --replay sample < INPUT-FILE, its output in $scratch/piped.txt
    "$ams" cli --replay "$sample" <"$1" >"$scratch/piped.txt"
}
printf 'show version\nshow services sessions count\n' >"$scratch/good.txt"
expect "piped commands that all run exit 0" 0 "" piped "$scratch/good.txt"
printf 'show version\nbogus\nshow version\n' >"$scratch/syntax.txt"
all_run() { piped "$1"; local status=$?; [[ $(grep -c '^Hostname: ams$' "$scratch/piped.txt") == 2 ]] || status=99; return $status; }
expect "a piped syntax error: every command runs, exit 1, nothing on standard error" 1 "" all_run "$scratch/syntax.txt"
printf 'show version\nshow configuration\nshow version\n' >"$scratch/failure.txt"
expect "a piped command that fails: exit 1" 1 "" all_run "$scratch/failure.txt"
# A line longer than 1 MiB is refused, not held; the next line runs. 50 MB without a line feed, too.
python3 -c "import sys; sys.stdout.write('show version\n' + 'a' * (2 << 20) + '\nshow version')" >"$scratch/long.txt"
overlong() { all_run "$1"; local status=$?; grep -q '^error: command line longer than 1048576 bytes; not run$' "$scratch/piped.txt" || status=98; return $status; }
expect "a piped line over 1 MiB is refused and the next runs" 1 "" overlong "$scratch/long.txt"
python3 -c "import sys; sys.stdout.write('a' * 50_000_000)" >"$scratch/long50.txt"
refused() { piped "$1"; local status=$?; [[ $(cat "$scratch/piped.txt") == "error: command line longer than 1048576 bytes; not run" ]] || status=97; return $status; }
expect "a piped 50 MB line is refused" 1 "" refused "$scratch/long50.txt"
# Piped, Ctrl-C (SIGINT) ends ams cli as it ends any program (status 130): only a terminal's shell goes on.
interrupted() { timeout --preserve-status -s INT 1 "$ams" cli --replay "$sample" < <(sleep 5) >/dev/null; }
expect "piped, SIGINT ends ams cli" 130 "" interrupted

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

# Every example of the README is what this binary prints (Scripts/readme-examples.py regenerates them).
readme_examples() { AMS="$ams" "$root/Scripts/readme-examples.py" --check >&2; }
expect "the README's examples are what ams prints" 0 "" readme_examples

# The bundle reports (issue 13, points 3–5): their documents (their README examples are checked above).
detail_xml() {
    "$ams" replay "$sample" "show interfaces load-balancing detail | display xml" |
        python3 -c 'import sys, xml.etree.ElementTree as T
root = T.fromstring(sys.stdin.read())
members = root.findall("interface-load-balancing-detail/interface-load-balancing-member-detail/member-interface")
assert [m.findtext("member-name") for m in members] == ["mams-0/0/0", "mams-0/1/0"], members
assert all(m.findtext("member-state") == "Active" for m in members)'
}
expect "load-balancing detail | display xml has the health check's member-interface path" 0 "" detail_xml
utilization_json() {
    "$ams" replay "$sample" "sh serv sess util int mams-0/1/0 | display json" |
        python3 -c 'import sys, json
entries = json.load(sys.stdin)["service-session-utilization-information"][0]["service-session-utilization-entry"]
assert [(e["interface-name"][0]["data"], e["session-count"][0]["data"]) for e in entries] == [("mams-0/1/0", "2")], entries'
}
expect "utilization, abbreviated, | display json: one member's entry" 0 "" utilization_json
expect "load-balancing of a bundle that is not there says so" 2 "^ams: interface ams9 is not an AMS bundle here \(ams0 is\)$" \
    "$ams" replay "$sample" show interfaces load-balancing detail ams9

# Pipes (issue 12, points 3, 6 and 15). Patterns that backtracking engines take for ever on, ignoring case, and
# the pipes that find, trim and save.
replay_sessions() { "$ams" replay "$sample" "show services sessions $1"; }
catastrophic_patterns() {
    # `x` ignoring case: the eleven session headers (`Flags: 0x0000`); no line has a `z`.
    [[ $(timeout 20 "$ams" replay "$sample" 'show services sessions | match "(.*)*X" | except "(.+)+Z" | count') == \
        'Count: 11 lines' ]]
}
expect "| match '(.*)*X' and | except '(.+)+Z' finish on the sample's sessions" 0 "" catastrophic_patterns
match_ignores_case() { replay_sessions '| match icmp' | grep '^ICMP ' >/dev/null; }
expect "| match icmp shows the ICMP flow lines" 0 "" match_ignores_case
find_from_the_first_match() {
    replay_sessions '| find 33554434' | sed -n 1p | grep '^Service Set: default, Session: 33554434,' >/dev/null &&
        [[ $(replay_sessions '| find no-such-thing') == 'Pattern not found' ]]
}
expect "| find starts at the first matching line, or says Pattern not found" 0 "" find_from_the_first_match
trim_like_cut() { diff <(replay_sessions '| trim 5') <(replay_sessions '' | cut -c6-); }
expect "| trim 5 drops five columns, as cut -c6- does" 0 "" trim_like_cut
save_relative_to_the_current_directory() (
    mkdir -p "$scratch/save" && cd "$scratch/save" &&
        [[ $(replay_sessions '| save saved.txt') == "Wrote $(replay_sessions '' | wc -l) lines of output to 'saved.txt'" ]] &&
        replay_sessions '' | cmp -s - saved.txt
)
expect "| save FILE writes the output to FILE in the current directory and says how many lines" 0 "" \
    save_relative_to_the_current_directory
expect "| save into a missing directory is an error, not a crash" 2 "^ams: could not create '$scratch/no/x': No such file or directory$" \
    "$ams" replay "$sample" "show services sessions | save $scratch/no/x"
expect "a pattern with a count above 255 is refused with the reason" 2 "repetition count above 255" \
    "$ams" replay "$sample" 'show services sessions | match "a{256}"'
shell_pipes() {
    printf '%s\n' 'request replay advance to-end' 'show services sessions | match "(.+)+X" | count' \
        'show services sessions | match icmp | count' | timeout 20 "$ams" cli --replay "$sample" >"$scratch/shell.txt" &&
        grep -x 'Count: 11 lines' "$scratch/shell.txt" >/dev/null && grep -x 'Count: 6 lines' "$scratch/shell.txt" >/dev/null
}
expect "the shell runs the same pipes" 0 "" shell_pipes
expect "the pattern table of the unit tests agrees with grep -E -i" 0 "" "$root/Tests/Integration/patterns_vs_grep.py"

# Operators' `awk` on every real-traffic capture, at every level (issue 13, point 8): split on white space, a flow
# line is `$1` protocol, `$5` state, `$6` direction, `$7` frames, and a count row `$1` member, `$2` service set,
# `$3`-`$6` Valid, Invalid, Pending, Other state; each checked against the same command's `| display xml`, read
# as PyEZ and Toby read it (xml_fields.py). RealParserTests runs the parsers' regular expressions.
captures="$root/Tests/EndToEndTests/Captures"
xml_fields() { "$root/Tests/Integration/xml_fields.py" "$@"; }
awk_fields_agree_with_xml() {
    local capture level
    for capture in "$captures"/*.pcap "$captures"/*.pcapng; do
        for level in brief extensive terse; do
            diff <("$ams" replay "$capture" show services sessions $level | awk '$3 == "->" {print $1, $5, $6, $7}') \
                <("$ams" replay "$capture" "show services sessions $level | display xml" | xml_fields flows) >&2 || return 1
        done
        # junos-research.md §1.1: `show services sessions … | grep Forward | awk '{if (int($7) > 1000000) print}'`.
        diff <("$ams" replay "$capture" show services sessions | grep Forward | awk '{if (int($7) > 3) print $7}') \
            <("$ams" replay "$capture" "show services sessions | display xml" | xml_fields flows | awk '$2 == "Forward" && $4 > 3 {print $4}') >&2 ||
            return 1
        diff <("$ams" replay "$capture" show services sessions count | awk 'NR > 3 {print $1, $2, $3 + $4 + $5 + $6}') \
            <("$ams" replay "$capture" "show services sessions count | display xml" | xml_fields count) >&2 || return 1
    done
}
expect "awk's fields of flow lines and count rows agree with the XML, on every capture and level" 0 "" awk_fields_agree_with_xml
# `$3` is the Valid count: DNS and pings, all established; `$4` Invalid: HTTP connections all closed (FIN).
count_columns() {  # count_columns CAPTURE [OPTIONS]: the sums of $3, $4, $5, $6 over the count rows
    "$ams" replay "$captures/$1" "${@:2}" show services sessions count | awk 'NR > 3 {v += $3; i += $4; p += $5; o += $6} END {print v, i, p, o}'
}
valid_column() { [[ $(count_columns dns-icmp.pcap) == "6 0 0 0" ]]; }
expect "count: \$3 is the Valid count" 0 "" valid_column
invalid_column() { [[ $(count_columns http.pcap --no-expire) == "0 4 0 0" ]]; }
expect "count: \$4 is the Invalid count (closed TCP sessions)" 0 "" invalid_column

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
    # It runs the command with $SHELL (dash in CI, which drops bash's exported functions), so the command
    # is a file of its own.
    {
        echo '#!/bin/bash'
        printf '{ cat %q; sleep 2; } | %q replay - "$@" show services sessions count\n' "$sample" "$ams"
    } >"$scratch/slow-replay.sh"
    chmod +x "$scratch/slow-replay.sh"
    on_a_terminal() {
        timeout 30 script -qfec "$scratch/slow-replay.sh $*" /dev/null >"$scratch/pty.out" </dev/null || return 1
        cat -v "$scratch/pty.out" >&2
    }
    expect "on a terminal a long replay shows its progress, erased before the output" 0 \
        '^\^M  [0-9.]+ k?B read, [0-9.]+ k?B/s\^\[\[K.*\^M\^\[\[K(\^M)?$' on_a_terminal
    expect "--quiet: no progress line on a terminal" 0 '^Interface ' on_a_terminal --quiet
else
    echo "SKIP progress on a terminal: script(1) (util-linux) is not installed"
fi

# Beyond one machine (README): `ams split` into N pieces, each replayed as its shard; the pieces' frames
# and the sessions of `show services sessions count` add up to the whole capture's, for every capture of
# Tests/EndToEndTests/Captures with ALGs and N = 1…4 shards of 4 members.
count_sum() { awk '$1 ~ /^mams-/ { total += $3 + $4 + $5 + $6 } END { print total + 0 }'; }
split_adds_up() {
    local capture shards k whole pieces frames
    for capture in "$sample" "$root"/Tests/EndToEndTests/Captures/{ftp,tftp,rtsp,pptp,sqlnet}.pcap; do
        whole=$("$ams" replay "$capture" --members 4 show services sessions count | count_sum)
        for shards in 1 2 3 4; do
            rm -rf "$scratch/pieces"
            "$ams" split "$capture" --members 4 --shards "$shards" -o "$scratch/pieces" >"$scratch/split.txt" || return 1
            [[ $(ls "$scratch/pieces" | wc -l) == "$shards" ]] || { echo "$capture: not $shards pieces" >&2; return 1; }
            frames=$(awk '/ frames \(/ { total += $2 } END { print total }' "$scratch/split.txt")
            grep -q "^$capture: $frames frames in $shards piece" "$scratch/split.txt" || { cat "$scratch/split.txt" >&2; return 1; }
            pieces=0
            for k in $(seq 1 "$shards"); do
                pieces=$((pieces + $("$ams" replay "$scratch/pieces/shard-$k-of-$shards.pcap" --members 4 \
                    --member-shard "$k/$shards" show services sessions count | count_sum)))
            done
            [[ $pieces == "$whole" ]] || { echo "$capture, $shards shards: $pieces sessions, whole $whole" >&2; return 1; }
        done
    done
}
expect "split pieces replayed as their shards add up to the whole capture" 0 "" split_adds_up
shards_add_up() {
    local whole=$("$ams" replay "$sample" --members 4 show services sessions count | count_sum) total=0 k
    for k in 1 2 3; do
        total=$((total + $("$ams" replay "$sample" --members 4 --member-shard "$k/3" show services sessions count | count_sum)))
    done
    [[ $total == "$whole" && $whole -gt 0 ]]
}
expect "--member-shard K/3 replays add up to the whole replay" 0 "" shards_add_up
expect "--member-shard with more shards than members is refused" 64 "at most as many shards as members" \
    "$ams" replay "$sample" --members 2 --member-shard 1/3
expect "--member-shard 0/2 is refused (K counts from 1)" 64 "member-shard" "$ams" replay "$sample" --member-shard 0/2
expect "ams split with more shards than members is refused" 64 "at most as many shards as members" \
    "$ams" split "$sample" --members 2 --shards 3 -o "$scratch/refused"
other_shard_counted() { "$ams" replay "$sample" --members 4 --member-shard 1/2 --stats show services sessions analysis 2>&1 | grep -E "^packets of another shard: [1-9]|Packets of another shard +:[1-9]" | wc -l | grep -qx 2; }
expect "the other shard's packets are counted in --stats and analysis" 0 "" other_shard_counted

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
