#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Prometheus `/metrics` of `ams run` (SPEC.md §8), without root: `ams run --replay` on the sample capture with
# `--metrics-listen`, scraped with curl; the exposition parsed by prometheus_client's parser and its numbers
# compared with `ams show … | display xml` (count, analysis) and `show system netconf`; counters monotonic
# across a `clear`; 404, 405, 413, a stalled client; the scrape time with 32 members (median of 21 scrapes;
# METRICS_MAX_MS bounds it, default 100 for a debug build — the target, 10 ms, is a release build's).
# The parsing checks need prometheus_client (pinned in /opt/ams-netconf-venv by Scripts/install-test-peers.sh):
# a SKIP line without it. Prints one PASS/FAIL line per check and `N passed, M failed` last.
#   AMS=path/to/ams Tests/Integration/metrics.sh
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ams="${AMS:-$root/.build/debug/ams}"
python="${AMS_NETCONF_PYTHON:-/opt/ams-netconf-venv/bin/python}"
max_ms="${METRICS_MAX_MS:-100}"
sample="$root/Samples/sample.pcap"
# The suite's scratch directory, counts, checks and daemons (stopped at exit): expect.sh.
source "$(dirname "${BASH_SOURCE[0]}")/expect.sh"
has_parser=0
if "$python" -c 'import prometheus_client, paramiko' 2>/dev/null; then has_parser=1; else
    echo "SKIP metrics parsing and NETCONF checks: no prometheus_client/paramiko at $python (Scripts/install-test-peers.sh installs them)"
