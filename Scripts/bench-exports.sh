#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Scripts/bench-exports.sh [--runs N] [--members M] [--syslog-tcp] [--no-build] [--quick]
#
# What session logs and flow records cost (issue 17, point 5; SPEC.md §8): the mixed benchmark trace of
# Scripts/bench.sh replayed by `ams replay` with the same configuration twice — once exporting nothing, once
# with syslog (session-logs and stateful-firewall-logs, RFC 3164 over UDP — or, with --syslog-tcp, RFC 5424
# over TCP — to a private rsyslogd on loopback) and IPFIX (`services jflow-log`, to a private nfcapd on loopback) both on — alternately, run after
# run, so both see the same state of the machine; each the best of N runs (default 5).
# Prints, for each, the replay's rate — packets over the engine's own time for them (`--stats`' *data
# path*: the pump and the members, from the first frame to the last packet processed) — and its ratio to
# exports off (the target: ≥ 0.9×); then the whole process's wall time and its ratio, which adds the
# exports made after the last packet (every session still open ends by `shutdown`, and the replay waits
# until the exporters have them); what the exporters said they sent (lines, records, drops, lines shed),
# and what the collectors received. The named peer on the same file, in the same rounds:
# `softflowd -r FILE -v 10 -b` exporting IPFIX biflows to the same nfcapd (its whole process).
#
# Environment: BENCH_DIR (trace cache, default /tmp/ams-bench), AMS_BIN / TRACEGEN_BIN (binaries to use).
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/ams-bench}
RUNS=5
MEMBERS=1
BUILD=1
TRANSPORT=udp
SESSIONS=50000
PACKETS=2000000
while (($#)); do
    case $1 in
        --runs) RUNS=$2; shift ;;
        --members) MEMBERS=$2; shift ;;
        --no-build) BUILD=0 ;;
        --syslog-tcp) TRANSPORT=tcp ;;
        --quick) SESSIONS=10000; PACKETS=200000; RUNS=3 ;;
        -h|--help) sed -n '5,/^set -uo/p' "$0" | sed -n 's/^# \{0,1\}//p'; exit 0 ;;
        *) echo "bench-exports.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
log() { echo "bench-exports: $*" >&2; }

if ((BUILD)) && [[ -z ${AMS_BIN:-} ]]; then
    log "building release ams and ams-tracegen…"
    (cd "$ROOT" && swift build -c release --product ams >&2 && swift build -c release --product ams-tracegen >&2) || exit 1
fi
AMS=${AMS_BIN:-$ROOT/.build/release/ams}
TRACEGEN=${TRACEGEN_BIN:-$ROOT/.build/release/ams-tracegen}
for tool in "$AMS" "$TRACEGEN"; do [[ -x $tool ]] || { log "no $tool (build it, or drop --no-build)"; exit 1; }; done
for tool in rsyslogd nfcapd nfdump; do
    command -v "$tool" >/dev/null || { log "no $tool: Scripts/install-test-peers.sh installs rsyslog and nfdump"; exit 1; }
done

mkdir -p "$BENCH_DIR"
TRACE="$BENCH_DIR/mixed-${SESSIONS}x${PACKETS}.pcap"
if [[ ! -s $TRACE ]]; then
    log "generating $TRACE…"
    "$TRACEGEN" mixed "$TRACE.tmp" --sessions "$SESSIONS" --packets "$PACKETS" --seed 1 >/dev/null && mv "$TRACE.tmp" "$TRACE" || exit 1
fi
cat "$TRACE" >/dev/null   # into the page cache

