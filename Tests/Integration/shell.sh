#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Drives `ams cli` through a pseudo-terminal (tmux): prompt, commands, tab completion, `?` help, history,
# paging, `| no-more` and `| hold`, a pattern, stepping through a capture, clear, errors with a caret, the
# editing keys (each escape sequence of Home, End and Delete, Ctrl-W, Alt-B/F, …), non-ASCII input, Ctrl-C
# during a long advance, a long listing and the pager (on a 2 M-packet capture from ams-tracegen), Ctrl-D.
# Prints one PASS/FAIL line per check and `N passed, M failed` last; exits non-zero on any failure.
#   AMS=path/to/ams [TRACEGEN=path/to/ams-tracegen] Tests/Integration/shell.sh
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ams="${AMS:-$root/.build/debug/ams}"
tracegen="${TRACEGEN:-$(dirname "$ams")/ams-tracegen}"
session="ams-shell-test-$$"
scratch="$(mktemp -d)"
passed=0
failed=0
daemon=
trap 'tmux kill-session -t "$session" 2>/dev/null; [ -n "$daemon" ] && kill "$daemon" 2>/dev/null; rm -rf "$scratch"' EXIT

screen() { tmux capture-pane -p -J -t "$session" -S -200; }  # -J: wrapped lines joined
send() { tmux send-keys -t "$session" "$@"; }
raw() { tmux send-keys -t "$session" -l "$1"; }  # raw BYTES: sent as they are (escape sequences, UTF-8)
# wait_for TEXT [SECONDS]: up to SECONDS (default 5) for TEXT to appear on the screen.
wait_for() {
    for _ in $(seq $((${2:-5} * 10))); do
        screen | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    return 1
}
verdict() {  # verdict STATUS NAME [WHY]: PASS when STATUS is 0; else FAIL, with WHY and the screen's end
    if [ "$1" -eq 0 ]; then
        echo "PASS $2"
        passed=$((passed + 1))
    else
        echo "FAIL $2${3:+: $3}"
        screen 2>/dev/null | tail -20 | sed 's/^/    /'
        failed=$((failed + 1))
    fi
}
check() {  # check NAME TEXT [SECONDS]: the screen shows TEXT
    wait_for "$2" "${3:-5}"
    verdict $? "$1" "expected to see: $2"
}
check_absent() {  # check_absent NAME TEXT
    sleep 0.5
    ! screen | grep -qF -- "$2"
    verdict $? "$1" "did not expect: $2"
}

tmux new-session -d -s "$session" -x 160 -y 40 "env USER=user LINES=12 '$ams' cli --replay '$root/Samples/sample.pcap'"
check "prompt" "user@ams>"
check "the start says how to advance" \
    "Stepping through $root/Samples/sample.pcap from its first packet: \"request replay advance SECONDS\" or \"request replay advance to-end\" replays more."

send "request replay advance 1" Enter
check "advance" "Replay at 1.000 s after the first packet"
send "show services sessions count" Enter
check "sessions after one second" "mams-0/0/0  default                                2            1            0            0"

send "req rep adv to-end" Enter
check "advance to the end (abbreviated)" "(end of capture)"

send "show serv"
send Tab
send "sessions count" Enter
check "tab completion" "user@ams> show services sessions count"
check "all sessions" "mams-0/1/0  default                                1            1            0            0"

send "show services sessions ?"
check "question mark lists completions" "application-protocol  Display information about one of the following application protocols"
send C-u
send "clear services sessions protocol tcp" Enter
check "clear" "Sessions cleared"
send Up Up Enter
check "history recalls a command" "mams-0/1/0  default                                1            0            0            0"

send "show services sessions" Enter
check "paging" "---(more)---"
send q
send "show services sessions | no-more" Enter
sleep 0.5
check "no-more shows everything" "ICMPV6       fd00:99::2        ->      fd00:99::1        Forward  O               2"
send "show version | hold" Enter
check "hold waits at the end of a short output" "---(more)---"
send q
send "show services sessions | match icmp | count" Enter
check "a pattern ignores case" "Count: 6 lines"

