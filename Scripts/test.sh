#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# The README's test command. Runs, in order:
#   1. as root: installs the test peers (Debian packages);
#   2. the unit and golden tests (`swift test`: deterministic, packet time, no sockets);
#   3. `ams` on the command line (exit statuses and messages), the daemon (`ams run --replay`, no root) and
#      what attaches to it (the socket, NETCONF, Prometheus `/metrics`), syslog to a real rsyslog on loopback,
#      IPFIX export to nfcapd, session records merged from shards (`ams show --sessions`, and loaded into a
#      private ClickHouse), and the interactive shell driven through a pseudo-terminal (tmux);
#   4. as root: the integration suite, which captures real traffic between network namespaces and
#      checks `ams replay` against tshark; then the live suite of `ams run` (Tests/Integration/live/live.sh:
#      real clients and servers across a kernel bridge or `ams run` in monitor and inline mode; its ams
#      checks print SKIP, not PASS, while this ams has no `run`);
#   5. as root: a short libFuzzer pass over the decoders, the engine and the ALG parsers (FUZZ_SECONDS, default 30).
# Exits non-zero if any part fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
is_root=0
[ "$(id -u)" = 0 ] && is_root=1

if [ "$is_root" = 1 ]; then "$root/Scripts/install-test-peers.sh"; fi

summary=()
# run_part NAME COMMAND…: runs one part, keeping its last line ("N passed, M failed", or swift test's
# closing line) for the summary; the part's own output goes by as it runs.
run_part() {
    local name=$1; shift
    local log status=0
    log="$(mktemp)"
    "$@" 2>&1 | tee "$log" || status=$?
    local last
    last="$(grep -E 'Test run with|[0-9]+ passed, [0-9]+ failed|fuzz.sh:' "$log" | tail -1)"
    rm -f "$log"
    summary+=("$name: ${last:-exit status $status}")
    return "$status"
}
finish() {
    echo
    echo "test.sh summary:"
    printf '  %s\n' "${summary[@]}"
}
trap finish EXIT

run_part swift-test swift test

swift build --product ams
swift build --product ams-tracegen  # the shell test's large capture
ams="$(swift build --show-bin-path)/ams"
run_part "cli" env AMS="$ams" "$root/Tests/Integration/cli.sh"
run_part "daemon" env AMS="$ams" "$root/Tests/Integration/daemon.sh"
run_part "netconf" env AMS="$ams" "$root/Tests/Integration/netconf.sh"
run_part "metrics" env AMS="$ams" "$root/Tests/Integration/metrics.sh"
run_part "syslog" env AMS="$ams" "$root/Tests/Integration/syslog.sh"
run_part "records" env AMS="$ams" "$root/Tests/Integration/records.sh"
run_part "clickhouse" env AMS="$ams" "$root/Tests/Integration/clickhouse.sh"
run_part "ipfix" env AMS="$ams" "$root/Tests/Integration/ipfix.sh"
if command -v tmux >/dev/null; then
    run_part "shell" env AMS="$ams" "$root/Tests/Integration/shell.sh"
else
    echo "test.sh: shell test skipped: tmux is not installed (Scripts/install-test-peers.sh installs it)" >&2
fi

if [ "$is_root" != 1 ]; then
    echo "test.sh: integration suite and fuzzing skipped: they need root (network namespaces, apt-get)" >&2
    exit 0
fi
run_part "integration" env AMS="$ams" "$root/Tests/Integration/run.sh"
run_part "live" env AMS="$ams" "$root/Tests/Integration/live/live.sh"
run_part "fuzzing" env FUZZ_SECONDS="${FUZZ_SECONDS:-30}" "$root/Scripts/fuzz.sh"