scratch=$(mktemp -d)
pids=()
trap 'for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$scratch"' EXIT
free_port() { python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
syslog_port=$(free_port)
ipfix_port=$(free_port)

# The collectors: a private rsyslogd (its own configuration, nothing of the system's touched) and nfcapd, at
# nice 19: they stand for machines of their own (on two cores at nice 0 they would take the members' cores).
source "$ROOT/Tests/Integration/rsyslog.sh"
rsyslog_conf "$scratch" 64m "syslog udp $syslog_port" "syslog tcp $syslog_port" >"$scratch/rsyslog.conf"
nice -n 19 rsyslogd -n -f "$scratch/rsyslog.conf" -i "$scratch/rsyslogd.pid" 2>"$scratch/rsyslogd.err" &
pids+=($!)
mkdir -p "$scratch/flows"
nice -n 19 nfcapd -w "$scratch/flows" -p "$ipfix_port" -b 127.0.0.1 -t 3600 >"$scratch/nfcapd.log" 2>&1 &
pids+=($!)
sleep 1

members=""
for ((m = 0; m < MEMBERS; m++)); do members+="            member-interface mams-0/$m/0;"$'\n'; done
configuration() {  # configuration EXPORTS: the bench's configuration, with the service set's exports or none
    cat <<CONF
interfaces {
    ams0 {
        load-balancing-options {
$members        }
        unit 1 { family inet; }
    }
}
services {
    service-set ss1 {
$1
        interface-service { service-interface ams0.1; }
    }
    jflow-log {
        collector local { destination-address 127.0.0.1; destination-port $ipfix_port; }
        template-profile sessions { collector local; template-type session; version ipfix; }
    }
}
CONF
}
configuration "" >"$scratch/off.conf"
configuration "        jflow-log { template-profile sessions; }" >"$scratch/ipfix.conf"
transport=""
[[ $TRANSPORT == tcp ]] && transport="transport tcp; structured-data;"
configuration "        syslog { host 127.0.0.1 { services any; class session-logs; class stateful-firewall-logs; port $syslog_port; $transport } }
        jflow-log { template-profile sessions; }" >"$scratch/on.conf"
"$AMS" config check "$scratch/on.conf" >/dev/null || { log "the configuration is refused:"; "$AMS" config check "$scratch/on.conf"; exit 1; }

declare -A best bestpath
run_once() {  # run_once NAME CONFIG: one replay (NAME softflowd: the peer); its wall time kept if the best
    local start end seconds
    start=$EPOCHREALTIME
    if [[ $1 == softflowd ]]; then
        # -m: hold every flow (in file mode softflowd expires only when its table is full); no -c (see bench.sh).
        softflowd -r "$TRACE" -n "127.0.0.1:$ipfix_port" -v 10 -b -m 4000000 -p "$scratch/softflowd.pid" \
            >/dev/null 2>"$scratch/$1.err" || { log "softflowd failed:"; cat "$scratch/$1.err" >&2; exit 1; }
    else
        "$AMS" replay "$TRACE" --config "$2" --quiet --stats show services sessions count >"$scratch/$1.out" 2>"$scratch/$1.err" ||
            { log "$1 failed:"; cat "$scratch/$1.err" >&2; exit 1; }
    fi
    end=$EPOCHREALTIME
    seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')
    if [[ -z ${best[$1]:-} ]] || awk -v s="$seconds" -v b="${best[$1]}" 'BEGIN { exit !(s < b) }'; then
        best[$1]=$seconds
        cp "$scratch/$1.err" "$scratch/$1.best.err"
    fi
    # The engine's own time for the packets (`--stats` data path), its best run kept apart.
    local path
    path=$(sed -n -E 's/^data path: ([0-9.]+) s$/\1/p' "$scratch/$1.out" "$scratch/$1.err" 2>/dev/null | head -1)
    if [[ -n $path ]] && { [[ -z ${bestpath[$1]:-} ]] || awk -v s="$path" -v b="${bestpath[$1]}" 'BEGIN { exit !(s < b) }'; }; then
        bestpath[$1]=$path
    fi
}
log "$RUNS runs each, alternately, of ams replay $(basename "$TRACE") with $MEMBERS member(s): exports off / on…"
for ((round = 0; round < RUNS; round++)); do
    run_once off "$scratch/off.conf"
    run_once ipfix "$scratch/ipfix.conf"
    run_once on "$scratch/on.conf"
    if command -v softflowd >/dev/null; then run_once softflowd ""; fi
done
sleep 1
kill -TERM "${pids[1]}" 2>/dev/null; wait "${pids[1]}" 2>/dev/null   # nfcapd writes its file

rate() { awk -v p="$PACKETS" -v s="$1" 'BEGIN { printf "%.0f", p / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b / a }'; }   # ratio SECONDS OFF_SECONDS: rate / rate off
verdict() { awk -v r="$1" 'BEGIN { print (r >= 0.9) ? "met" : "NOT met" }'; }
lines=$(cat "$scratch/syslog.log" 2>/dev/null | wc -l)
flows=$(nfdump -R "$scratch/flows" -q -o csv 2>/dev/null | grep -c . || true)
row() {  # row NAME LABEL
    local path=${bestpath[$1]} whole=${best[$1]} r w
    r=$(ratio "$path" "${bestpath[off]}")
    w=$(ratio "$whole" "${best[off]}")
    echo "| $2 | $path s | $(rate "$path") | ${r}× ($(verdict "$r")) | $whole s | ${w}× |"
}
echo "| exports | data path (best of $RUNS) | packets/s | × off (target ≥ 0.9×) | whole process (best of $RUNS) | × off |"
echo "| --- | --- | --- | --- | --- | --- |"
echo "| off | ${bestpath[off]} s | $(rate "${bestpath[off]}") | — | ${best[off]} s | — |"
row ipfix "IPFIX"
row on "syslog ($TRANSPORT) + IPFIX"
if [[ -n ${best[softflowd]:-} ]]; then
    echo "| peer: softflowd -r -v 10 -b (IPFIX) | — | — | — | ${best[softflowd]} s | $(ratio "${best[softflowd]}" "${best[off]}")×; ams with IPFIX $(awk -v a="${best[softflowd]}" -v b="${best[ipfix]}" 'BEGIN { printf "%.1f", a / b }')× its speed |"
fi
echo
for run in ipfix on; do
    echo "the best '$run' run said:"
    grep '^ams: ' "$scratch/$run.best.err" | sed 's/^/    /'
done
echo "received over all runs: $lines syslog lines (rsyslogd), $flows flow records (nfdump)"