send "show services sessions destination-port 70000" Enter
check "error with a caret" "error: invalid value: 70000 (destination-port: 0..65535)"
n=0

# The editing keys: each command line is built with the key and is unique on the screen; the line the
# shell echoes is the one it ran.
for home in $'\e[H' $'\eOH' $'\e[1~' $'\e[7~'; do
    n=$((n + 1))
    send "count"; raw "$home"; send "show services sessions protocol $n "; send Enter
    check "Home ($(printf %q "$home"))" "user@ams> show services sessions protocol $n count"
done
for end in $'\e[F' $'\eOF' $'\e[4~' $'\e[8~'; do
    n=$((n + 1))
    send "show services sessions protocol $n"; send C-a; raw "$end"; send " count" Enter
    check "End ($(printf %q "$end"))" "user@ams> show services sessions protocol $n count"
done
send "show services sessions protocol 31X count"; send Left Left Left Left Left Left Left; raw $'\e[3~'; send Enter
check "Delete" "user@ams> show services sessions protocol 31 count"
send "show services sessions protocol 32 bogus"; send C-w; send "count" Enter
check "Ctrl-W deletes the word before the cursor" "user@ams> show services sessions protocol 32 count"
send "show services sessions protocol 33"; raw $'\eb'; raw $'\eb'; send "count " Enter
check "Alt-B moves a word left" "user@ams> show services sessions count protocol 33"
send "show services sessions protocol 34"; send C-a; raw $'\ef'; raw $'\ef'; raw $'\ef'; send " count" Enter
check "Alt-F moves a word right" "user@ams> show services sessions count protocol 34"
send "show services sessions protocol 35 count bogus"; raw $'\eb'; send C-k Enter
check "Ctrl-K deletes to the end" "user@ams> show services sessions protocol 35 count"
send "ervices sessions protocol 36 count"; send C-a; send "show s" Enter
check "Ctrl-A goes to the start" "user@ams> show services sessions protocol 36 count"
send "show services sessions protocol 37"; raw $'\e[2~'; raw $'\e[15~'; raw $'\e[5~'; raw $'\e[1;5A'; send " count" Enter
check "unknown escape sequences are swallowed whole" "user@ams> show services sessions protocol 37 count"
send "show services sessions protocol 38"; raw "é"; raw "€"; send " count" Enter
check "non-ASCII input is refused with a message" "Only ASCII characters can be typed here; the character was not taken."
check "non-ASCII input leaves the line intact" "user@ams> show services sessions protocol 38 count"
check_absent "no syntax error in the edited lines" "syntax error"

send "show services sessions protocol ic"; send Tab
check "Tab extends to the shared part" "user@ams> show services sessions protocol icmp"
send Tab
check "a second Tab lists the candidates" "  icmp6                Internet Control Message Protocol Version 6"
send "6 count" Enter
check "the line goes on after the list" "user@ams> show services sessions protocol icmp6 count"
send "show services sessions protocol ?"
check "? after protocol lists its values" "  <number>             Numeric protocol value (0 .. 255)"
send C-u
send "show services sessions application-protocol ?"
check "? after application-protocol lists its values" "  traceroute           Traceroute"
send C-u
send "help" Enter
check "help lists the commands" "  help                 Provide help information"

# Ctrl-C at the prompt: a new prompt line, nothing else.
prompts=$(screen | grep -c '^user@ams> *$')
send C-c C-c
sleep 0.5
[ "$(screen | grep -c '^user@ams> *$')" -eq $((prompts + 2)) ] && tmux has-session -t "$session" 2>/dev/null
verdict $? "Ctrl-C at the prompt gives a new prompt line"

send C-d
sleep 0.5
! tmux has-session -t "$session" 2>/dev/null
verdict $? "Ctrl-D leaves the shell"

