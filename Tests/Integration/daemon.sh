#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# The daemon without root: `ams run --replay` on the sample capture, as fast as possible, on a control socket
# in a scratch directory, and everything that attaches to it — `ams show`, `ams clear`, `ams request system
# configuration reload`, piped `ams cli` —, the socket's mode, a second daemon and a stale socket, hostile
# clients, SIGHUP with a broken and a changed configuration, SIGTERM.
# Prints one PASS/FAIL line per check and `N passed, M failed` last; exits non-zero on any failure.
#   AMS=path/to/ams Tests/Integration/daemon.sh
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ams="${AMS:-$root/.build/debug/ams}"
sample="$root/Samples/sample.pcap"
# The suite's scratch directory, counts and checks: expect.sh. The one daemon running, `$daemon`, is
# stopped at exit as expect.sh stops daemons.
source "$(dirname "${BASH_SOURCE[0]}")/expect.sh"
socket="$scratch/s"
daemon=
trap 'daemons=(${daemon:+"$daemon"}); stop_daemons; rm -rf "$scratch"' EXIT


# The sample's firewall with timeouts long enough that no session ages out while the checks run: the daemon
# ages its table with the clock once the capture has ended, `ams replay` stands at the last packet.
sed -e 's/close-timeout 4;/close-timeout 300; open-timeout 300;/' -e 's/inactivity-timeout 60; /inactivity-timeout 600;/' \
    "$root/Samples/config/stateful-firewall.conf" >"$scratch/good.conf"
cp "$scratch/good.conf" "$scratch/running.conf"
show() { "$ams" show --socket "$socket" "$@"; }

expect "no daemon: ams show says so, exit 69" 69 "^ams: no daemon answers on $socket: " show services sessions
expect "no daemon: ams cli says so, exit 69" 69 "^ams: no daemon answers on $socket: " \
    "$ams" cli --socket "$socket" </dev/null
expect "--speed 0 is refused" 64 "--speed must be a finite number above 0" \
    "$ams" run --replay "$sample" --speed 0 --socket "$socket"

# A stale socket (its daemon gone) is replaced.
python3 -c "import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])" "$socket"
"$ams" run --config "$scratch/running.conf" --replay "$sample" --as-fast-as-possible --socket "$socket" \
    2>"$scratch/log" &
daemon=$!
started() { wait_for '^ams run: end of capture: 120 frames' "$scratch/log"; }
expect "ams run --replay starts on a stale socket and replays the capture" 0 "" started

mode() { [[ $(stat -c %a "$socket") == 660 ]]; }
expect "the socket's mode is 0660" 0 "" mode
logged_group() { grep -Eq "control socket $socket \(mode 0660, group [^)]+\)" "$scratch/log"; }
expect "the start line says the socket, its mode and group" 0 "" logged_group
expect "a second daemon on the same socket is refused" 1 "another daemon answers on $socket" \
    "$ams" run --replay "$sample" --socket "$socket"

same_as_replay() {
    local line
    for line in "services sessions" "services sessions count" "services sessions extensive" \
        "services sessions analysis" "interfaces load-balancing detail" "configuration"; do
        # shellcheck disable=SC2086
        diff <(show $line) <("$ams" replay "$sample" --config "$scratch/good.conf" show $line) >&2 || return 1
    done
}
expect "ams show … prints what ams replay prints for the same capture and configuration" 0 "" same_as_replay
expect "a syntax error: the caret on standard error, exit 1" 1 "syntax error" show services bogus
expect "| save is refused over the socket" 1 "save is not available" show services sessions '|' save "$scratch/x"

piped_cli() {
    printf 'show services sessions count\nshow version\nshow services sessions | match TCP | count\n' |
        "$ams" cli --socket "$socket" >"$scratch/cli.txt" || return 1
    grep -q '^mams-0/0/0  ss1 ' "$scratch/cli.txt" && grep -q '^Hostname: ams$' "$scratch/cli.txt" &&
        grep -q "^Count: 14 lines$" "$scratch/cli.txt"
}
expect "piped ams cli runs its commands on the daemon" 0 "" piped_cli
piped_cli_failure() { printf 'bogus\nshow version\n' | "$ams" cli --socket "$socket" >"$scratch/cli.txt"; }
expect "piped ams cli: a failed command, exit 1" 1 "" piped_cli_failure

# Hostile clients: a line over 64 KiB, garbage, a client gone mid-reply; the daemon answers on.
hostile() {
    python3 - "$socket" <<'PY' || return 1
import socket, sys
def reply(payload):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sys.argv[1])
    s.sendall(payload)
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
        if len(data) >= 6 and data[-6] == ord("x"):
            break
    s.close()
    return data
