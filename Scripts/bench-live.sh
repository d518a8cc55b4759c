#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Scripts/bench-live.sh [--no-build] [--seconds N] [--pps N|max] [--offloads off|on] — live benchmarks of `ams run` (SPEC.md §6)
# against the kernel's own tools, on the veth topology of the live suite (Tests/Integration/live/topology.sh:
# client amsT-c, middle amsT-m, server amsT-s; the same ethtool offload settings for every row):
#
#   1. monitor: a fixed offered load — tcpreplay --pps N (default 100000) of an ams-tracegen `mixed` trace,
#      from the client into the bridge port amsTm0 for --seconds (default 5) — captured on amsTm0 by
#      `tcpdump -w /dev/null` (packets captured, dropped by the kernel) and by `ams run` in monitor mode
#      (Samples/config/live-monitor.conf; packets counted, ring drops): captured packets/s and the ratio
#      ams / tcpdump. `--pps max`: tcpreplay --topspeed, 400,000 frames per second asked for (the generator's
#      own limit decides; rates are then frames over the time tcpreplay took).
#   2. inline: iperf3 TCP throughput (1 stream, --seconds) client -> server through the kernel bridge and
#      through `ams run` inline (live-monitor.conf turned inline: no rules, so iperf3's port is accepted)
#      — the ratio ams / bridge.
#   3. latency: ping RTT (50 pings at 10 ms) through the bridge and through ams inline — medians, and the
#      RTT ams adds.
# Until this ams has `run` (with `linux-interfaces`), the ams halves print "n/a" and only the baselines run.
# On veth the whole receive path runs in the sender's softirq, so these numbers show overhead relative to the
# kernel on this machine (operations-research.md §1.3), not a NIC's limits.
#
# Environment: AMS_BIN (default: release build), TRACEGEN_BIN (default: release build), BENCH_DIR (trace
# cache and logs, default /tmp/ams-bench-live). Needs root, iproute2, ethtool, tcpdump, tcpreplay, iperf3.
# Output: a Markdown table on standard output (also written to $BENCH_DIR/results.md).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LIVE="$ROOT/Tests/Integration/live"
BENCH_DIR=${BENCH_DIR:-/tmp/ams-bench-live}
BUILD=1 SECONDS_EACH=5 PPS=100000
usage() { sed -n '2,/^set -uo/p' "$0" | sed -n 's/^# \{0,1\}//p'; }
while (($#)); do
    case $1 in
        --no-build) BUILD=0 ;;
        --seconds) SECONDS_EACH=$2; shift ;;
        --offloads) export AMST_OFFLOADS=$2; shift; [[ $AMST_OFFLOADS == on || $AMST_OFFLOADS == off ]] || { echo "bench-live.sh: --offloads on or off" >&2; exit 2; } ;;
        --pps) PPS=$2; shift; [[ $PPS == max || $PPS =~ ^[1-9][0-9]*$ ]] || { echo "bench-live.sh: --pps N or max" >&2; exit 2; } ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench-live.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
[[ $(id -u) -eq 0 ]] || { echo "bench-live.sh: needs root (network namespaces)" >&2; exit 1; }
for tool in ip ethtool tcpdump tcpreplay iperf3 ping python3; do
    command -v "$tool" >/dev/null || { echo "bench-live.sh: missing $tool (Scripts/install-test-peers.sh)" >&2; exit 1; }
done
mkdir -p "$BENCH_DIR/logs"
log() { printf '[bench-live] %s\n' "$*" >&2; }

build_product() {  # build_product NAME → the release binary's path (--no-build: as it was last built), or nothing
    local bin
    bin="$(cd "$ROOT" && swift build -c release --show-bin-path)/$1"
    if ((BUILD)); then
        (cd "$ROOT" && swift build -c release --product "$1") >"$BENCH_DIR/logs/build-$1.log" 2>&1 || return 0
    fi
    [[ -x $bin ]] && printf '%s\n' "$bin"
}
AMS=${AMS_BIN:-$(build_product ams)}
TRACEGEN=${TRACEGEN_BIN:-$(build_product ams-tracegen)}
[[ -n $TRACEGEN && -x $TRACEGEN ]] || { log "no ams-tracegen (set TRACEGEN_BIN or drop --no-build)"; exit 1; }

HAVE_RUN=0
if [[ -n $AMS && -x $AMS ]] && "$AMS" --help 2>&1 | grep -qE '^ +run ' &&
    "$AMS" config check "$ROOT/Samples/config/live-monitor.conf" >/dev/null 2>&1; then
    HAVE_RUN=1