fi
# metrics_checks ARG…: metrics_check.py's checks (expect.sh's py_checks).
metrics_checks() { py_checks "$python" "$root/Tests/Integration/metrics_check.py" "$@"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
scrape() { curl -sS --max-time 5 -o "$2" -w '%{http_code} %{content_type}' "http://127.0.0.1:$1/metrics"; }

expect "--metrics-listen with a bad port is refused, exit 64" 64 "--metrics-listen takes PORT" \
    "$ams" run --replay "$sample" --metrics-listen 127.0.0.1:99999 --socket "$scratch/none"

# The sample's firewall with long timeouts (nothing ages out during the checks), a NETCONF server and a user.
port="$(free_port)"
netconf_port="$(free_port)"
hash="$(python3 -c 'import crypt; print(crypt.crypt("secret1", "$6$amsmetrics"))' 2>/dev/null || openssl passwd -6 -salt amsmetrics secret1)"
sed -e 's/close-timeout 4;/close-timeout 300; open-timeout 300;/' -e 's/inactivity-timeout 60; /inactivity-timeout 600;/' \
    "$root/Samples/config/stateful-firewall.conf" >"$scratch/ams.conf"
cat >>"$scratch/ams.conf" <<CONF
system {
    services { netconf { ssh { port $netconf_port; } } }
    login { user alice { uid 2001; class super-user; authentication { encrypted-password "$hash"; } } }
}
CONF
socket="$scratch/s"
"$ams" run --config "$scratch/ams.conf" --replay "$sample" --as-fast-as-possible --socket "$socket" \
    --netconf-host-key "$scratch/host.key" --metrics-listen "127.0.0.1:$port" --records "$scratch/records.jsonl" \
    2>"$scratch/log" &
daemons+=($!)
started() { wait_for '^ams run: end of capture: 120 frames' "$scratch/log"; }
expect "ams run --metrics-listen starts and replays the capture" 0 "" started
logged() { grep -q "^ams run: Prometheus metrics on http://127.0.0.1:$port/metrics$" "$scratch/log"; }
expect "the log says where the metrics are" 0 "" logged
expect "a second server on the same port is refused, exit 1" 1 "metrics: cannot listen on 127.0.0.1:$port" \
    "$ams" run --replay "$sample" --metrics-listen "127.0.0.1:$port" --socket "$scratch/s2"

show() { "$ams" show --socket "$socket" "$@"; }
ok_scrape() { [[ $(scrape "$port" "$scratch/m1.txt") == "200 text/plain; version=0.0.4; charset=utf-8" ]]; }
expect "GET /metrics: 200, text/plain; version=0.0.4" 0 "" ok_scrape
frames() { grep -qx 'ams_frames_total 120' "$scratch/m1.txt"; }
expect "ams_frames_total is the capture's 120 frames" 0 "" frames
lost() { grep -qx 'ams_session_records_dropped_total 0' "$scratch/m1.txt" && grep -qx 'ams_syslog_records_shed_total 0' "$scratch/m1.txt"; }
expect "with --records: no session record dropped, none shed" 0 "" lost
# http_status CODE CURL-ARG…: the answer's status is CODE.
http_status() {
    local code=$1; shift
    [[ $(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "$@") == "$code" ]]
}
expect "another path: 404" 0 "" http_status 404 "http://127.0.0.1:$port/"
expect "POST /metrics: 405" 0 "" http_status 405 -X POST -d x "http://127.0.0.1:$port/metrics"
expect "a 9 KiB request: 413" 0 "" http_status 413 -H "X-Padding: $(head -c 9216 /dev/zero | tr '\0' a)" \
    "http://127.0.0.1:$port/metrics"
keep_alive() {  # two scrapes on one connection
    [[ $(curl -sS --max-time 5 -o /dev/null -o /dev/null -w '%{http_code}%{num_connects} ' \
        "http://127.0.0.1:$port/metrics" "http://127.0.0.1:$port/metrics") == "2001 2000 " ]]
}
expect "two scrapes on one kept-alive connection" 0 "" keep_alive
# A client that sends half a request and stalls, another that connects and sends nothing: a scrape meanwhile
# is answered at once; the idle ones are closed after 10 s (not waited for here).
python3 - "$port" <<'PY' &
import socket, sys, time
a = socket.create_connection(("127.0.0.1", int(sys.argv[1]))); a.sendall(b"GET /metr")
b = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
time.sleep(3)
PY
stallers=$!
sleep 0.3
stalled() { [[ $(curl -sS --max-time 1 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/metrics") == 200 ]]; }
expect "two stalled clients do not hold up a scrape" 0 "" stalled
wait "$stallers"

if ((has_parser)); then
    metrics_checks parse "$scratch/m1.txt"
    show services sessions count '|' display xml >"$scratch/count.xml"
    show services sessions analysis '|' display xml >"$scratch/analysis.xml"
    show services sessions analysis >"$scratch/analysis.txt"
    scrape "$port" "$scratch/m2.txt" >/dev/null
    metrics_checks compare "$scratch/m2.txt" "$scratch/count.xml" "$scratch/analysis.xml" "$scratch/analysis.txt"
    # A wrong NETCONF password: the failed logins show it, as show system netconf does.
    "$python" - "$netconf_port" <<'PY' >/dev/null 2>&1
import paramiko, sys
t = paramiko.Transport(("127.0.0.1", int(sys.argv[1])))
t.start_client(timeout=10)
try:
    t.auth_password("alice", "wrong")
except paramiko.AuthenticationException:
    pass
t.close()
PY
    scrape "$port" "$scratch/m3.txt" >/dev/null
    value() { "$python" "$root/Tests/Integration/metrics_check.py" value "$@"; }
    wrong="$(show system netconf | sed -nE 's/^ *Logins: .*, ([0-9]+) wrong passwords$/\1/p')"
    netconf_failed() {
        [[ $wrong == 1 && $(value "$scratch/m3.txt" ams_netconf_failed_logins_total) == "$wrong" ]] ||
            { echo "show system netconf: '$wrong'; metrics: $(value "$scratch/m3.txt" ams_netconf_failed_logins_total)" >&2; return 1; }
    }
    expect "ams_netconf_failed_logins_total = show system netconf's wrong passwords (1)" 0 "" netconf_failed
    # clear: the sessions go, the deleted counters grow by as many, nothing goes down.
    active="$(grep -E '^ams_sessions_active' "$scratch/m3.txt" | awk '{s += $2} END {print s}')"
    deleted_before="$(grep -E '^ams_sessions_deleted_total' "$scratch/m3.txt" | awk '{s += $2} END {print s}')"
    show services sessions >/dev/null
    "$ams" clear --socket "$socket" services sessions >/dev/null
    scrape "$port" "$scratch/m4.txt" >/dev/null
    cleared() {
        local now deleted
        now="$(grep -E '^ams_sessions_active' "$scratch/m4.txt" | awk '{s += $2} END {print s}')"
        deleted="$(grep -E '^ams_sessions_deleted_total' "$scratch/m4.txt" | awk '{s += $2} END {print s}')"
        [[ $active -gt 0 && $now == 0 && $((deleted - deleted_before)) == "$active" ]] ||
            { echo "active $active -> $now, deleted $deleted_before -> $deleted" >&2; return 1; }
    }
    expect "clear: active to 0, ams_sessions_deleted_total up by the sessions cleared" 0 "" cleared
    metrics_checks monotonic "$scratch/m3.txt" "$scratch/m4.txt"
fi

# 32 members: the scrape's time, curl's time_total, median of 21 (the first, which registers the series, too).
port32="$(free_port)"
"$ams" run --members 32 --replay "$sample" --as-fast-as-possible --socket "$scratch/s32" \
    --metrics-listen "$port32" 2>"$scratch/log32" &
daemons+=($!)
started32() { wait_for '^ams run: end of capture: 120 frames' "$scratch/log32"; }
expect "ams run --members 32 --metrics-listen PORT (loopback) starts" 0 "" started32
timed() {
    local times=() ms
    for _ in $(seq 21); do
        times+=("$(curl -sS --max-time 5 -o "$scratch/m32.txt" -w '%{time_total}' "http://127.0.0.1:$port32/metrics")")
    done
    ms="$(printf '%s\n' "${times[@]}" | sort -n | sed -n 11p | awk '{printf "%.2f", $1 * 1000}')"
    echo "median scrape with 32 members: $ms ms ($(grep -c '^ams_' "$scratch/m32.txt") samples, $(wc -c <"$scratch/m32.txt") bytes)" >&2
    awk -v ms="$ms" -v max="$max_ms" 'BEGIN {exit !(ms < max)}'
}
if timed 2>"$scratch/timing"; then
    echo "PASS a scrape with 32 members under $max_ms ms: $(cat "$scratch/timing")"; passed=$((passed + 1))
else
    echo "FAIL a scrape with 32 members under $max_ms ms: $(cat "$scratch/timing")"; failed=$((failed + 1))
fi
members32() { [[ $(grep -c '^ams_sessions_created_total{' "$scratch/m32.txt") == 32 ]]; }
expect "the 32 members each have their series" 0 "" members32

echo "$passed passed, $failed failed"
((failed == 0))
