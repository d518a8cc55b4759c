#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Scripts/bench-listing.sh [--no-build] [--runs N] [--flows N] — listing a large table (README, *Listing a
# large table*): a daemon (`ams run --replay`, one member, long timeouts) holding the sessions of
# `ams-tracegen udp-pairs --flows N --seed 1` (default 1,000,000), then, each run, every command below with
# its output to /dev/null:
#   ams show services sessions                     the text
#   ams show services sessions | display xml       the XML document
#   ams show services sessions | display json      the JSON document
#   ams show services sessions | display xml | count   (the bytes stay in the daemon)
#   NETCONF <get-msp-session-table/> read by OpenSSH (`ssh -s … netconf`, a key user), when ssh is installed
# and prints per command its bytes, the median seconds of --runs (default 3) and the ratio to the text's median.
#
# With AMS_BEFORE_BIN (an earlier ams), a second daemon runs that binary and every command runs against it
# too, interleaved run by run with this one (rows marked "(before)"), so both see the same machine.
# Environment: AMS_BIN, TRACEGEN_BIN (default: the release build), BENCH_DIR (default /tmp/ams-bench-listing),
# BENCH_TIMEOUT (seconds a command may take, default 300; one that fails or times out is marked FAILED).
# The daemons run under `nice -n 19`, the clients at normal priority (a command waits for its client on a
# thread of its own; one whose client takes nothing for 60 s is stopped: ReplyChannel.patience).
# Wall time from bash's $EPOCHREALTIME; each daemon's peak RSS (VmHWM, over the replay and every command).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/ams-bench-listing}
BUILD=1 RUNS=3 FLOWS=1000000 TIMEOUT=${BENCH_TIMEOUT:-300}
usage() { sed -n '2,/^set -uo/p' "$0" | sed -n 's/^# \{0,1\}//p'; }
while (($#)); do
    case $1 in
        --no-build) BUILD=0 ;;
        --runs) RUNS=$2; shift ;;
        --flows) FLOWS=$2; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench-listing.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
mkdir -p "$BENCH_DIR"
if ((BUILD)) && [[ -z ${AMS_BIN:-} ]]; then
    nice -n 19 swift build -c release --package-path "$ROOT" --product ams >&2 || exit 1
    nice -n 19 swift build -c release --package-path "$ROOT" --product ams-tracegen >&2 || exit 1
fi
BIN=$(swift build -c release --package-path "$ROOT" --show-bin-path 2>/dev/null)
AMS=${AMS_BIN:-$BIN/ams}
TRACEGEN=${TRACEGEN_BIN:-$BIN/ams-tracegen}
capture="$BENCH_DIR/udp-pairs-$FLOWS.pcap"
[[ -s $capture ]] || nice -n 19 "$TRACEGEN" udp-pairs --flows "$FLOWS" --seed 1 "$capture" >&2 || exit 1

# The key user of the NETCONF reads.
[[ -s $BENCH_DIR/key ]] || ssh-keygen -q -t ed25519 -N '' -C bench@ams -f "$BENCH_DIR/key" >/dev/null
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

daemons=()
trap 'for pid in "${daemons[@]}"; do kill "$pid" 2>/dev/null; done; wait' EXIT
# start NAME AMS: a daemon of binary AMS on $BENCH_DIR/NAME.sock and a NETCONF port ($port_NAME).
start() {
    local port; port=$(free_port)
    printf -v "port_$1" %s "$port"
    cat >"$BENCH_DIR/$1.conf" <<CONF
interfaces {
    ams0 {
        load-balancing-options {
            member-interface mams-0/0/0;
        }
        services-options {
            inactivity-timeout 86400;
        }
        unit 1 {
            family inet;
        }
    }
}
services {
    service-set ss1 {
        interface-service {
            service-interface ams0.1;
        }
    }
}
system {
    services {
        netconf {
            ssh {
                port $port;
            }
        }
    }
    login {
        user bench {
            uid 2001;
            class read-only;
            authentication {
                ssh-ed25519 "$(cat "$BENCH_DIR/key.pub")";
            }
        }
    }
}
CONF
    nice -n 19 "$2" run --config "$BENCH_DIR/$1.conf" --replay "$capture" --as-fast-as-possible \
        --socket "$BENCH_DIR/$1.sock" --netconf-host-key "$BENCH_DIR/$1.hostkey" 2>"$BENCH_DIR/$1.log" &
    daemons+=($!)
    for _ in $(seq 1200); do grep -q "end of capture" "$BENCH_DIR/$1.log" && return 0; sleep 0.1; done
    echo "bench-listing.sh: $1: no end of capture" >&2; cat "$BENCH_DIR/$1.log" >&2; exit 1
}
names=(after); bins=("$AMS")
[[ -n ${AMS_BEFORE_BIN:-} ]] && { names=(before after); bins=("$AMS_BEFORE_BIN" "$AMS"); }
for i in "${!names[@]}"; do start "${names[$i]}" "${bins[$i]}"; done

