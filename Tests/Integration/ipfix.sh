#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# IPFIX export of the session records (SPEC.md §8, README *IPFIX*), without root: Debian's nfcapd (nfdump 1.7)
# on loopback collects what `ams replay` exports for `services jflow-log`, over Samples/sample.pcap and every
# real-traffic capture of Tests/EndToEndTests/Captures; nfdump's JSON is compared (ipfix_compare.py) with the
# same replay's `--records` JSON lines — every session once, same 5-tuple, packets and bytes each way — and
# with tshark's sessions of each capture (F.sessions.tsv: frames each way); then softflowd -b exporting the same
# capture into another nfcapd, compared where their semantics agree; a synthetic capture of many sessions
# (many messages, template refreshes: nfcapd counts no sequence error); `ams run --replay` exports too; a
# collector that is not listening makes failed sends counted, not a failure.
# Needs nfcapd/nfdump (and softflowd), installed by Scripts/install-test-peers.sh: a SKIP line without them.
# Prints one PASS/FAIL line per check and `N passed, M failed` last.
#   AMS=path/to/ams [TRACEGEN=path/to/ams-tracegen] Tests/Integration/ipfix.sh
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ams="${AMS:-$root/.build/debug/ams}"
tracegen="${TRACEGEN:-$(dirname "$ams")/ams-tracegen}"
compare="$root/Tests/Integration/ipfix_compare.py"
captures="$root/Tests/EndToEndTests/Captures"
# The suite's scratch directory, counts, checks and daemons: expect.sh; the collector running is stopped too.
source "$(dirname "${BASH_SOURCE[0]}")/expect.sh"
collector=""
trap '[ -n "$collector" ] && kill -TERM "$collector" 2>/dev/null; stop_daemons; rm -rf "$scratch"' EXIT
if ! command -v nfcapd >/dev/null || ! command -v nfdump >/dev/null; then
    echo "SKIP ipfix: no nfcapd/nfdump (Scripts/install-test-peers.sh installs nfdump)"
    echo "0 passed, 0 failed"
    exit 0