long = reply(b"a" * 100_000 + b"\n")
assert b"request longer than 65536 bytes" in long and long.endswith(b"x\x00\x00\x00\x01\x01"), long
garbage = reply(b"\xff\x00\x01\x02\n")
assert garbage.endswith(b"x\x00\x00\x00\x01\x01"), garbage
for _ in range(20):  # gone before the reply
    s = socket.socket(socket.AF_UNIX)
    s.connect(sys.argv[1])
    s.sendall(b"show services sessions extensive\n")
    s.close()
PY
    show version >/dev/null
}
expect "hostile clients get an error and the daemon answers on" 0 "" hostile

# SIGHUP with a broken configuration: refused with its diagnostic, the running one stays.
sessions_before="$(show services sessions)"
printf 'bogus;\n' >>"$scratch/running.conf"
kill -HUP "$daemon"
broken_hup() {
    wait_for '^ams run: configuration not reloaded \(the running one stays\):$' "$scratch/log" || return 1
    grep -q '^ams run: SIGHUP: re-reading ' "$scratch/log" &&
        grep -Eq "^  .*running\.conf:[0-9]+:[0-9]+: error: " "$scratch/log" &&
        [[ $(show services sessions) == "$sessions_before" ]] &&
        diff <(show configuration) <("$ams" config check "$scratch/good.conf") >&2
}
expect "SIGHUP with a broken configuration logs the diagnostic and keeps the running one" 0 "" broken_hup
expect "the reload request with a broken configuration: exit 1, the diagnostic" 1 \
    "running\.conf:[0-9]+:[0-9]+: error: " "$ams" request --socket "$socket" system configuration reload

# A changed configuration: web (8080) no longer accepted, its three sessions end.
sed 's/ web-8080 ]/ ]/' "$scratch/good.conf" >"$scratch/running.conf"
reload_changed() {
    [[ $("$ams" request --socket "$socket" system configuration reload) == \
        "Configuration reloaded: 8 sessions kept, 3 ended" ]] &&
        ! show services sessions | grep -q ':8080 '
}
expect "request system configuration reload with a changed configuration reports kept and ended" 0 "" reload_changed
cp "$scratch/good.conf" "$scratch/running.conf"
kill -HUP "$daemon"
hup_logged() { wait_for '^ams run: Configuration reloaded: 8 sessions kept, 0 ended$' "$scratch/log"; }
expect "SIGHUP with a good configuration reloads it and logs what it kept" 0 "" hup_logged
request_logged() { grep -q '^ams run: Configuration reloaded: 8 sessions kept, 3 ended$' "$scratch/log"; }
expect "a requested reload is logged too" 0 "" request_logged

many_clients() {
    local pids=() i status=0
    for i in $(seq 30); do
        show services sessions count >"$scratch/many.$i" 2>&1 &
        pids+=($!)
    done
    for i in "${pids[@]}"; do wait "$i" || status=1; done
    ((status == 0)) || return 1
    for i in $(seq 30); do cmp -s "$scratch/many.1" "$scratch/many.$i" || return 1; done
}
expect "30 clients at once all get the same answer" 0 "" many_clients

count_total() { show services sessions count | awk 'NR > 3 {n += $3 + $4 + $5 + $6} END {print n + 0}'; }
cleared() { show services sessions count; show services sessions count; [[ $(count_total) == 0 ]]; }
clear_all() { "$ams" clear --socket "$socket" services sessions >/dev/null && cleared >/dev/null; }
expect "ams clear services sessions removes the live sessions: count shows 0" 0 "" clear_all

kill -TERM "$daemon"
stopped() {
    local status=0
    for _ in $(seq 100); do kill -0 "$daemon" 2>/dev/null || break; sleep 0.1; done
    wait "$daemon" || status=$?
    daemon=
    [[ $status == 0 ]] && [[ ! -e $socket ]] && grep -q '^ams run: stopped' "$scratch/log"
}
expect "SIGTERM: exit 0, the socket removed, said in the log" 0 "" stopped

# At capture pace: after half a second of the 3.7 s capture, not every frame is in.
"$ams" run --replay "$sample" --speed 1 --socket "$socket" 2>"$scratch/paced.log" &
daemon=$!
paced() {
    wait_for '^ams run: started' "$scratch/paced.log" || return 1
    sleep 0.5
    local early
    early=$(show services sessions count | awk 'NR > 3 {n += $3 + $4 + $5 + $6} END {print n + 0}')
    wait_for '^ams run: end of capture: 120 frames' "$scratch/paced.log" 10 && ((early < 11))
}
expect "--speed 1 replays at capture pace" 0 "" paced
kill -INT "$daemon"
interrupted() {
    local status=0
    wait "$daemon" || status=$?
    daemon=
    [[ $status == 0 ]] && [[ ! -e $socket ]]
}
expect "SIGINT stops it too: exit 0, the socket removed" 0 "" interrupted

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
