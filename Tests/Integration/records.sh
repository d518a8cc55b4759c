#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Session records merged (README, *Beyond one machine*): every real capture of Tests/EndToEndTests/Captures
# and Samples/sample.pcap is cut by `ams split` into N = 1…4 pieces, each piece replayed as its shard with
# `--records`, and `ams show --sessions piece*.jsonl show services sessions …` must print byte for byte what
# `ams replay` of the whole capture prints, at every level, `count`, `| display xml` and `| display json`.
# Then the reader's errors: bad lines skipped, counted and reported with file:line; records of members the
# configuration lacks refused. No root needed.
# Prints one PASS/FAIL line per check and `N passed, M failed` last; exits non-zero on any failure.
#   AMS=path/to/ams Tests/Integration/records.sh
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ams="${AMS:-$root/.build/debug/ams}"
sample="$root/Samples/sample.pcap"
# The suite's scratch directory, counts, checks and daemons (stopped at exit): expect.sh.
source "$(dirname "${BASH_SOURCE[0]}")/expect.sh"

commands=(
    "show services sessions"
    "show services sessions extensive"
    "show services sessions terse"
    "show services sessions count"
    "show services sessions | display xml"
    "show services sessions extensive | display xml"
    "show services sessions count | display xml"
    "show services sessions | display json"
    "show services sessions service-set ss1 limit 3"
)

