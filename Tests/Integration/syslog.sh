#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Syslog of session records (SPEC.md §8), without root: a real rsyslog (Debian's `rsyslog`, started here on
# loopback with a private configuration — imudp and imtcp on free ports, each input writing the raw messages
# it receives to its own file in a temporary directory; the system's rsyslog is not touched) receives what
# `ams replay` sends for the sample capture and the real captures of Tests/EndToEndTests/Captures, once over
# UDP in RFC 3164 and once over TCP in RFC 5424 (octet counting); `host local` writes a file; `ams run --replay`
# (the daemon) sends them too. Every line received is parsed by the regular expressions of Juniper's test
# library (syslog_check.py) and compared with the replay's `--records` JSON lines and `show services sessions
# extensive`. Prints one PASS/FAIL line per check and `N passed, M failed` last.
#   AMS=path/to/ams Tests/Integration/syslog.sh
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ams="${AMS:-$root/.build/debug/ams}"
# The suite's scratch directory, counts, checks and daemons (stopped at exit): expect.sh.
source "$(dirname "${BASH_SOURCE[0]}")/expect.sh"
rsyslogd="$(command -v rsyslogd || echo /usr/sbin/rsyslogd)"
if [[ ! -x $rsyslogd ]]; then
    echo "FAIL rsyslogd is installed (Scripts/install-test-peers.sh installs rsyslog)"
    echo "0 passed, 1 failed"
    exit 1