fi
free_port() { python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_collector DIR: nfcapd in the foreground (in the background of this shell) on a free UDP port of
# 127.0.0.1, storing into DIR; sets `port` and `collector`.
start_collector() {
    mkdir -p "$1"
    port="$(free_port)"
    nfcapd -w "$1" -p "$port" -b 127.0.0.1 -t 3600 >"$1.log" 2>&1 &
    collector=$!
    wait_for 'Startup' "$1.log" 10 >/dev/null
}
# received: nfcapd's socket has no datagram waiting (its receive queue in /proc/net/udp is empty).
received() {
    local queue
    queue="$(awk -v port=":$(printf '%04X' "$port")" '$2 ~ port "$" { print $5 }' /proc/net/udp)"
    [[ -n $queue && ${queue#*:} == 00000000 ]]
}
# stop_collector DIR: once nfcapd has taken every datagram sent, stopped (it writes its file when it ends),
# then DIR's flows as JSON in DIR.json.
stop_collector() {
    for _ in $(seq 50); do received && break; sleep 0.1; done
    kill -TERM "$collector" 2>/dev/null
    wait "$collector" 2>/dev/null
    collector=""
    nfdump -R "$1" -o json >"$1.json" 2>"$1.nfdump.err"
}

# config BASE PORT PROFILE_LINES: BASE with its first service set exporting to 127.0.0.1:PORT.
config() {
    python3 - "$1" "$2" "${3:-}" <<'PY'
import re, sys
base, port, extra = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(base).read()
text = re.sub(r"(service-set \S+ \{)", r"\1\n        jflow-log { template-profile t1; }", text, count=1)
text = text.replace("services {", f"""services {{
    jflow-log {{
        collector c1 {{ destination-address 127.0.0.1; destination-port {port}; source-ip 127.0.0.1; }}
        collector-group cg1 {{ collector c1; }}
        template-profile t1 {{ collector-group cg1; template-type session; version ipfix; {extra} }}
    }}""", 1)
print(text)
PY
}
# The real-traffic captures' configuration: every session accepted (as the built-in one), two members.
cat >"$scratch/accept.conf" <<'CONF'
interfaces { ams0 { load-balancing-options { member-interface mams-0/0/0; member-interface mams-0/1/0; } unit 1 { family inet; family inet6; } } }
services { service-set ss1 { interface-service { service-interface ams0.1; } } }
CONF

# check_capture NAME CAPTURE BASE_CONFIG [ORACLE]: one replay exporting to a fresh nfcapd, compared.
check_capture() {
    local name=$1 capture=$2 base=$3 oracle=${4:-}
    local dir="$scratch/$name"
    start_collector "$dir"
    config "$base" "$port" >"$dir.conf"
    "$ams" replay "$capture" --config "$dir.conf" --quiet --records "$dir.records" "show services sessions count" \
        >/dev/null 2>"$dir.err"
    local status=$?
    stop_collector "$dir"
    local sessions
    sessions="$(wc -l <"$dir.records" 2>/dev/null || echo 0)"
    summary() { grep -Eq "^ams: ipfix: $sessions records? in [1-9][0-9]* messages? sent to 127\.0\.0\.1:$port, 0 failed$" "$dir.err"; }
    if ((status != 0)) || ! summary; then
        echo "FAIL $name: ams replay exit $status, or no 'ipfix: $sessions records … 0 failed' line:"; sed 's/^/    /' "$dir.err"
        failed=$((failed + 1))
        return
    fi
    if python3 "$compare" ams "$dir.json" "$dir.records" $oracle >"$dir.compare" 2>&1; then
        echo "PASS $name: $sessions sessions at nfcapd as in the records$([ -n "$oracle" ] && echo " and tshark's sessions")"
        passed=$((passed + 1))
    else
        echo "FAIL $name:"; sed 's/^/    /' "$dir.compare"
        failed=$((failed + 1))
    fi
    if command -v softflowd >/dev/null; then
        local reference="$scratch/$name.softflowd"
        start_collector "$reference"
        softflowd -r "$capture" -n "127.0.0.1:$port" -v 10 -b >"$reference.out" 2>&1
        stop_collector "$reference"
        if grep -q 'Unsupported datalink' "$reference.out"; then
            echo "SKIP $name: softflowd: $(grep -m1 'Unsupported datalink' "$reference.out")"
        elif python3 "$compare" softflowd "$reference.json" "$dir.records" >"$reference.compare" 2>&1; then
            echo "PASS $name: softflowd -b's flows sum to the same per 5-tuple"
            passed=$((passed + 1))
        else
            echo "FAIL $name: softflowd differs:"; sed 's/^/    /' "$reference.compare"
            failed=$((failed + 1))
        fi
    fi
}

check_capture sample "$root/Samples/sample.pcap" "$root/Samples/config/stateful-firewall.conf"
for capture in "$captures"/*.pcap "$captures"/*.pcapng; do
    [ -e "$capture" ] || continue
    file="$(basename "$capture")"
    check_capture "$file" "$capture" "$scratch/accept.conf" "$capture.sessions.tsv"
done

# Many sessions: many messages per member, templates refreshed every 10 messages; nfcapd sees no sequence
# number gap, and every session arrives (nfdump's count).
big="$scratch/big.pcap"
if [ -x "$tracegen" ] && "$tracegen" mixed "$big" --sessions 2000 --packets 100000 >/dev/null 2>&1; then
    dir="$scratch/big"
    start_collector "$dir"
    config "$scratch/accept.conf" "$port" "refresh-rate { packets 10; seconds 10; }" >"$dir.conf"
    "$ams" replay "$big" --config "$dir.conf" --quiet --records "$dir.records" "show services sessions count" >/dev/null 2>"$dir.err"
    stop_collector "$dir"
    sessions="$(wc -l <"$dir.records")"
    many() {
        grep -Eq "^ams: ipfix: $sessions records in [0-9]{3,} messages sent to 127\.0\.0\.1:$port, 0 failed$" "$dir.err" \
            && grep -q 'Sequence Errors: 0,' "$dir.log" \
            && python3 "$compare" ams "$dir.json" "$dir.records"
    }
    expect "$sessions sessions of a synthetic capture in hundreds of messages, no sequence error, all equal" 0 "" many
else
    echo "FAIL synthetic capture: cannot generate it with $tracegen (build the ams-tracegen product, or set TRACEGEN)"
    failed=$((failed + 1))
fi

# Samples/config/ipfix.conf as written (but its port): the README's example.
dir="$scratch/readme"
start_collector "$dir"
sed "s/destination-port 9995;/destination-port $port;/" "$root/Samples/config/ipfix.conf" >"$dir.conf"
"$ams" replay "$root/Samples/sample.pcap" --config "$dir.conf" --quiet --records "$dir.records" >/dev/null 2>"$dir.err"
stop_collector "$dir"
readme_example() {
    grep -Eq "^ams: ipfix: 11 records in 2 messages sent to 127\.0\.0\.1:$port, 0 failed$" "$dir.err" \
        && python3 "$compare" ams "$dir.json" "$dir.records"
}
expect "Samples/config/ipfix.conf: the sample's 11 sessions in 2 messages (one per member)" 0 "" readme_example

# The daemon exports too: `ams run --replay` at full speed, stopped; its log says what it sent.
dir="$scratch/daemon"
start_collector "$dir"
config "$root/Samples/config/stateful-firewall.conf" "$port" >"$dir.conf"
"$ams" run --config "$dir.conf" --replay "$root/Samples/sample.pcap" --as-fast-as-possible --socket "$scratch/ams.sock" \
    --records "$dir.records" 2>"$dir.err" &
daemons+=($!)
wait_for '^ams run: end of capture' "$dir.err" 20 >/dev/null
stop_daemons
daemons=()
stop_collector "$dir"
daemon_exports() {
    grep -Eq '^ams run: ipfix: 11 records in [1-9][0-9]* messages? sent to 127\.0\.0\.1:[0-9]+, 0 failed$' "$dir.err" \
        && python3 "$compare" ams "$dir.json" "$dir.records"
}
expect "ams run --replay exports the sample's 11 sessions when stopped" 0 "" daemon_exports

# No collector listening: the sends fail (ICMP port unreachable on loopback), counted; the replay succeeds.
port="$(free_port)"
config "$root/Samples/config/stateful-firewall.conf" "$port" "refresh-rate { packets 1; }" >"$scratch/nobody.conf"
nobody() {
    "$ams" replay "$root/Samples/sample.pcap" --config "$scratch/nobody.conf" --quiet "show services sessions count" \
        >/dev/null 2>"$scratch/nobody.err" || return 1
    grep -Eq "^ams: ipfix: 11 records in [0-9]+ messages? sent to 127\.0\.0\.1:$port, [0-9]+ failed$" "$scratch/nobody.err"
}
expect "no collector: the replay succeeds and says what it sent" 0 "" nobody

# A source-ip the host does not have is refused at start, naming the collector.
sed 's/source-ip 127.0.0.1/source-ip 192.0.2.77/' "$scratch/nobody.conf" >"$scratch/foreign.conf"
expect "a source-ip not on this host is refused" 64 "jflow-log collector c1: source-ip 192.0.2.77: Cannot assign requested address" \
    "$ams" replay "$root/Samples/sample.pcap" --config "$scratch/foreign.conf" --quiet "show services sessions count"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