else
    log "this ams (${AMS:-none}) has no 'run' with linux-interfaces: the ams halves print n/a"
fi

source "$LIVE/topology.sh"
source "$LIVE/peers.sh"
TMP=$(mktemp -d /tmp/amsT-bench.XXXXXX)
PEER_DIR="$TMP/peers"
DAEMON_PID=""
SOCK="$TMP/ams.sock"
cleanup() { [[ -n $DAEMON_PID ]] && kill -TERM "$DAEMON_PID" 2>/dev/null; peers_stop; topo_destroy; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# The same trace every run (cached): 1,000 live sessions of HTTP, DNS and ICMP, 200,000 frames.
TRACE="$BENCH_DIR/live-mixed.pcap"
if [[ ! -s $TRACE ]]; then
    log "generating $TRACE"
    "$TRACEGEN" mixed "$TRACE.tmp" --sessions 1000 --packets 200000 >/dev/null && mv "$TRACE.tmp" "$TRACE" || exit 1
fi

daemon_cmd() { timeout 10 "$AMS" "$1" --socket "$SOCK" "${@:2}"; }
daemon_start() {  # daemon_start CONFIG NAME
    ip netns exec "$AMST_M" timeout 300 "$AMS" run --config "$1" --socket "$SOCK" >"$BENCH_DIR/logs/daemon-$2.log" 2>&1 &
    DAEMON_PID=$!
    local i
    for i in $(seq 100); do
        daemon_cmd show services sessions count >/dev/null 2>&1 && return 0
        kill -0 "$DAEMON_PID" 2>/dev/null || break
        sleep 0.1
    done
    log "ams run did not start (see $BENCH_DIR/logs/daemon-$2.log)"; DAEMON_PID=""; return 1
}
daemon_stop() { [[ -n $DAEMON_PID ]] || return 0; kill -TERM "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=""; }
# daemon_counter NAME: the sum of the daemon's analysis counters of that XML element (its Linux interfaces'
# ams-linux-interface-statistics: frames-received, frames-dropped-ring-full).
daemon_counter() {
    daemon_cmd show services sessions analysis '|' display xml 2>/dev/null |
        grep -oE "<$1>[0-9]+" | grep -oE '[0-9]+$' | awk '{s+=$1} END{print s+0}'
}

# offer: the trace at $PPS for $SECONDS_EACH from the client into amsTm0; sets OFFERED (frames sent).
offer() {
    local limit speed start=$EPOCHREALTIME
    if [[ $PPS == max ]]; then speed=(--topspeed); limit=$((400000 * SECONDS_EACH))
    else speed=(--pps="$PPS" --pps-multi=10); limit=$((PPS * SECONDS_EACH)); fi
    OFFERED=$(in_c timeout $((SECONDS_EACH + 10)) tcpreplay -q -i amsTc0 "${speed[@]}" --loop=0 \
        --limit="$limit" "$TRACE" 2>&1 | awk '/Successful packets:/{print $3}')
    OFFERED_SECONDS=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.3f", b - a}')
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN{printf "%.0f", n / s}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0 && a != "") printf "%.2f", a / b; else printf "n/a" }'; }
median() { sort -n | awk '{v[NR]=$1} END{ if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR+1)/2]; else printf "%.3f\n", (v[NR/2]+v[NR/2+1])/2 }'; }

ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 |"); }

# ---- 1. monitor ----------------------------------------------------------------------------------------
topo_create bridge || exit 1
log "1. monitor: tcpdump -w /dev/null on amsTm0, $PPS pps offered for $SECONDS_EACH s"
ip netns exec "$AMST_M" tcpdump -i amsTm0 -n -w /dev/null 2>"$TMP/tcpdump.log" &
TD=$!
for i in $(seq 50); do grep -q 'listening on' "$TMP/tcpdump.log" && break; sleep 0.1; done
offer
TD_OFFERED=$OFFERED TD_SECONDS=$OFFERED_SECONDS
sleep 1
kill -INT "$TD"; wait "$TD" 2>/dev/null
TD_CAPTURED=$(awk '/packets captured/{print $1}' "$TMP/tcpdump.log")
TD_DROPPED=$(awk '/dropped by kernel/{print $1}' "$TMP/tcpdump.log")
log "   offered $OFFERED, tcpdump: $(grep -E 'captured|received|dropped' "$TMP/tcpdump.log" | paste -sd, | tr -s ' ')"
AMS_CAPTURED="" AMS_DROPPED="" AMS_OFFERED="" AMS_SECONDS=1
if ((HAVE_RUN)) && daemon_start "$ROOT/Samples/config/live-monitor.conf" monitor; then
    log "1. monitor: ams run on amsTm0"
    # The kernel's tp_packets (frames-received) includes the frames dropped with the ring full (tp_drops),
    # as tcpdump's "received by filter" does: captured = received - dropped. The daemon publishes them once a
    # tick (≥ 1/s), hence the wait.
    before=$(daemon_counter 'frames-received') before_drops=$(daemon_counter 'frames-dropped-ring-full')
    offer
    AMS_OFFERED=$OFFERED AMS_SECONDS=$OFFERED_SECONDS
    sleep 1.5
    AMS_DROPPED=$(( $(daemon_counter 'frames-dropped-ring-full') - before_drops ))
    AMS_CAPTURED=$(( $(daemon_counter 'frames-received') - before - AMS_DROPPED ))
    daemon_stop
    log "   offered $AMS_OFFERED in $AMS_SECONDS s, ams captured $AMS_CAPTURED, ring drops $AMS_DROPPED"
fi
row "monitor: captured packets/s (offered $([[ $PPS == max ]] && echo "at top speed" || echo "$PPS pps"))" \
    "$(rate "${TD_CAPTURED:-0}" "$TD_SECONDS") (tcpdump; ${TD_DROPPED:-?} dropped of $TD_OFFERED sent in $TD_SECONDS s)" \
    "$([[ -n $AMS_CAPTURED ]] && echo "$(rate "$AMS_CAPTURED" "$AMS_SECONDS") (${AMS_DROPPED:-?} ring drops of $AMS_OFFERED sent in $AMS_SECONDS s)" || echo n/a)" \
    "$(ratio "$([[ -n $AMS_CAPTURED ]] && rate "$AMS_CAPTURED" "$AMS_SECONDS")" "$(rate "${TD_CAPTURED:-0}" "$TD_SECONDS")")"

# ---- 2. and 3. inline ------------------------------------------------------------------------------------
peers_start_iperf || exit 1
iperf_gbps() {
    in_c timeout $((SECONDS_EACH + 15)) iperf3 -c "$AMST_S4" -p 5201 -t "$SECONDS_EACH" -J 2>/dev/null |
        python3 -c 'import json,sys; print("%.3f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e9))' 2>/dev/null
}
ping_median() {
    in_c ping -n -c 50 -i 0.01 -W 1 "$AMST_S4" 2>/dev/null | grep -o 'time=[0-9.]*' | cut -d= -f2 | median
}
log "2. inline: iperf3 through the kernel bridge"
BR_GBPS=$(iperf_gbps)
log "3. ping through the kernel bridge"
BR_RTT=$(ping_median)
AMS_GBPS="" AMS_RTT=""
if ((HAVE_RUN)); then
    topo_bridge_off
    sed -e 's/inside amsTm0;/&\n            outside amsTm1;/' -e 's/mode monitor;/mode inline;/' \
        "$ROOT/Samples/config/live-monitor.conf" >"$TMP/inline-all.conf"
    if daemon_start "$TMP/inline-all.conf" inline; then
        log "2. inline: iperf3 through ams run"
        AMS_GBPS=$(iperf_gbps)
        log "3. ping through ams run"
        AMS_RTT=$(ping_median)
        daemon_stop
    fi
    topo_bridge_on
fi
row "inline: iperf3 TCP, 1 stream, Gbit/s" "${BR_GBPS:-n/a} (bridge)" "${AMS_GBPS:-n/a}" "$(ratio "$AMS_GBPS" "${BR_GBPS:-0}")"
row "ping RTT median of 50 at 10 ms, ms" "${BR_RTT:-n/a} (bridge)" "${AMS_RTT:-n/a}" \
    "$([[ -n $AMS_RTT && $AMS_RTT != n/a ]] && awk -v a="$AMS_RTT" -v b="$BR_RTT" 'BEGIN{printf "+%.3f ms", a - b}' || echo n/a)"

{
    echo "## ams run live benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(uname -r), veth, offloads ${AMST_OFFLOADS:-off}$([[ ${AMST_OFFLOADS:-off} == off ]] && echo ": tx tso gso gro")$([[ ${AMST_OFFLOADS:-off} == on ]] && echo ": veth defaults"))"
    echo
    echo "ams: ${AMS:-none}; offered: $([[ $PPS == max ]] && echo "tcpreplay --topspeed" || echo "$PPS pps") for $SECONDS_EACH s of $(basename "$TRACE")"
    echo
    echo "| measurement | kernel baseline | ams run | ams / baseline |"
    echo "|---|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
} | tee "$BENCH_DIR/results.md"
