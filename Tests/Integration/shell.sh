#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Drives `ams cli` through a pseudo-terminal (tmux): prompt, commands, tab completion, `?` help, history,
# paging, `| no-more` and `| hold`, a pattern, stepping through a capture, clear, errors with a caret, Ctrl-D.
# Prints one PASS/FAIL line per check and `N passed, M failed` last; exits non-zero on any failure.
#   AMS=path/to/ams Tests/Integration/shell.sh
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ams="${AMS:-$root/.build/debug/ams}"
session="ams-shell-test-$$"
passed=0
failed=0
trap 'tmux kill-session -t "$session" 2>/dev/null' EXIT

screen() { tmux capture-pane -p -t "$session" -S -200; }
send() { tmux send-keys -t "$session" "$@"; }
# wait_for TEXT: up to 5 s for TEXT to appear on the screen.
wait_for() {
    for _ in $(seq 50); do
        screen | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    return 1
}
check() {  # check NAME TEXT: the screen shows TEXT
    if wait_for "$2"; then
        echo "PASS $1"
        passed=$((passed + 1))
    else
        echo "FAIL $1: expected to see: $2"
        screen | tail -20 | sed 's/^/    /'
        failed=$((failed + 1))
    fi
}
check_absent() {  # check_absent NAME TEXT
    sleep 0.5
    if screen | grep -qF -- "$2"; then
        echo "FAIL $1: did not expect: $2"
        failed=$((failed + 1))
    else
        echo "PASS $1"
        passed=$((passed + 1))
    fi
}

tmux new-session -d -s "$session" -x 160 -y 40 "env USER=user LINES=12 '$ams' cli --replay '$root/Samples/sample.pcap'"
check "prompt" "user@ams>"

send "request replay advance 1" Enter
check "advance" "Replay at 1.000 s after the first packet"
send "show services sessions count" Enter
check "sessions after one second" "mams-0/0/0 (ams0)    default                                       3"

send "req rep adv to-end" Enter
check "advance to the end (abbreviated)" "(end of capture)"

send "show serv"
send Tab
send "sessions count" Enter
check "tab completion" "user@ams> show services sessions count"
check "all sessions" "mams-0/1/0 (ams0)    default                                       2"

send "show services sessions ?"
check "question mark lists completions" "application-protocol  Display information about one of the following application protocols"
send C-u
send "clear services sessions protocol tcp" Enter
check "clear" "Sessions cleared"
send Up Up Enter
check "history recalls a command" "mams-0/1/0 (ams0)    default                                       1"

send "show services sessions" Enter
check "paging" "---(more)---"
send q
send "show services sessions | no-more" Enter
sleep 0.5
check "no-more shows everything" "ICMPV6      fd00:99::2       ->      fd00:99::1       Forward O            2"
send "show version | hold" Enter
check "hold waits at the end of a short output" "---(more)---"
send q
send "show services sessions | match icmp | count" Enter
check "a pattern ignores case" "Count: 6 lines"

send "show services sessions destination-port 70000" Enter
check "error with a caret" "error: invalid value: 70000 (destination-port: 0..65535)"

send C-d
sleep 0.5
if tmux has-session -t "$session" 2>/dev/null; then
    echo "FAIL Ctrl-D leaves the shell"
    failed=$((failed + 1))
else
    echo "PASS Ctrl-D leaves the shell"
    passed=$((passed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