fi
free_port() { python3 -c "import socket; s = socket.socket(socket.AF_INET, socket.$1); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
udp_port="$(free_port SOCK_DGRAM)"
tcp_port="$(free_port SOCK_STREAM)"
daemon_port="$(free_port SOCK_DGRAM)"
before_port="$(free_port SOCK_DGRAM)"
after_port="$(free_port SOCK_DGRAM)"

# The collector's inputs, each writing what it receives to $scratch/NAME.log (rsyslog.sh).
source "$(dirname "${BASH_SOURCE[0]}")/rsyslog.sh"
rsyslog_conf "$scratch" 16m "udp udp $udp_port" "tcp tcp $tcp_port" "daemon udp $daemon_port" \
    "before udp $before_port" "after udp $after_port" >"$scratch/rsyslog.conf"
"$rsyslogd" -n -f "$scratch/rsyslog.conf" -i "$scratch/rsyslogd.pid" 2>"$scratch/rsyslogd.err" &
daemons+=($!)
listening() {
    for _ in $(seq 100); do
        ss -Hltn "sport = :$tcp_port" 2>/dev/null | grep -q . && return 0
        sleep 0.1
    done
    cat "$scratch/rsyslogd.err" >&2
    return 1
}
expect "rsyslogd listens on 127.0.0.1 (udp $udp_port, tcp $tcp_port)" 0 "" listening

# conf FILE HOST-STATEMENTS: the sample's firewall (terms that accept and reject say `syslog`) with a host name
# and the service set's syslog hosts.
conf() {
    sed -e 's|        interface-service {|        syslog { '"$2"' }\n        interface-service {|' \
        -e 's|                    accept;|                    accept;\n                    syslog;|' \
        -e 's|                    reject;|                    reject;\n                    syslog;|' \
        "$root/Samples/config/stateful-firewall.conf" >"$1"
    echo 'system { host-name ams-test-1; }' >>"$1"
}
# lines FILE: the number of lines in FILE (0 if none).
lines() { [[ -f $1 ]] && wc -l <"$1" || echo 0; }
# received FILE N: up to 10 s for FILE to have N lines.
received() {
    for _ in $(seq 100); do
        [[ $(lines "$1") -ge $2 ]] && return 0
        sleep 0.1
    done
    echo "$1 has $(lines "$1") lines, expected $2" >&2
    return 1
}
# syslog_checks ARG…: syslog_check.py's checks, each named after "$label" (expect.sh's py_checks).
syslog_checks() { py_label=$label py_checks python3 "$root/Tests/Integration/syslog_check.py" "$@"; }

# all_conf FILE HOST-STATEMENTS: the real captures' firewall: one rule, in a rule set, whose one term accepts
# everything and says syslog.
all_conf() {
    cat >"$1" <<CONF
interfaces { ams0 { load-balancing-options { member-interface mams-0/0/0; member-interface mams-0/1/0; } unit 1 { family inet; } } }
services {
    service-set ss1 {
        stateful-firewall-rule-sets rs1;
        syslog { $2 }
        interface-service { service-interface ams0.1; }
    }
    stateful-firewall {
        rule all-in { match-direction input; term everything { then { accept; syslog; } } }
        rule-set rs1 { rule all-in; }
    }
}
system { host-name ams-test-1; }
CONF
}
udp_host="host 127.0.0.1 { services any; class session-logs; class stateful-firewall-logs; port $udp_port; }"
tcp_host="host 127.0.0.1 { services any; class session-logs; class stateful-firewall-logs; port $tcp_port; transport tcp; structured-data; }"
all_conf "$scratch/udp-all.conf" "$udp_host"
all_conf "$scratch/tcp-all.conf" "$tcp_host"
conf "$scratch/udp.conf" "$udp_host"
conf "$scratch/tcp.conf" "$tcp_host"
conf "$scratch/local.conf" "host local { services any; class session-logs; file $scratch/local.log; }"

# replay_check LABEL CAPTURE CONF FORMAT LOG SUMMARY-PATTERN [RULE-SET RULE ACCEPT-TERM REJECT-TERM]: `ams replay`
# of CAPTURE sends to the collector; the lines LOG received are those syslog_check.py expects of the records and
# the extensive listing.
replay_check() {
    label=$1
    local capture=$2 config=$3 form=$4 log=$5 pattern=$6
    shift 6
    local before
    before="$(lines "$log")"
    expect "$label: ams replay says what it sent" 0 "$pattern" \
        "$ams" replay "$capture" --config "$config" --no-expire --records "$scratch/records.jsonl" \
        show services sessions extensive
    cp "$scratch/out" "$scratch/extensive.txt"
    local sent
    sent="$(grep -oE 'syslog: [0-9]+ lines' "$scratch/err" | grep -oE '[0-9]+')"
    expect "$label: the collector received all ${sent:-?} lines" 0 "" received "$log" $((before + ${sent:-1}))
    tail -n +"$((before + 1))" "$log" >"$scratch/this.log"
    syslog_checks "$form" ams-test-1 "$scratch/this.log" "$scratch/records.jsonl" "$scratch/extensive.txt" "$@"
}

udp_sent="^ams: syslog: [0-9]+ lines sent to 127.0.0.1:$udp_port \\(udp\\), 0 dropped$"
tcp_sent="^ams: syslog: [0-9]+ lines sent to 127.0.0.1:$tcp_port \\(tcp, RFC 5424\\), 0 dropped$"
# The sample with its firewall (accepted, discarded, ALG children), then the real captures, everything accepted.
sample="$root/Samples/sample.pcap"
replay_check "udp/3164 sample.pcap" "$sample" "$scratch/udp.conf" 3164 "$scratch/udp.log" "$udp_sent"
replay_check "tcp/5424 sample.pcap" "$sample" "$scratch/tcp.conf" 5424 "$scratch/tcp.log" "$tcp_sent"
for capture in "$root"/Tests/EndToEndTests/Captures/*.pcap "$root"/Tests/EndToEndTests/Captures/*.pcapng; do
    [[ -f $capture ]] || continue
    name="$(basename "$capture")"
    replay_check "udp/3164 $name" "$capture" "$scratch/udp-all.conf" 3164 "$scratch/udp.log" "$udp_sent" \
        rs1 all-in everything -
    replay_check "tcp/5424 $name" "$capture" "$scratch/tcp-all.conf" 5424 "$scratch/tcp.log" "$tcp_sent" \
        rs1 all-in everything -
done

# host local: a file, session lines only.
label="host local"
expect "host local: ams replay writes the file" 0 "^ams: syslog: 22 lines written to $scratch/local.log, 0 dropped$" \
    "$ams" replay "$root/Samples/sample.pcap" --config "$scratch/local.conf" --no-expire --records "$scratch/records.jsonl"
no_sfw() { ! grep -q SFW "$scratch/local.log"; }
expect "host local: no SFW line without class stateful-firewall-logs" 0 "" no_sfw
syslog_checks 3164 ams-test-1 "$scratch/local.log" "$scratch/records.jsonl" -

# A collector that is down: TCP to a closed port drops and counts, and ams replay does not hang.
closed_port="$(free_port SOCK_STREAM)"
conf "$scratch/down.conf" "host 127.0.0.1 { port $closed_port; transport tcp; }"
expect "a TCP collector that is down: lines dropped and counted, the replay ends" 0 \
    "^ams: syslog: 0 lines sent to 127.0.0.1:$closed_port \(tcp\), [1-9][0-9]* dropped" \
    timeout 20 "$ams" replay "$root/Samples/sample.pcap" --config "$scratch/down.conf" show services sessions count

# start_daemon NAME PORT: `ams run --replay` of the sample, its configuration ($scratch/NAME.conf) logging
# session-logs to 127.0.0.1:PORT; its socket, records and log named after NAME; its process in $daemon.
start_daemon() {
    conf "$scratch/$1.conf" "host 127.0.0.1 { class session-logs; port $2; }"
    "$ams" run --config "$scratch/$1.conf" --replay "$root/Samples/sample.pcap" --as-fast-as-possible \
        --socket "$scratch/$1.sock" --records "$scratch/$1.jsonl" 2>"$scratch/$1.err" &
    daemon=$!
    daemons+=($daemon)
}

# The daemon: ams run --replay sends them too (the sessions still open end by shutdown when it stops).
label="ams run"
start_daemon daemon "$daemon_port"
expect "ams run --replay replays the capture" 0 "" wait_for '^ams run: end of capture' "$scratch/daemon.err"
kill -TERM "$daemon"
stopped() {
    for _ in $(seq 100); do kill -0 "$daemon" 2>/dev/null || break; sleep 0.1; done
    grep -Eq "^ams run: syslog: 22 lines sent to 127.0.0.1:$daemon_port \(udp\), 0 dropped$" "$scratch/daemon.err" \
        || { cat "$scratch/daemon.err" >&2; return 1; }
}
expect "ams run stops and says it sent 22 lines" 0 "" stopped
expect "ams run: the collector received them" 0 "" received "$scratch/daemon.log" 22
syslog_checks 3164 ams-test-1 "$scratch/daemon.log" "$scratch/daemon.jsonl" -

# A reload puts the new configuration's exporters in place (README, Syslog): the daemon logs to one host,
# then reloads a configuration that logs to another and puts a service set before ss1 (so ss1's index
# changes); the sessions cleared after it are logged to the new host only, and --records names them ss1.
label="reload"
start_daemon reload "$before_port"
expect "ams run --replay replays the capture" 0 "" wait_for '^ams run: end of capture' "$scratch/reload.err"
conf "$scratch/reload-b.conf" "host 127.0.0.1 { class session-logs; port $after_port; }"
python3 - "$scratch/reload-b.conf" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
text = text.replace("        unit 1 {\n            family inet;\n        }\n",
                    "        unit 1 {\n            family inet;\n        }\n        unit 2 {\n            family inet;\n        }\n", 1)
text = text.replace("    service-set ss1 {",
                    "    service-set aa0 {\n        interface-service {\n            service-interface ams0.2;\n        }\n    }\n    service-set ss1 {", 1)
open(path, "w").write(text)
PY
cp "$scratch/reload-b.conf" "$scratch/reload.conf"
reload_taken() {
    "$ams" request --socket "$scratch/reload.sock" system configuration reload >"$scratch/reload.out" &&
        grep -Eq "^Configuration reloaded: [0-9]+ sessions? kept, 0 ended$" "$scratch/reload.out" ||
        { cat "$scratch/reload.out" >&2; return 1; }
}
expect "the reload is taken" 0 "" reload_taken
retired() {
    wait_for "^ams run: syslog: [0-9]+ lines sent to 127.0.0.1:$before_port \(udp\), 0 dropped \(before the reload\)$" \
        "$scratch/reload.err"
}
expect "the old host's exporter says what it sent, before the reload" 0 "" retired
expect "the sessions held are cleared" 0 "" "$ams" clear --socket "$scratch/reload.sock" services sessions
expect "the new host gets their lines while the daemon runs" 0 "" wait_for ' cleared$' "$scratch/after.log"
kill -TERM "$daemon"
stopped() {
    for _ in $(seq 100); do kill -0 "$daemon" 2>/dev/null || return 0; sleep 0.1; done
    return 1
}
expect "ams run stops" 0 "" stopped
reload_checks() {
    local sent_before cleared
    sent_before=$(sed -n -E "s/^ams run: syslog: ([0-9]+) lines sent to 127.0.0.1:$before_port .*before the reload.*/\1/p" "$scratch/reload.err")
    cleared=$(grep -c '"reason":"cleared"' "$scratch/reload.jsonl")
    received "$scratch/before.log" "$sent_before" && received "$scratch/after.log" "$cleared" || return 1
    [[ $cleared -gt 0 && $(lines "$scratch/before.log") == "$sent_before" && $(lines "$scratch/after.log") == "$cleared" ]] \
        || { echo "before: $(lines "$scratch/before.log") of $sent_before; after: $(lines "$scratch/after.log") of $cleared" >&2; return 1; }
    # After the reload: only ss1's CLOSE lines, cleared; before it, none cleared.
    [[ $(grep -c '{ss1}JSERVICES_SESSION_CLOSE: .* cleared$' "$scratch/after.log") == "$cleared" ]] || return 1
    ! grep -q ' cleared$' "$scratch/before.log" || return 1
    # --records names the cleared sessions by the new configuration: ss1, not the service set now first.
    [[ $(grep '"reason":"cleared"' "$scratch/reload.jsonl" | grep -c '"service_set":"ss1"') == "$cleared" ]] || return 1
    grep -Eq "^ams run: records: [0-9]+ sessions written to $scratch/reload.jsonl, 0 records dropped$" "$scratch/reload.err"
}
expect "the new host gets the lines after the reload, the old one those before; records name ss1" 0 "" reload_checks

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