# merged_equals_whole CAPTURE: for N = 1…4 the merged records of the N shards print what the whole replay does.
merged_equals_whole() {
    local capture=$1 shards k command pieces
    for shards in 1 2 3 4; do
        pieces="$scratch/pieces-$shards"
        rm -rf "$pieces"
        "$ams" split "$capture" --members 4 --shards "$shards" -o "$pieces" >/dev/null || return 1
        for k in $(seq 1 "$shards"); do
            "$ams" replay "$pieces/shard-$k-of-$shards.pcap" --members 4 --member-shard "$k/$shards" \
                --records "$pieces/shard-$k.jsonl" show services sessions count >/dev/null 2>"$scratch/replay.err" ||
                { cat "$scratch/replay.err" >&2; return 1; }
        done
        for command in "${commands[@]}"; do
            "$ams" replay "$capture" --members 4 "$command" >"$scratch/whole.txt" || return 1
            "$ams" show --members 4 --sessions "$pieces"/shard-*.jsonl $command >"$scratch/merged.txt" || return 1
            cmp -s "$scratch/whole.txt" "$scratch/merged.txt" || {
                echo "$capture, $shards shards, '$command':" >&2
                diff "$scratch/whole.txt" "$scratch/merged.txt" | head -20 >&2
                return 1
            }
        done
    done
}
for capture in "$sample" "$root"/Tests/EndToEndTests/Captures/*.pcap "$root"/Tests/EndToEndTests/Captures/*.pcapng; do
    expect "$(basename "$capture"): show --sessions of its 1…4 shards' records equals the whole replay" 0 "" \
        merged_equals_whole "$capture"
done

# --member-shard K/N on the whole capture (no split): the same.
member_shards_equal_whole() {
    local k
    for k in 1 2 3; do
        "$ams" replay "$sample" --members 4 --member-shard "$k/3" --records "$scratch/member-shard-$k.jsonl" \
            show services sessions count >/dev/null 2>&1 || return 1
    done
    diff <("$ams" replay "$sample" --members 4 show services sessions extensive) \
        <("$ams" show --members 4 --sessions "$scratch"/member-shard-*.jsonl show services sessions extensive) >&2
}
expect "--member-shard K/3 records merged equal the whole replay" 0 "" member_shards_equal_whole

# Standard input, and a configuration's members.
"$ams" replay "$sample" --records "$scratch/whole.jsonl" show services sessions count >/dev/null 2>&1
"$ams" replay "$sample" --members 4 --records "$scratch/four.jsonl" show services sessions count >/dev/null 2>&1
from_stdin() {
    diff <("$ams" replay "$sample" show services sessions) <("$ams" show --sessions - show services sessions <"$scratch/whole.jsonl") >&2
}
expect "--sessions - reads the records from standard input" 0 "" from_stdin
config="$root/Samples/config/stateful-firewall.conf"
configured() {
    local file
    for file in "$config" "$root/Samples/config/session-timeout.conf" "$root/Samples/config/four-members-hash-keys.conf"; do
        "$ams" replay "$sample" --config "$file" --records "$scratch/configured.jsonl" >/dev/null 2>&1 || return 1
        diff <("$ams" replay "$sample" --config "$file" show services sessions extensive) \
            <("$ams" show --config "$file" --sessions "$scratch/configured.jsonl" show services sessions extensive) >&2 || return 1
    done
}
expect "--config: the configuration's members, service sets and session timeouts" 0 "" configured
# Next Gen members (their own IDs, policies, `Timeout:` and XML), from their records.
next_gen() {
    local capture command
    for capture in "$sample" "$root"/Tests/EndToEndTests/Captures/{ftp,mixed}.pcap; do
        "$ams" replay "$capture" --next-gen --members 3 --records "$scratch/next-gen.jsonl" >/dev/null 2>&1 || return 1
        for command in "show services sessions" "show services sessions extensive" "show services sessions count" \
            "show services sessions extensive | display xml"; do
            cmp <("$ams" replay "$capture" --next-gen --members 3 "$command") \
                <("$ams" show --next-gen --members 3 --sessions "$scratch/next-gen.jsonl" $command) >&2 || return 1
        done
    done
}
expect "--next-gen: Next Gen members' output from their records" 0 "" next_gen

# Bad lines: skipped, counted by kind, reported with file:line; the good lines still shown.
{
    head -3 "$scratch/whole.jsonl"
    echo 'not json'
    head -1 "$scratch/whole.jsonl" | sed 's/"alg":"[^"]*"/"alg":"nonsense"/'
    head -1 "$scratch/whole.jsonl" | sed 's/"timeout":[0-9]*/"timeout":"x"/'
    tail -n +4 "$scratch/whole.jsonl"
} >"$scratch/bad.jsonl"
bad_lines() {
    "$ams" show --sessions "$scratch/bad.jsonl" show services sessions >"$scratch/bad.txt" || return 1
    "$ams" replay "$sample" show services sessions | cmp -s - "$scratch/bad.txt"
}
expect "bad lines are skipped, counted by kind, the rest shown" 0 \
    "^ams: 3 lines skipped \\(bad-value: 1, not-json: 2\\)$" bad_lines
reported_each() {
    "$ams" show --sessions "$scratch/bad.jsonl" show services sessions 2>&1 >/dev/null |
        grep -E '^ams: .*bad.jsonl:(4|5|6): ' | wc -l | grep -qx 3
}
expect "each bad line is reported with its file and line" 0 "" reported_each
expect "records of members the configuration lacks are refused, with file:line" 2 \
    "^ams: $scratch/four.jsonl:[0-9]+: member mams-1/[01]/0 is not in the configuration \\(mams-0/0/0, mams-0/1/0\\)$" \
    "$ams" show --members 2 --sessions "$scratch/four.jsonl" show services sessions
expect "records of service sets the configuration lacks are refused, with file:line" 2 \
    "^ams: $scratch/whole.jsonl:1: service set default is not in the configuration$" \
    "$ams" show --config "$config" --sessions "$scratch/whole.jsonl" show services sessions
expect "a missing records file is named" 2 "^ams: $scratch/none.jsonl: " \
    "$ams" show --sessions "$scratch/none.jsonl" show services sessions
expect "--sessions without a command says so" 64 "no command" "$ams" show --sessions "$scratch/whole.jsonl"
expect "--config without --sessions is refused" 64 "go with --sessions" "$ams" show --config "$config" services sessions

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