commands=(text xml json xml-count)
command -v ssh >/dev/null && commands+=(netconf)
# run NAME AMS COMMAND: the command's output on standard output (at most $BENCH_TIMEOUT s, default 300).
run() {
    local sock="$BENCH_DIR/$1.sock" port_var="port_$1"
    case $3 in
        text) timeout "$TIMEOUT" "$2" show --socket "$sock" services sessions ;;
        xml) timeout "$TIMEOUT" "$2" show --socket "$sock" services sessions '|' display xml ;;
        json) timeout "$TIMEOUT" "$2" show --socket "$sock" services sessions '|' display json ;;
        xml-count) timeout "$TIMEOUT" "$2" show --socket "$sock" services sessions '|' display xml '|' count ;;
        netconf)
            # Hello, the RPC, then the close: the reply is read to its end before the channel closes.
            printf '%s]]>]]>%s]]>]]>%s]]>]]>' \
                '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>' \
                '<rpc message-id="1"><get-msp-session-table/></rpc>' '<rpc message-id="2"><close-session/></rpc>' |
                timeout "$TIMEOUT" ssh -q -p "${!port_var}" -i "$BENCH_DIR/key" -o StrictHostKeyChecking=no \
                    -o UserKnownHostsFile=/dev/null -o BatchMode=yes -s bench@127.0.0.1 netconf ;;
    esac
}
declare -A bytes times failed
for i in "${!names[@]}"; do
    for command in "${commands[@]}"; do
        bytes[${names[$i]}/$command]=$(run "${names[$i]}" "${bins[$i]}" "$command" | wc -c)
    done
done
for _ in $(seq "$RUNS"); do
    for command in "${commands[@]}"; do
        for i in "${!names[@]}"; do
            start_time=$EPOCHREALTIME
            run "${names[$i]}" "${bins[$i]}" "$command" >/dev/null || failed[${names[$i]}/$command]+="$? "
            times[${names[$i]}/$command]+="$(awk "BEGIN { print $EPOCHREALTIME - $start_time }") "
        done
    done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
printf '| command (output to /dev/null) | bytes | seconds (median of %s) | × text |\n| --- | ---: | ---: | ---: |\n' "$RUNS"
for name in "${names[@]}"; do
    text=$(median <<<"${times[$name/text]}")
    for command in "${commands[@]}"; do
        seconds=$(median <<<"${times[$name/$command]}")
        label="ams show services sessions"
        case $command in
            xml) label+=" \\| display xml" ;; json) label+=" \\| display json" ;;
            xml-count) label+=" \\| display xml \\| count" ;; netconf) label="NETCONF <get-msp-session-table/>, OpenSSH reading" ;;
        esac
        [[ ${#names[@]} -gt 1 ]] && label+=" ($name)"
        [[ -n ${failed[$name/$command]:-} ]] && label+=" (FAILED: exit ${failed[$name/$command]})"
        printf '| %s | %s | %.2f | %.1f× |\n' "$label" "${bytes[$name/$command]}" "$seconds" "$(awk "BEGIN { print $seconds / $text }")"
    done
done
for i in "${!names[@]}"; do echo "${names[$i]} daemon peak RSS: $(awk '/VmHWM/ { print $2, $3 }' "/proc/${daemons[$i]}/status")"; done
for key in "${!times[@]}"; do echo "$key: ${times[$key]}"; done | sort >"$BENCH_DIR/times.txt"