# Ctrl-C during a long command stops that command, not the shell, and the stepped replay goes on where it
# stopped: 2 M packets (1 M UDP sessions) take seconds to step through and to list.
big="$scratch/big.pcap"
if [ -x "$tracegen" ] && "$tracegen" udp-pairs "$big" --flows 1000000 >/dev/null; then
    expected=$("$ams" replay "$big" show services sessions count | tail -2)
    tmux new-session -d -s "$session" -x 160 -y 40 "env USER=user LINES=12 '$ams' cli --replay '$big'"
    check "prompt (large capture)" "user@ams>"
    # (Stepping through 2 M packets takes about 10 s in a debug build, 0.4 s in a release build.)
    send "request replay advance to-end" Enter
    sleep 0.2
    send C-c
    check "Ctrl-C stops an advance where it is" "frames read (interrupted)"
    check "and says ^C" "^C"
    frames=$(screen | sed -n 's/.*, \([0-9]*\) frames read (interrupted).*/\1/p' | tail -1)
    [ -n "$frames" ] && [ "$frames" -gt 0 ] && [ "$frames" -lt 2000000 ]
    verdict $? "the advance stopped part-way" "frames read: ${frames:-none} of 2000000"
    send "show services sessions count" Enter
    check "the shell answers after Ctrl-C" "Other state"
    send "request replay advance to-end" Enter
    check "the replay goes on to the end" "2000000 frames read (end of capture)" 120
    send "show services sessions count" Enter
    check "the table is the whole replay's" "$(tail -1 <<<"$expected")" 10
    check "the table is the whole replay's (first member)" "$(head -1 <<<"$expected")" 10
    send "show services sessions | no-more" Enter
    sleep 1
    send C-c
    sleep 0.5
    send "show version" Enter
    check "Ctrl-C stops a long listing" "Hostname: ams" 10
    send "show services sessions" Enter
    check "paging (large capture)" "---(more)---"
    send C-c
    sleep 0.5
    send "show services sessions count | match ^mams- | count" Enter
    check "Ctrl-C at ---(more)--- stops the listing" "Count: 2 lines" 10
    tmux has-session -t "$session" 2>/dev/null
    verdict $? "the shell is still running after every Ctrl-C"
    tmux kill-session -t "$session" 2>/dev/null
else
    verdict 1 "Ctrl-C checks" "cannot generate a capture with $tracegen (build the ams-tracegen product, or set TRACEGEN)"
fi

# The shell attached to a daemon: Tab, `?` and paging here, the commands there; Ctrl-C stops a long listing
# (the daemon answers on).
capture="$big"
[ -s "$capture" ] || capture="$root/Samples/sample.pcap"
"$ams" run --replay "$capture" --as-fast-as-possible --socket "$scratch/d.sock" 2>"$scratch/daemon.log" &
daemon=$!
for _ in $(seq 1200); do grep -q 'end of capture' "$scratch/daemon.log" && break; sleep 0.1; done
tmux new-session -d -s "$session" -x 160 -y 40 "env USER=user LINES=12 '$ams' cli --socket '$scratch/d.sock'"
check "attached: prompt" "user@ams>"
send "show serv"
send Tab
send "sessions count" Enter
check "attached: tab completion" "user@ams> show services sessions count"
check "attached: the daemon's table" "mams-0/1/0  default"
send "show ?"
check "attached: ? lists completions" "  services             Show services information"
send C-u
send "show services sessions" Enter
check "attached: paging" "---(more)---"
send q
send "show services sessions extensive | no-more" Enter
sleep 0.3
send C-c
sleep 0.5
send "show version" Enter
check "attached: after Ctrl-C the daemon answers" "Hostname: ams" 20
send "request replay advance 1" Enter
check "attached: a command the daemon cannot run says so" "error: request replay advance is a command of the interactive shell"
send "exit" Enter
sleep 0.5
"$ams" show --socket "$scratch/d.sock" version >/dev/null && ! tmux has-session -t "$session" 2>/dev/null
verdict $? "attached: exit leaves the shell, the daemon runs on"
kill -TERM "$daemon"
wait "$daemon"
verdict $? "attached: the daemon stops on SIGTERM with exit 0"
daemon=

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
